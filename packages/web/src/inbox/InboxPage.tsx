/**
 * 待办 / 已办 / 已发 / 临期超期: filters, sorting and paging on the server; 一键接收 fires the
 * `accept` action of a flow sent to us and opens its case card.
 */
import type { TEndpointResponse } from '@xietong/core/api';
import { App, Button, Card, Form, Input, Select, Table, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { processApi } from '../api/endpoints';
import { DeadlineBadge } from '../common/DeadlineBadge';
import { ErrorAlert } from '../common/ErrorAlert';
import { fmtDateTime } from '../common/format';
import { pick } from '../i18n';
import { useAct, useCatalogue } from '../processes/use-processes';
import { useInbox, type TInboxQuery } from './use-inbox';
import { processName, stateName, timerName } from '../processes/labels';

type TItem = TEndpointResponse<typeof processApi.inbox>['items'][number];
const BOXES = ['todo', 'done', 'sent', 'due'] as const;
type TBox = (typeof BOXES)[number];

export default function InboxPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [sp, setSp] = useSearchParams();
  const box = (BOXES as readonly string[]).includes(sp.get('box') ?? '') ? (sp.get('box') as TBox) : 'todo';
  const query: TInboxQuery = {
    box,
    page: Number(sp.get('page') ?? 1) || 1,
    pageSize: Number(sp.get('pageSize') ?? 20) || 20,
    // work is listed nearest deadline first unless the user asks for the latest
    sort: sp.get('sort') === 'at' ? 'at' : 'due',
    process: sp.get('process') ?? undefined,
    q: sp.get('q') ?? undefined,
  };
  const inbox = useInbox(query);
  const catalogue = useCatalogue();
  const act = useAct();
  const update = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(sp);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, v);
    }
    setSp(next, { replace: false });
  };

  const accept = (item: TItem) =>
    act.mutate(
      { instanceId: item.instanceId, body: { action: 'accept', input: {}, documents: [] } },
      {
        onSuccess: () => {
          void message.success(t('inbox.accepted'));
          void navigate(`/cases/${item.caseId}?instance=${item.instanceId}`);
        },
      },
    );

  return (
    <div data-testid="inbox">
      <Typography.Title level={3} style={{ marginTop: 0 }}>{t('inbox.title')}</Typography.Title>
      <Tabs
        activeKey={box}
        onChange={(k) => update({ box: k, page: undefined })}
        items={BOXES.map((b) => ({
          key: b,
          label: (
            <span data-testid={`tab-${b}`}>
              {t(`inbox.box.${b}`)}
              {b === 'todo' && inbox.data ? ` (${inbox.data.counts.todo >= 1000 ? '1000+' : inbox.data.counts.todo})` : ''}
              {b === 'due' && inbox.data ? ` (${inbox.data.counts.dueSoon >= 1000 || inbox.data.counts.overdue >= 1000 ? '1000+' : inbox.data.counts.dueSoon + inbox.data.counts.overdue})` : ''}
            </span>
          ),
        }))}
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Form
          layout="inline"
          key={`${box}-${query.q ?? ''}-${query.process ?? ''}`}
          initialValues={{ q: query.q, process: query.process }}
          onFinish={(v: { q?: string; process?: string }) => update({ q: v.q?.trim(), process: v.process, page: undefined })}
        >
          <Form.Item name="q" label={t('inbox.q')}>
            <Input allowClear style={{ width: 220 }} />
          </Form.Item>
          <Form.Item name="process" label={t('inbox.process')}>
            <Select
              allowClear
              style={{ width: 240 }}
              loading={catalogue.isPending}
              options={(catalogue.data?.items ?? []).map((p) => ({ value: p.code, label: `${p.ref} ${pick({ zh: p.name, en: p.nameEn }, i18n.language)}` }))}
            />
          </Form.Item>
          <Form.Item label={t('inbox.sort')}>
            <Select
              value={query.sort}
              style={{ width: 130 }}
              onChange={(v) => update({ sort: v })}
              options={[
                { value: 'at', label: t('inbox.sortAt') },
                { value: 'due', label: t('inbox.sortDue') },
              ]}
            />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit">{t('common.search')}</Button>
          </Form.Item>
        </Form>
      </Card>
      <ErrorAlert error={inbox.error} onRetry={() => void inbox.refetch()} />
      <ErrorAlert error={act.error} />
      <Table<TItem>
        rowKey="id"
        size="middle"
        loading={inbox.isFetching}
        dataSource={inbox.data?.items ?? []}
        // 1120 px fits the content width at 1366 (menu and margins aside): no column under the fixed 操作
        scroll={{ x: 1120 }}
        pagination={{
          current: Number(query.page),
          pageSize: Number(query.pageSize),
          total: inbox.data?.total ?? 0,
          showSizeChanger: true,
          // totals stop counting at 1000 (issue 13): "1000+ 条"
          showTotal: (total) => (inbox.data?.totalCapped ? t('common.totalCapped', { total }) : t('common.total', { total })),
          onChange: (page, pageSize) => update({ page: String(page), pageSize: String(pageSize) }),
        }}
        // the 期限 column sits beside the case, both fixed left: never under the fixed 操作 column,
        // visible at 1280 and 1366 px without scrolling sideways (issue 17)
        columns={[
          {
            title: t('inbox.caseTitle'),
            dataIndex: 'caseTitle',
            width: 180,
            fixed: 'left',
            ellipsis: { showTitle: true },
            render: (v: string, r) => <Link to={`/cases/${r.caseId}?instance=${r.instanceId}`}>{v}</Link>,
          },
          {
            title: <span data-testid="deadline-column">{t('inbox.deadline')}</span>,
            key: 'due',
            width: 190,
            fixed: 'left',
            // a long period name wraps inside the column instead of running over 流程
            render: (_, r) => (r.due ? <div className="xt-deadline-cell"><DeadlineBadge due={r.due} status={r.deadlineStatus} name={r.deadlineName ? timerName(r.deadlineName, i18n.language, r.process) : null} /></div> : '—'),
          },
          { title: t('inbox.process'), dataIndex: 'processName', width: 150, ellipsis: { showTitle: true }, render: (v: string, r) => <span data-testid="inbox-process">{processName(r.process, v, i18n.language)}</span> },
          { title: t('inbox.state'), dataIndex: 'stateName', width: 110, ellipsis: { showTitle: true }, render: (v: string, r) => <span data-testid="inbox-state">{stateName(r.process, r.state, v, i18n.language)}</span> },
          { title: t('inbox.from'), dataIndex: 'fromAgency', width: 130, ellipsis: { showTitle: true } },
          { title: t('inbox.toAgency'), dataIndex: 'toAgency', width: 130, ellipsis: { showTitle: true } },
          { title: t('inbox.at'), dataIndex: 'at', width: 140, render: (v: string) => <span className="xt-nowrap">{fmtDateTime(v)}</span> },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 90,
            fixed: 'right',
            render: (_, r) =>
              box === 'todo' && r.state === 'SENT' ? (
                <Button
                  type="primary"
                  size="small"
                  loading={act.isPending && act.variables?.instanceId === r.instanceId}
                  disabled={act.isPending}
                  onClick={() => accept(r)}
                  data-testid="accept-button"
                >
                  {t('inbox.accept')}
                </Button>
              ) : (
                <Link to={`/cases/${r.caseId}?instance=${r.instanceId}`}>{t('common.open')}</Link>
              ),
          },
        ]}
      />
    </div>
  );
}
