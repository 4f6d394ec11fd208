/**
 * 全链条统计 (GET /api/stats/chain): the seed's table shape per agency, the funnel 立案 → 判决 →
 * 交付执行, days per stage and the rates; every figure opens the cases behind it
 * (GET /api/stats/chain/cases, only those the user may read); CSV and XLSX export.
 */
import { useQuery } from '@tanstack/react-query';
import type { TEndpointResponse } from '@xietong/core/api';
import { Button, Card, Col, Drawer, Empty, Row, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { callApi } from '../api/client';
import { analyticsApi } from '../api/endpoints';
import { ErrorAlert } from '../common/ErrorAlert';
import { EChart, type TChartOption } from './EChart';

type TChain = TEndpointResponse<typeof analyticsApi.chainStats>;
type TFigure = { milestone: TChain['funnel'][number]['milestone']; agencyId?: string; title: string };

export function ChainStats({ from, to }: { from?: string; to?: string }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const query = { ...(from ? { from } : {}), ...(to ? { to } : {}) };
  const stats = useQuery({ queryKey: ['chain-stats', query], queryFn: ({ signal }) => callApi(analyticsApi.chainStats, { query, signal }), placeholderData: (p) => p });
  const [figure, setFigure] = useState<TFigure | null>(null);
  const s = stats.data;
  const label = (n: { zh: string; en: string }) => (en ? n.en : n.zh);
  const exportHref = (format: 'csv' | 'xlsx') => `/api/stats/chain/export?${new URLSearchParams({ ...query, format }).toString()}`;
  const overall = s?.stages.filter((x) => x.agencyId === null) ?? [];

  const funnel: TChartOption | null = s ? {
    tooltip: { trigger: 'item' },
    series: [{ type: 'funnel', sort: 'none', left: '10%', width: '80%', label: { formatter: '{b}: {c}' }, data: s.funnel.map((f) => ({ name: label(f.name), value: f.count })) }],
  } : null;
  const stageChart: TChartOption | null = overall.length ? {
    tooltip: { trigger: 'axis' }, legend: { top: 0 },
    grid: { left: 8, right: 8, bottom: 8, top: 32, containLabel: true },
    xAxis: { type: 'category', data: overall.map((x) => label(x.name).replace(/（.*$|\s\(.*$/, '')), axisLabel: { interval: 0, fontSize: 11 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: t('analytics.median'), type: 'bar', data: overall.map((x) => x.medianDays) },
      { name: t('analytics.p90'), type: 'bar', data: overall.map((x) => x.p90Days) },
    ],
  } : null;

  return (
    <Card size="small" title={t('analytics.chain')} style={{ marginBottom: 16 }} data-testid="chain-stats"
      extra={<Space>
        <Link to="/analytics/alerts">{t('analytics.alerts')}</Link>
        <Button size="small" href={exportHref('csv')} data-testid="export-csv">{t('analytics.export')} CSV</Button>
        <Button size="small" href={exportHref('xlsx')} data-testid="export-xlsx">{t('analytics.export')} XLSX</Button>
      </Space>}>
      <ErrorAlert error={stats.error} onRetry={() => void stats.refetch()} />
      {s ? (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={8}>
            <Typography.Text strong>{t('analytics.funnel')}</Typography.Text>
            {funnel ? <EChart option={funnel} height={240} label={t('analytics.funnel')} testId="chart-funnel" /> : null}
            <Space size={12} wrap>
              {s.funnel.map((f) => <a key={f.milestone} onClick={() => setFigure({ milestone: f.milestone, title: label(f.name) })}>{label(f.name)} {f.count}</a>)}
            </Space>
          </Col>
          <Col xs={24} xl={8}>
            <Typography.Text strong>{t('analytics.figures')}</Typography.Text>
            <Table size="small" rowKey={(r) => `${r.agencyId}-${r.milestone}`} dataSource={s.table} pagination={{ pageSize: 6 }}
              locale={{ emptyText: <Empty description={t('app.empty')} /> }}
              columns={[
                { title: t('analytics.agency'), dataIndex: 'agencyName' },
                { title: t('analytics.figure'), key: 'f', render: (_, r) => label(r.name) },
                { title: t('analytics.cases'), dataIndex: 'count', width: 64, render: (n: number, r) => <a onClick={() => setFigure({ milestone: r.milestone, agencyId: r.agencyId, title: `${r.agencyName} · ${label(r.name)}` })}>{n}</a> },
              ]} />
          </Col>
          <Col xs={24} xl={8}>
            <Typography.Text strong>{t('analytics.rates')}</Typography.Text>
            <Table size="small" rowKey="rate" pagination={false}
              dataSource={[...s.rates, { rate: 'single_track', name: { zh: t('analytics.singleTrack'), en: t('analytics.singleTrack') }, part: s.singleTrack.singleTrack, whole: s.singleTrack.total, value: s.singleTrack.rate, partMilestones: [] }]}
              columns={[
                { title: t('analytics.figure'), key: 'n', render: (_, r) => label(r.name) },
                { title: t('analytics.cases'), key: 'v', render: (_, r) => (r.value === null ? '—' : `${r.part} / ${r.whole}（${(r.value * 100).toFixed(1)}%）`) },
              ]} />
          </Col>
          <Col xs={24}>
            <Typography.Text strong>{t('analytics.stageDays')}</Typography.Text>
            {stageChart ? <EChart option={stageChart} height={240} label={t('analytics.stageDays')} testId="chart-stages" /> : <Empty description={t('app.empty')} />}
          </Col>
        </Row>
      ) : null}
      <Drawer open={figure !== null} onClose={() => setFigure(null)} title={`${t('analytics.casesBehind')}：${figure?.title ?? ''}`} width={640}>
        {figure ? <FigureCases figure={figure} query={query} /> : null}
      </Drawer>
    </Card>
  );
}

function FigureCases({ figure, query }: { figure: TFigure; query: { from?: string; to?: string } }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const q = { ...query, milestone: figure.milestone, ...(figure.agencyId ? { figureAgencyId: figure.agencyId } : {}), page, pageSize: 20 };
  const list = useQuery({ queryKey: ['chain-cases', q], queryFn: ({ signal }) => callApi(analyticsApi.chainCases, { query: q, signal }) });
  return (
    <>
      <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
      <Table size="small" rowKey="caseId" loading={list.isFetching} dataSource={list.data?.items ?? []}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        columns={[
          { title: t('analytics.caseTitle'), dataIndex: 'title', render: (v: string, r) => <Link to={`/cases/${r.caseId}`}>{v}</Link> },
          { title: t('analytics.caseNumber'), dataIndex: 'number' },
          { title: t('analytics.byAgency'), dataIndex: 'agencyName' },
          { title: t('analytics.at'), dataIndex: 'at', render: (v: string) => new Date(v).toLocaleDateString() },
        ]} />
    </>
  );
}
