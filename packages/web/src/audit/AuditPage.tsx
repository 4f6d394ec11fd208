/**
 * 审计日志 for supervisors and audit administrators: GET /api/audit with filters and paging; rows
 * name the case, person and action, expand into what happened in words, and export as CSV.
 */
import { useQuery } from '@tanstack/react-query';
import type { TEndpointQuery, TEndpointResponse } from '@xietong/core/api';
import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Form, Input, Result, Select, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { buildQuery, callApi } from '../api/client';
import { foundationApi } from '../api/endpoints';
import { permissionsOf } from '../auth/permissions';
import { useCurrentUser } from '../auth/session';
import { ErrorAlert } from '../common/ErrorAlert';
import { fmtDateTime } from '../common/format';
import { useAgencies } from '../admin/use-agencies';
import { AUDIT_ACTIONS, auditActionLabel, type TAuditAction } from '@xietong/core';
import { pick } from '../i18n';

type TQuery = TEndpointQuery<typeof foundationApi.audit>;
type TRow = TEndpointResponse<typeof foundationApi.audit>['items'][number];
type TFilter = { action?: string; outcome?: 'ok' | 'denied' | 'failed'; agencyId?: string; q?: string; person?: string; range?: [Dayjs, Dayjs] };

const OUTCOME_COLOR = { ok: 'green', denied: 'orange', failed: 'red' } as const;

export default function AuditPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
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
      q: f.q?.trim() || undefined,
      person: f.person?.trim() || undefined,
      // whole days in Beijing time (the server reads YYYY-MM-DD so)
      from: f.range?.[0]?.format('YYYY-MM-DD'),
      to: f.range?.[1]?.format('YYYY-MM-DD'),
    });
  const { page: _page, pageSize: _size, ...filter } = query;
  const exportUrl = `/api/audit/export${buildQuery(filter as Record<string, unknown>)}`;

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
              options={(Object.keys(AUDIT_ACTIONS) as TAuditAction[]).map((a) => ({ value: a, label: pick(auditActionLabel(a), lang) }))}
            />
          </Form.Item>
          <Form.Item name="outcome" label={t('audit.outcome')}>
            <Select allowClear style={{ width: 110 }} options={(['ok', 'denied', 'failed'] as const).map((o) => ({ value: o, label: t(`audit.outcomes.${o}`) }))} />
          </Form.Item>
          <Form.Item name="agencyId" label={t('audit.agency')}>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} style={{ width: 200 }} options={(agencies.data?.items ?? []).map((a) => ({ value: a.id, label: a.shortName }))} />
          </Form.Item>
          <Form.Item name="q" label={t('audit.case')}>
            <Input allowClear style={{ width: 180 }} placeholder={t('audit.q')} data-testid="audit-q" />
          </Form.Item>
          <Form.Item name="person" label={t('audit.person')}>
            <Input allowClear style={{ width: 120 }} />
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
          <Form.Item>
            <a href={exportUrl} download data-testid="audit-export"><Button icon={<DownloadOutlined />} tabIndex={-1}>{t('audit.export')}</Button></a>
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
          expandedRowRender: (r) => (
            <ul style={{ margin: 0, paddingInlineStart: 20 }} data-testid="audit-description">
              {r.description.map((d, i) => <li key={i}>{pick(d, lang)}</li>)}
              {r.userAgent ? <li><Typography.Text type="secondary">{r.userAgent}</Typography.Text></li> : null}
            </ul>
          ),
        }}
        columns={[
          { title: t('audit.at'), dataIndex: 'at', width: 150, render: (v: string) => fmtDateTime(v) },
          { title: t('audit.user'), key: 'user', width: 160, render: (_, r) => (r.displayName ? `${r.displayName} (${r.username ?? ''})` : '—') },
          { title: t('audit.agency'), dataIndex: 'agencyName', width: 180, render: (v: string | null) => v ?? '—' },
          { title: t('audit.action'), dataIndex: 'action', width: 200, render: (v: string, r) => <span title={v}>{pick(r.actionLabel, lang)}</span> },
          { title: t('audit.case'), key: 'case', render: (_, r) => (r.caseTitle ? (
              <span>{r.caseTitle} <Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.caseNumber ?? ''}</Typography.Text></span>
            ) : '—') },
          { title: t('audit.outcome'), dataIndex: 'outcome', width: 80, render: (v: TRow['outcome']) => <Tag color={OUTCOME_COLOR[v]}>{t(`audit.outcomes.${v}`)}</Tag> },
          { title: t('audit.ip'), dataIndex: 'ip', width: 120, render: (v: string | null) => v ?? '—' },
        ]}
      />
    </div>
  );
}
