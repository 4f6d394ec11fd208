/** 审计日志 for supervisors and administrators: GET /api/audit with filters and paging. */
import { useQuery } from '@tanstack/react-query';
import type { TEndpointQuery, TEndpointResponse } from '@xietong/core/api';
import { Button, Card, DatePicker, Form, Input, Result, Select, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi } from '../api/client';
import { foundationApi } from '../api/endpoints';
import { permissionsOf } from '../auth/permissions';
import { useCurrentUser } from '../auth/session';
import { ErrorAlert } from '../common/ErrorAlert';
import { fmtDateTime } from '../common/format';
import { useAgencies } from '../admin/use-agencies';
import { AUDIT_ACTIONS, type TAuditAction } from '@xietong/core';

type TQuery = TEndpointQuery<typeof foundationApi.audit>;
type TRow = TEndpointResponse<typeof foundationApi.audit>['items'][number];
type TFilter = { action?: string; outcome?: 'ok' | 'denied' | 'failed'; agencyId?: string; caseId?: string; range?: [Dayjs, Dayjs] };

const OUTCOME_COLOR = { ok: 'green', denied: 'orange', failed: 'red' } as const;

export default function AuditPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const [query, setQuery] = useState<TQuery>({ page: 1, pageSize: 20 });
  const allowed = permissionsOf(me).audit;
  const agencies = useAgencies();
  const audit = useQuery({
    queryKey: ['audit', query],
    queryFn: ({ signal }) => callApi(foundationApi.audit, { query, signal }),
    enabled: allowed,
    placeholderData: (p) => p,
  });
  if (!allowed) return <Result status="403" title={t('app.forbidden')} />;

  const apply = (f: TFilter) =>
    setQuery({
      page: 1,
      pageSize: Number(query.pageSize),
      action: f.action?.trim() || undefined,
      outcome: f.outcome,
      agencyId: f.agencyId,
      caseId: f.caseId?.trim() || undefined,
      from: f.range?.[0]?.startOf('day').format('YYYY-MM-DDTHH:mm:ssZ'),
      to: f.range?.[1]?.endOf('day').format('YYYY-MM-DDTHH:mm:ssZ'),
    });

  return (
    <div data-testid="audit">
      <Typography.Title level={3} style={{ marginTop: 0 }}>{t('audit.title')}</Typography.Title>
      <Card style={{ marginBottom: 12 }}>
        <Form<TFilter> layout="inline" onFinish={apply} onReset={() => setQuery({ page: 1, pageSize: query.pageSize })}>
          <Form.Item name="action" label={t('audit.action')}>
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              style={{ width: 200 }}
              options={(Object.keys(AUDIT_ACTIONS) as TAuditAction[]).map((a) => ({ value: a, label: `${AUDIT_ACTIONS[a]} (${a})` }))}
            />
          </Form.Item>
          <Form.Item name="outcome" label={t('audit.outcome')}>
            <Select allowClear style={{ width: 110 }} options={(['ok', 'denied', 'failed'] as const).map((o) => ({ value: o, label: t(`audit.outcomes.${o}`) }))} />
          </Form.Item>
          <Form.Item name="agencyId" label={t('audit.agency')}>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} style={{ width: 200 }} options={(agencies.data?.items ?? []).map((a) => ({ value: a.id, label: a.shortName }))} />
          </Form.Item>
          <Form.Item name="caseId" label={t('audit.caseId')}>
            <Input allowClear style={{ width: 150 }} />
          </Form.Item>
          <Form.Item name="range" label={t('common.dateRange')}>
            <DatePicker.RangePicker />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit">{t('common.search')}</Button>
          </Form.Item>
          <Form.Item>
            <Button htmlType="reset">{t('common.reset')}</Button>
          </Form.Item>
        </Form>
      </Card>
      <ErrorAlert error={audit.error} onRetry={() => void audit.refetch()} />
      <Table<TRow>
        rowKey="id"
        size="small"
        loading={audit.isFetching}
        dataSource={audit.data?.items ?? []}
        scroll={{ x: 1100 }}
        pagination={{
          current: Number(query.page),
          pageSize: Number(query.pageSize),
          total: audit.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t('common.total', { total }),
          onChange: (page, pageSize) => setQuery({ ...query, page, pageSize }),
        }}
        expandable={{
          expandedRowRender: (r) => <pre style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{JSON.stringify({ details: r.details, userAgent: r.userAgent, targetId: r.targetId, caseId: r.caseId }, null, 2)}</pre>,
        }}
        columns={[
          { title: t('audit.at'), dataIndex: 'at', width: 150, render: (v: string) => fmtDateTime(v) },
          { title: t('audit.user'), key: 'user', width: 160, render: (_, r) => (r.displayName ? `${r.displayName} (${r.username ?? ''})` : '—') },
          { title: t('audit.agency'), dataIndex: 'agencyName', width: 180, render: (v: string | null) => v ?? '—' },
          { title: t('audit.action'), dataIndex: 'action', width: 180, render: (v: string) => (
              <span title={v}>{AUDIT_ACTIONS[v as TAuditAction] ?? v} <Typography.Text type="secondary" style={{ fontSize: 12 }}>{v}</Typography.Text></span>
            ) },
          { title: t('audit.target'), key: 'target', render: (_, r) => (r.targetType ? `${r.targetType}${r.targetId ? ` ${r.targetId.slice(0, 8)}` : ''}` : '—') },
          { title: t('audit.outcome'), dataIndex: 'outcome', width: 80, render: (v: TRow['outcome']) => <Tag color={OUTCOME_COLOR[v]}>{t(`audit.outcomes.${v}`)}</Tag> },
          { title: t('audit.ip'), dataIndex: 'ip', width: 120, render: (v: string | null) => v ?? '—' },
        ]}
      />
    </div>
  );
}
