/**
 * 案件列表: search by number, name, ID number (one box), charge, stage, agency, date range and
 * deadline status; the filters live in the URL so Back returns to the same result.
 */
import { useQuery } from '@tanstack/react-query';
import { ClassificationTag } from '../common/ClassificationTag';
import { CHARGES, type TChargeCode } from '@xietong/core/charges';
import { AGENCY_STAGES } from '@xietong/core/cases';
import type { TEndpointQuery, TEndpointResponse } from '@xietong/core/api';
import { Button, Card, DatePicker, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { callApi } from '../api/client';
import { caseApi } from '../api/endpoints';
import { useAgencies } from '../admin/use-agencies';
import { permissionsOf } from '../auth/permissions';
import { useCurrentUser } from '../auth/session';
import { DeadlineBadge } from '../common/DeadlineBadge';
import { ErrorAlert } from '../common/ErrorAlert';
import { fmtDate, fmtDateTime } from '../common/format';
import { pick } from '../i18n';
import { chargeName, stageName, timerName } from '../processes/labels';

type TQuery = TEndpointQuery<typeof caseApi.listCases>;
type TRow = TEndpointResponse<typeof caseApi.listCases>['items'][number];
type TFilter = { q?: string; charge?: string; stage?: string; agencyId?: string; range?: [Dayjs, Dayjs]; deadline?: 'dueSoon' | 'overdue' };
const FILTER_KEYS = ['q', 'charge', 'stage', 'agencyId', 'from', 'to', 'deadline'] as const;
type TSort = 'deadline' | 'updated';

export function chargeOptions(lang: string) {
  return (Object.keys(CHARGES) as TChargeCode[]).map((c) => ({
    value: c,
    label: `${pick(CHARGES[c], lang)}（${lang === 'en-US' ? 'Art.' : '第'}${CHARGES[c].article}${lang === 'en-US' ? '' : '条'}）`,
  }));
}

export default function CaseListPage() {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const [sp, setSp] = useSearchParams();
  const agencies = useAgencies();
  const query: TQuery = {
    page: Number(sp.get('page') ?? 1) || 1,
    pageSize: Number(sp.get('pageSize') ?? 20) || 20,
    ...Object.fromEntries(FILTER_KEYS.map((k) => [k, sp.get(k) ?? undefined])),
    // nearest statutory deadline first unless the user asks for the latest updated
    sort: (sp.get('sort') === 'updated' ? 'updated' : 'deadline') satisfies TSort,
  } as TQuery;
  const cases = useQuery({
    queryKey: ['cases', query],
    queryFn: ({ signal }) => callApi(caseApi.listCases, { query, signal }),
    placeholderData: (p) => p,
  });
  const apply = (f: TFilter) => {
    const next = new URLSearchParams();
    const v: Record<string, string | undefined> = {
      q: f.q?.trim() || undefined,
      charge: f.charge,
      stage: f.stage,
      agencyId: f.agencyId,
      from: f.range?.[0]?.format('YYYY-MM-DD'),
      to: f.range?.[1]?.format('YYYY-MM-DD'),
      deadline: f.deadline,
      sort: sp.get('sort') ?? undefined,
      pageSize: sp.get('pageSize') ?? undefined,
    };
    for (const [k, x] of Object.entries(v)) if (x) next.set(k, x);
    setSp(next);
  };
  const initial: TFilter = {
    q: query.q,
    charge: query.charge,
    stage: query.stage,
    agencyId: query.agencyId,
    deadline: query.deadline,
    range: query.from && query.to ? [dayjs(query.from), dayjs(query.to)] : undefined,
  };
  return (
    <div data-testid="case-list">
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={3} style={{ marginTop: 0 }}>{t('cases.title')}</Typography.Title>
        {permissionsOf(me).createCase ? (
          <Link to="/cases/new"><Button type="primary" tabIndex={-1}>{t('nav.newCase')}</Button></Link>
        ) : null}
      </Space>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Form<TFilter> layout="inline" key={sp.toString()} initialValues={initial} onFinish={apply} onReset={() => setSp(new URLSearchParams())} style={{ rowGap: 8 }}>
          <Form.Item name="q" label={t('cases.q')}>
            <Input allowClear style={{ width: 220 }} data-testid="case-search" />
          </Form.Item>
          <Form.Item name="charge" label={t('cases.charge')}>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} style={{ width: 200 }} options={chargeOptions(i18n.language)} />
          </Form.Item>
          <Form.Item name="stage" label={t('cases.stage')}>
            <Select allowClear style={{ width: 150 }} options={Object.entries(AGENCY_STAGES).map(([k, v]) => ({ value: k, label: pick(v, i18n.language) }))} />
          </Form.Item>
          <Form.Item name="agencyId" label={t('cases.agency')}>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} style={{ width: 200 }} options={(agencies.data?.items ?? []).map((a) => ({ value: a.id, label: a.shortName }))} />
          </Form.Item>
          <Form.Item name="range" label={t('cases.occurred')}>
            <DatePicker.RangePicker style={{ width: 240 }} />
          </Form.Item>
          <Form.Item name="deadline" label={t('cases.deadlineStatus')}>
            <Select allowClear style={{ width: 110 }} options={(['dueSoon', 'overdue'] as const).map((d) => ({ value: d, label: t(`deadline.${d}`) }))} />
          </Form.Item>
          <Form.Item label={t('inbox.sort')}>
            <Select<TSort>
              value={query.sort as TSort}
              style={{ width: 130 }}
              data-testid="case-sort"
              onChange={(v) => {
                const next = new URLSearchParams(sp);
                next.set('sort', v);
                next.delete('page');
                setSp(next);
              }}
              options={[
                { value: 'deadline', label: t('inbox.sortDue') },
                { value: 'updated', label: t('cases.sortUpdated') },
              ]}
            />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit">{t('common.search')}</Button>
              <Button htmlType="reset">{t('common.reset')}</Button>
            </Space>
          </Form.Item>
        </Form>
      </Card>
      <ErrorAlert error={cases.error} onRetry={() => void cases.refetch()} />
      <Table<TRow>
        rowKey="id"
        size="middle"
        loading={cases.isFetching}
        dataSource={cases.data?.items ?? []}
        scroll={{ x: 1180 }}
        pagination={{
          current: Number(query.page),
          pageSize: Number(query.pageSize),
          total: cases.data?.total ?? 0,
          showSizeChanger: true,
          // totals stop counting at 1000 (issue 13): "1000+ 条"
          showTotal: (total) => (cases.data?.totalCapped ? t('common.totalCapped', { total }) : t('common.total', { total })),
          onChange: (page, pageSize) => {
            const next = new URLSearchParams(sp);
            next.set('page', String(page));
            next.set('pageSize', String(pageSize));
            setSp(next);
          },
        }}
        columns={[
          // the 最近期限 column beside the case, both fixed left: visible at 1280 and 1366 px (issue 17)
          { title: t('cases.caseTitle'), dataIndex: 'title', width: 200, fixed: 'left', ellipsis: { showTitle: true }, render: (v: string, r) => <span><ClassificationTag level={r.classification} /><Link to={`/cases/${r.id}`}>{v}</Link></span> },
          {
            title: <span data-testid="deadline-column">{t('cases.nextDeadline')}</span>,
            dataIndex: 'nextDeadline',
            width: 210,
            fixed: 'left',
            // a long period name (要求复议期限, or any in English) wraps inside the column instead of running over 案号
            render: (d: TRow['nextDeadline']) => (d ? <div className="xt-deadline-cell" data-testid="next-deadline"><DeadlineBadge name={timerName(d.zh, i18n.language)} due={d.due} status={d.status} /></div> : '—'),
          },
          {
            title: t('cases.numbers'),
            key: 'numbers',
            width: 230,
            render: (_, r) => (
              <Space orientation="vertical" size={0}>
                {[r.numbers.police, r.numbers.procuratorate, r.numbers.court].filter(Boolean).map((n) => <Typography.Text key={n} style={{ fontSize: 12 }}>{n}</Typography.Text>)}
              </Space>
            ),
          },
          { title: t('cases.charge'), dataIndex: 'charges', width: 160, render: (cs: TRow['charges']) => cs.map((c) => <Tag key={c.code}>{chargeName(c.code, c.name, i18n.language)}</Tag>) },
          {
            title: t('cases.persons'),
            dataIndex: 'persons',
            width: 200,
            // a detained person with their custody deadline beside the name (CPL 91, 156 …); the others by name
            render: (ps: string[], r) => {
              const free = ps.filter((n) => !r.custody.some((h) => h.name === n));
              return (
                <div data-testid="case-persons">
                  {r.custody.map((h) => (
                    <div key={h.personId} data-testid="person-custody" title={timerName(h.zh, i18n.language)} className="xt-deadline-cell">
                      {h.name} <DeadlineBadge name={t('cases.held')} due={h.due} status={h.status} />
                    </div>
                  ))}
                  {free.length || !r.custody.length ? <div>{free.join(i18n.language === 'en-US' ? ', ' : '、') || '—'}</div> : null}
                </div>
              );
            },
          },
          { title: t('cases.stage'), dataIndex: 'stageName', width: 110, render: (v: string, r) => stageName(r.stage, v, i18n.language) },
          { title: t('cases.occurred'), dataIndex: 'occurredAt', width: 110, render: (v: string) => <span className="xt-nowrap" data-testid="case-occurred">{fmtDate(v)}</span> },
          { title: t('cases.updatedAt'), dataIndex: 'updatedAt', width: 140, render: (v: string) => <span className="xt-nowrap" data-testid="case-updated">{fmtDateTime(v)}</span> },
        ]}
      />
    </div>
  );
}
