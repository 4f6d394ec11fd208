/**
 * 统计分析: GET /api/stats/flows (the server scopes it to what the user may see), drawn as bar
 * and line charts with the numbers in a table beside them.
 */
import { useQuery } from '@tanstack/react-query';
import type { TEndpointQuery, TEndpointResponse } from '@xietong/core/api';
import { Button, Card, Col, DatePicker, Empty, Form, Row, Skeleton, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi } from '../api/client';
import { processApi } from '../api/endpoints';
import { ErrorAlert } from '../common/ErrorAlert';
import { EChart, type TChartOption } from './EChart';
import { ChainStats } from './ChainStats';

type TStats = TEndpointResponse<typeof processApi.flowStats>;
type TQuery = TEndpointQuery<typeof processApi.flowStats>;

export default function StatsPage() {
  const { t } = useTranslation();
  const [query, setQuery] = useState<TQuery>({});
  const stats = useQuery({
    queryKey: ['stats', query],
    queryFn: ({ signal }) => callApi(processApi.flowStats, { query, signal }),
    placeholderData: (p) => p,
  });
  const charts = useMemo(() => (stats.data ? buildCharts(stats.data, t) : null), [stats.data, t]);

  return (
    <div data-testid="stats">
      <Typography.Title level={3} style={{ marginTop: 0 }}>{t('stats.title')}</Typography.Title>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Form
          layout="inline"
          onFinish={(v: { range?: [Dayjs, Dayjs] }) => setQuery({ from: v.range?.[0]?.format('YYYY-MM-DD'), to: v.range?.[1]?.format('YYYY-MM-DD') })}
        >
          <Form.Item name="range" label={t('common.dateRange')}>
            <DatePicker.RangePicker disabledDate={(d) => d.isAfter(dayjs().endOf('day'))} />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" loading={stats.isFetching}>{t('common.search')}</Button>
          </Form.Item>
          {stats.data ? (
            <Typography.Text type="secondary">
              {stats.data.from} — {stats.data.to}
            </Typography.Text>
          ) : null}
        </Form>
      </Card>
      <ChainStats from={query.from} to={query.to} />
      <ErrorAlert error={stats.error} onRetry={() => void stats.refetch()} />
      {stats.isPending ? <Skeleton active paragraph={{ rows: 10 }} /> : null}
      {charts ? (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={12}>
            <Card size="small" title={t('stats.byAgency')}>
              {charts.byAgency ? <EChart option={charts.byAgency} label={t('stats.byAgency')} testId="chart-agency" /> : <Empty description={t('app.empty')} />}
            </Card>
          </Col>
          <Col xs={24} xl={12}>
            <Card size="small" title={t('stats.byMonth')}>
              {charts.byMonth ? <EChart option={charts.byMonth} label={t('stats.byMonth')} testId="chart-month" /> : <Empty description={t('app.empty')} />}
            </Card>
          </Col>
          <Col xs={24} xl={12}>
            <Card size="small" title={t('stats.byCharge')}>
              {charts.byCharge ? <EChart option={charts.byCharge} label={t('stats.byCharge')} testId="chart-charge" /> : <Empty description={t('app.empty')} />}
            </Card>
          </Col>
          <Col xs={24} xl={12}>
            <Card size="small" title={t('stats.table')}>
              <Table
                size="small"
                rowKey={(r) => `${r.agencyId}-${r.process}`}
                dataSource={stats.data?.rows ?? []}
                pagination={{ pageSize: 8 }}
                columns={[
                  { title: t('stats.agency'), dataIndex: 'agencyName' },
                  { title: t('stats.process'), dataIndex: 'processName' },
                  { title: t('stats.sent'), dataIndex: 'sent', width: 64, sorter: (a, b) => a.sent - b.sent },
                  { title: t('stats.received'), dataIndex: 'received', width: 64, sorter: (a, b) => a.received - b.received },
                  { title: t('stats.decided'), dataIndex: 'decided', width: 64, sorter: (a, b) => a.decided - b.decided },
                ]}
              />
            </Card>
          </Col>
          <Col xs={24}>
            <Card size="small" title={t('stats.branches')}>
              <Table
                size="small"
                rowKey="agencyId"
                dataSource={stats.data?.branches ?? []}
                pagination={{ pageSize: 8 }}
                columns={[
                  { title: t('stats.agency'), dataIndex: 'agencyName' },
                  { title: t('stats.pleaRate'), key: 'plea', render: (_, r) => ratio(r.pleaIndicted, r.indicted, r.pleaRate) },
                  { title: t('stats.fastTrackShare'), key: 'fast', render: (_, r) => ratio(r.fastTrack, r.trialsAccepted, r.fastTrackShare) },
                  { title: t('stats.adoptionRate'), key: 'adopted', render: (_, r) => ratio(r.recommendationsAdopted, r.recommendationsDecided, r.adoptionRate) },
                ]}
              />
            </Card>
          </Col>
        </Row>
      ) : null}
    </div>
  );
}

/** 'n / N (p%)', or '—' when nothing was counted. */
function ratio(part: number, whole: number, rate: number | null): string {
  return rate === null ? '—' : `${part} / ${whole}（${(rate * 100).toFixed(1)}%）`;
}

function buildCharts(s: TStats, t: (k: 'stats.sent' | 'stats.received' | 'stats.decided' | 'stats.count') => string) {
  const agencies = new Map<string, { name: string; sent: number; received: number; decided: number }>();
  for (const r of s.rows) {
    const a = agencies.get(r.agencyId) ?? { name: r.agencyName, sent: 0, received: 0, decided: 0 };
    a.sent += r.sent;
    a.received += r.received;
    a.decided += r.decided;
    agencies.set(r.agencyId, a);
  }
  const agencyRows = [...agencies.values()].sort((a, b) => b.sent + b.received - (a.sent + a.received)).slice(0, 12);
  const byAgency: TChartOption | null = agencyRows.length
    ? {
        tooltip: { trigger: 'axis' },
        legend: { top: 0 },
        grid: { left: 8, right: 8, bottom: 8, top: 32, containLabel: true },
        xAxis: { type: 'category', data: agencyRows.map((a) => a.name), axisLabel: { interval: 0, rotate: 30, fontSize: 11 } },
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          { name: t('stats.sent'), type: 'bar', data: agencyRows.map((a) => a.sent) },
          { name: t('stats.received'), type: 'bar', data: agencyRows.map((a) => a.received) },
          { name: t('stats.decided'), type: 'bar', data: agencyRows.map((a) => a.decided) },
        ],
      }
    : null;

  const months = [...new Set(s.byMonth.map((m) => m.month))].sort();
  const processes = new Map<string, string>();
  for (const m of s.byMonth) processes.set(m.process, m.processName);
  const byMonth: TChartOption | null = months.length
    ? {
        tooltip: { trigger: 'axis' },
        legend: { top: 0, type: 'scroll' },
        grid: { left: 8, right: 8, bottom: 8, top: 40, containLabel: true },
        xAxis: { type: 'category', data: months },
        yAxis: { type: 'value', minInterval: 1 },
        series: [...processes].map(([code, name]) => ({
          name,
          type: 'line',
          smooth: true,
          data: months.map((mo) => s.byMonth.filter((m) => m.month === mo && m.process === code).reduce((n, m) => n + m.count, 0)),
        })),
      }
    : null;

  const charges = [...s.byCharge].sort((a, b) => a.count - b.count).slice(-12);
  const byCharge: TChartOption | null = charges.length
    ? {
        tooltip: { trigger: 'axis' },
        grid: { left: 8, right: 24, bottom: 8, top: 8, containLabel: true },
        xAxis: { type: 'value', minInterval: 1 },
        yAxis: { type: 'category', data: charges.map((c) => c.chargeName) },
        series: [{ name: t('stats.count'), type: 'bar', data: charges.map((c) => c.count) }],
      }
    : null;
  return { byAgency, byMonth, byCharge };
}
