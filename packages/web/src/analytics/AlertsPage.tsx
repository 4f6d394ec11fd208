/**
 * 激增预警 (GET /api/analytics/alerts): each alert names the charge, region and week, observed
 * vs expected, and shows its series as a chart (bars: cases per week; line: the expected level).
 * A 站内信 links here with ?id=, which puts that alert first.
 */
import { useQuery } from '@tanstack/react-query';
import { Card, Col, Descriptions, Empty, Row, Skeleton, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { callApi } from '../api/client';
import { analyticsApi } from '../api/endpoints';
import { ErrorAlert } from '../common/ErrorAlert';
import { EChart } from '../stats/EChart';

export default function AlertsPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const focus = params.get('id');
  const alerts = useQuery({ queryKey: ['alerts'], queryFn: ({ signal }) => callApi(analyticsApi.listAlerts, { query: { page: 1, pageSize: 50 }, signal }) });
  const items = [...(alerts.data?.items ?? [])].sort((a, b) => Number(b.id === focus) - Number(a.id === focus));
  return (
    <div data-testid="alerts">
      <Typography.Title level={3} style={{ marginTop: 0 }}>{t('analytics.alerts')}</Typography.Title>
      <ErrorAlert error={alerts.error} onRetry={() => void alerts.refetch()} />
      {alerts.isPending ? <Skeleton active /> : null}
      {alerts.data && items.length === 0 ? <Empty description={t('analytics.noAlerts')} /> : null}
      <Row gutter={[16, 16]}>
        {items.map((a) => (
          <Col xs={24} xl={12} key={a.id}>
            <Card size="small" data-testid="alert" title={<span>{a.scope === 'petitions' ? <Tag color="purple">{t('analytics.petitionTrend')}</Tag> : <Tag color="red">{t('analytics.caseSurge')}</Tag>}{a.regionName} · {a.chargeName}</span>}>
              <Descriptions size="small" column={2} items={[
                { key: 'p', label: t('analytics.period'), children: `${a.periodFrom} — ${a.periodTo}` },
                { key: 'o', label: `${t('analytics.observed')} / ${t('analytics.expected')}`, children: <b>{a.observed} / {a.expected}</b> },
                { key: 'r', label: t('analytics.routedTo'), children: a.routedTo.map((r) => r.agencyName).join('、') || '—' },
                { key: 'm', label: t('analytics.method'), children: <Typography.Text type="secondary">{a.method}</Typography.Text> },
              ]} />
              <EChart height={220} label={`${a.chargeName} ${a.regionName}`} testId="alert-chart" option={{
                tooltip: { trigger: 'axis' }, legend: { top: 0 },
                grid: { left: 8, right: 8, bottom: 8, top: 32, containLabel: true },
                xAxis: { type: 'category', data: a.series.map((p) => p.from.slice(5)) },
                yAxis: { type: 'value', minInterval: 1 },
                series: [
                  { name: t('analytics.observed'), type: 'bar', data: a.series.map((p, i) => ({ value: p.observed, itemStyle: i === a.series.length - 1 ? { color: '#cf1322' } : undefined })) },
                  { name: t('analytics.expected'), type: 'line', data: a.series.map((p) => p.expected) },
                ],
              }} />
            </Card>
          </Col>
        ))}
      </Row>
    </div>
  );
}
