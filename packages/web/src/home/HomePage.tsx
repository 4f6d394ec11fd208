/**
 * 工作台: what needs doing now (待办/临期/超期 from the inbox counts), the latest flows, and
 * shortcuts to the screens this user may open.
 */
import {
  AuditOutlined,
  BarChartOutlined,
  CalculatorOutlined,
  FileAddOutlined,
  FolderOpenOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { Alert, Button, Card, Col, Empty, List, Row, Skeleton, Space, Statistic, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { permissionsOf } from '../auth/permissions';
import { useCurrentUser } from '../auth/session';
import { DeadlineBadge } from '../common/DeadlineBadge';
import { ErrorAlert } from '../common/ErrorAlert';
import { fmtDateTime } from '../common/format';
import { useInbox } from '../inbox/use-inbox';
import { processName, stateName, timerName } from '../processes/labels';
import { SupervisionPanel, useIsSupervisor } from '../supervision/SupervisionPanel';

export function HomePage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const perms = permissionsOf(me);
  const navigate = useNavigate();
  const supervisor = useIsSupervisor();
  // the to-dos nearest their deadline first
  const todo = useInbox({ box: 'todo', pageSize: 6, sort: 'due' }, perms.inbox);
  const sent = useInbox({ box: 'sent', pageSize: 6, sort: 'at' }, perms.inbox);
  const counts = todo.data?.counts;

  const shortcuts: { key: string; to: string; icon: ReactNode; label: string; show: boolean }[] = [
    { key: 'new', to: '/cases/new', icon: <FileAddOutlined />, label: t('nav.newCase'), show: perms.createCase },
    { key: 'cases', to: '/cases', icon: <FolderOpenOutlined />, label: t('nav.cases'), show: perms.cases },
    { key: 'calc', to: '/deadlines', icon: <CalculatorOutlined />, label: t('nav.calculator'), show: true },
    { key: 'stats', to: '/stats', icon: <BarChartOutlined />, label: t('nav.stats'), show: perms.stats },
    { key: 'audit', to: '/audit', icon: <AuditOutlined />, label: t('nav.audit'), show: perms.audit },
    { key: 'admin', to: '/admin', icon: <TeamOutlined />, label: t('nav.admin'), show: perms.admin },
  ];

  return (
    <div data-testid="home">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('home.welcome', { name: me.displayName })}
      </Typography.Title>
      {!perms.cases ? <Alert type="info" showIcon title={t('home.adminHint')} style={{ marginBottom: 16 }} /> : null}
      {supervisor ? <SupervisionPanel /> : null}
      {perms.inbox ? (
        <>
          <ErrorAlert error={todo.error} onRetry={() => void todo.refetch()} />
          <Row gutter={16} style={{ marginBottom: 16 }}>
            {(
              [
                ['todo', t('home.todo'), counts?.todo, '/inbox?box=todo', undefined],
                ['dueSoon', t('home.dueSoon'), counts?.dueSoon, '/inbox?box=due', '#d46b08'],
                ['overdue', t('home.overdue'), counts?.overdue, '/inbox?box=due', '#cf1322'],
              ] as const
            ).map(([key, label, value, to, color]) => (
              <Col span={8} key={key}>
                <Card hoverable onClick={() => void navigate(to)} data-testid={`count-${key}`}>
                  {/* the server counts up to 1,000 (issue 13): a full count says so */}
                  <Link to={to} aria-label={`${label} ${value === undefined ? '' : value >= 1000 ? '1000+' : value}`} style={{ color: 'inherit' }}>
                    <Statistic title={label} value={value === undefined ? '—' : value >= 1000 ? '1000+' : value} loading={todo.isPending} styles={color ? { content: { color } } : undefined} />
                  </Link>
                </Card>
              </Col>
            ))}
          </Row>
          <Row gutter={16}>
            <Col xs={24} lg={12}>
              <FlowList title={t('home.recent')} q={todo} more="/inbox?box=todo" />
            </Col>
            <Col xs={24} lg={12}>
              <FlowList title={t('home.recentSent')} q={sent} more="/inbox?box=sent" />
            </Col>
          </Row>
        </>
      ) : null}
      <Card title={t('home.shortcuts')} style={{ marginTop: 16 }}>
        <Space wrap>
          {shortcuts.filter((s) => s.show).map((s) => (
            <Link key={s.key} to={s.to}>
              <Button icon={s.icon} tabIndex={-1}>{s.label}</Button>
            </Link>
          ))}
        </Space>
      </Card>
    </div>
  );
}

function FlowList({ title, q, more }: { title: string; q: ReturnType<typeof useInbox>; more: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <Card title={title} extra={<Link to={more}>{t('home.viewAll')}</Link>} styles={{ body: { paddingTop: 8 } }}>
      {q.isPending ? (
        <Skeleton active />
      ) : q.error ? (
        <ErrorAlert error={q.error} />
      ) : !q.data?.items.length ? (
        <Empty description={t('app.empty')} />
      ) : (
        <List
          size="small"
          dataSource={q.data.items}
          renderItem={(i) => (
            <List.Item
              extra={i.due ? <DeadlineBadge due={i.due} status={i.deadlineStatus} name={i.deadlineName ? timerName(i.deadlineName, lang, i.process) : null} /> : null}
            >
              <List.Item.Meta
                title={<Link to={`/cases/${i.caseId}?instance=${i.instanceId}`}>{i.caseTitle}</Link>}
                description={`${processName(i.process, i.processName, lang)} · ${stateName(i.process, i.state, i.stateName, lang)} · ${i.fromAgency} → ${i.toAgency} · ${fmtDateTime(i.at)}`}
              />
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
