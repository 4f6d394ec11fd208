/**
 * 监督工作台 (issue 14): the 政法委 / procuratorate supervisor's running statutory periods, held
 * persons first, with 超期/临期 counts, filters, a drill-down to the case and the 督办 over a period
 * that ran out (GET /api/supervision/deadlines, POST /api/supervision/notices).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { supervisionApi, type TEndpointQuery, type TEndpointResponse } from '@xietong/core/api';
import { supervisionReach } from '@xietong/core/supervision';
import { Button, Card, Col, Form, Input, Modal, Row, Segmented, Select, Space, Statistic, Table, Tag, Typography, message } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { callApi } from '../api/client';
import { actorOf } from '../auth/permissions';
import { useCurrentUser } from '../auth/session';
import { DeadlineBadge } from '../common/DeadlineBadge';
import { ErrorAlert } from '../common/ErrorAlert';
import { processName, timerName } from '../processes/labels';

type TQuery = TEndpointQuery<typeof supervisionApi.listDeadlines>;
type TItem = TEndpointResponse<typeof supervisionApi.listDeadlines>['items'][number];

/** Whether the signed-in user supervises (the server decides; this hides what it would refuse). */
export function useIsSupervisor(): boolean {
  return supervisionReach(actorOf(useCurrentUser())).kind !== 'none';
}

export function SupervisionPanel() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [status, setStatus] = useState<'all' | 'dueSoon' | 'overdue'>('overdue');
  const [kind, setKind] = useState<'custody' | 'process' | undefined>();
  const [pages, setPages] = useState<string[]>([]);
  const [notice, setNotice] = useState<TItem | null>(null);
  const after = pages.at(-1);
  const query: TQuery = { status, limit: 15, ...(kind ? { kind } : {}), ...(after ? { after } : {}) };
  const list = useQuery({
    queryKey: ['supervision', query],
    queryFn: ({ signal }) => callApi(supervisionApi.listDeadlines, { query, signal }),
    placeholderData: (p) => p,
  });
  const counts = list.data?.counts;
  const capped = (n: number | undefined) => (n === undefined ? '—' : list.data?.countsCapped && n >= 1000 ? '1000+' : n);
  const filter = (s: typeof status) => { setStatus(s); setPages([]); };

  return (
    <div data-testid="supervision">
      <Row gutter={16} style={{ marginBottom: 16 }}>
        {([
          ['overdue', t('supervision.overdue'), counts?.overdue, '#cf1322'],
          ['dueSoon', t('supervision.dueSoon'), counts?.dueSoon, '#d46b08'],
          ['custodyOverdue', t('supervision.custodyOverdue'), counts?.custodyOverdue, '#a8071a'],
        ] as const).map(([key, label, value, color]) => (
          <Col span={8} key={key}>
            <Card hoverable data-testid={`supervision-count-${key}`} onClick={() => { filter(key === 'dueSoon' ? 'dueSoon' : 'overdue'); setKind(key === 'custodyOverdue' ? 'custody' : undefined); }}>
              <Statistic title={label} value={capped(value)} loading={list.isPending} styles={{ content: { color } }} />
            </Card>
          </Col>
        ))}
      </Row>
      <Card
        title={t('supervision.title')}
        extra={
          <Space wrap>
            <Segmented<typeof status>
              value={status}
              onChange={filter}
              options={[{ value: 'overdue', label: t('supervision.overdue') }, { value: 'dueSoon', label: t('supervision.dueSoon') }, { value: 'all', label: t('supervision.all') }]}
            />
            <Select
              allowClear
              style={{ width: 140 }}
              placeholder={t('supervision.kind')}
              value={kind}
              onChange={(v) => { setKind(v); setPages([]); }}
              options={[{ value: 'custody', label: t('supervision.kinds.custody') }, { value: 'process', label: t('supervision.kinds.process') }]}
            />
          </Space>
        }
      >
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
        <Table<TItem>
          rowKey={(r) => `${r.kind}:${r.id}`}
          size="small"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          pagination={false}
          scroll={{ x: 1200 }}
          columns={[
            {
              title: t('supervision.case'), key: 'case', width: 260,
              render: (_, r) => (
                <Space direction="vertical" size={0}>
                  <Link to={r.instanceId ? `/cases/${r.caseId}?instance=${r.instanceId}` : `/cases/${r.caseId}`}>{r.caseTitle}</Link>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.caseNumber ?? ''}</Typography.Text>
                </Space>
              ),
            },
            {
              title: t('supervision.what'), key: 'what', width: 220,
              render: (_, r) => r.kind === 'custody'
                ? <Space size={4}><Tag color="magenta">{t('supervision.kinds.custody')}</Tag>{r.personName}</Space>
                : <span>{processName(r.process ?? '', r.processName ?? '', lang)}{r.stateName ? ` · ${r.stateName}` : ''}</span>,
            },
            {
              title: t('supervision.deadline'), key: 'deadline', width: 300,
              render: (_, r) => <DeadlineBadge due={r.due} status={r.status} name={r.kind === 'process' ? timerName(r.deadlineName, lang, r.process ?? undefined) : r.deadlineName} />,
            },
            { title: t('supervision.responsible'), key: 'agency', width: 180, render: (_, r) => r.responsibleAgency?.name ?? '—' },
            { title: t('supervision.handler'), key: 'handler', width: 100, render: (_, r) => r.handler?.name ?? '—' },
            {
              title: t('supervision.notice'), key: 'notice', width: 120, fixed: 'right',
              render: (_, r) => r.openNoticeId
                ? <Tag color="blue">{t('supervision.noticeSent')}</Tag>
                : r.status === 'overdue'
                  ? <Button size="small" danger onClick={() => setNotice(r)} data-testid="send-notice">{t('supervision.send')}</Button>
                  : null,
            },
          ]}
        />
        <Space style={{ marginTop: 12 }}>
          <Button disabled={!pages.length} onClick={() => setPages(pages.slice(0, -1))}>{t('supervision.prev')}</Button>
          <Button disabled={!list.data?.next} onClick={() => list.data?.next && setPages([...pages, list.data.next])}>{t('supervision.next')}</Button>
        </Space>
      </Card>
      {notice ? <NoticeDialog item={notice} onClose={() => setNotice(null)} /> : null}
    </div>
  );
}

function NoticeDialog({ item, onClose }: { item: TItem; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ reason: string }>();
  const send = useMutation({
    mutationFn: (reason: string) => callApi(supervisionApi.sendNotice, { body: { deadline: { kind: item.kind, id: item.id }, reason } }),
    onSuccess: () => { void message.success(t('supervision.sentOk')); void qc.invalidateQueries({ queryKey: ['supervision'] }); onClose(); },
  });
  return (
    <Modal
      open
      title={t('supervision.sendTitle', { title: item.caseTitle })}
      okText={t('supervision.send')}
      onOk={() => void form.validateFields().then((v) => send.mutate(v.reason))}
      confirmLoading={send.isPending}
      onCancel={onClose}
    >
      <Typography.Paragraph>
        {t('supervision.sendWhat', { name: item.personName ? `${item.personName} · ${item.deadlineName}` : item.deadlineName, due: item.due, agency: item.responsibleAgency?.name ?? '—' })}
      </Typography.Paragraph>
      <ErrorAlert error={send.error} />
      <Form form={form} layout="vertical" initialValues={{ reason: t('supervision.defaultReason') }}>
        <Form.Item name="reason" label={t('supervision.reason')} rules={[{ required: true, message: t('supervision.reasonRequired') }]}>
          <Input.TextArea rows={4} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
