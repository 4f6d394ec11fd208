/** 期限计算器: POST /api/deadlines/calculate, the due date and how it was reached. */
import { useMutation } from '@tanstack/react-query';
import type { TEndpointBody } from '@xietong/core/api';
import { Button, Card, Col, DatePicker, Form, InputNumber, Row, Select, Switch, Timeline, Typography, Alert } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { callApi } from '../api/client';
import { deadlineApi } from '../api/endpoints';
import { ErrorAlert } from '../common/ErrorAlert';
import { pick } from '../i18n';
import { LawRef, lawText } from '../common/LawRef';

type TValues = { start: Dayjs; amount: number; unit: 'day' | 'month' | 'hour'; inCustody: boolean };

export default function CalculatorPage() {
  const { t, i18n } = useTranslation();
  const calc = useMutation({
    mutationFn: (body: TEndpointBody<typeof deadlineApi.calculate>) => callApi(deadlineApi.calculate, { body }),
  });
  const r = calc.data;
  return (
    <div data-testid="calculator">
      <Typography.Title level={3} style={{ marginTop: 0 }}>{t('calculator.title')}</Typography.Title>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 900 }}>{t('calculator.intro')}</Typography.Paragraph>
      <Row gutter={16}>
        <Col xs={24} lg={10}>
          <Card>
            <Form<TValues>
              layout="vertical"
              initialValues={{ start: dayjs(), amount: 30, unit: 'day', inCustody: false }}
              onFinish={(v) => calc.mutate({ start: v.start.format('YYYY-MM-DD'), amount: v.amount, unit: v.unit, inCustody: v.inCustody, ...(v.unit === 'hour' ? { startTime: v.start.format('HH:mm') } : {}) })}
            >
              <Form.Item name="start" label={t('calculator.start')} rules={[{ required: true }]}>
                <DatePicker style={{ width: '100%' }} data-testid="calc-start" />
              </Form.Item>
              <Row gutter={8}>
                <Col span={14}>
                  <Form.Item name="amount" label={t('calculator.amount')} rules={[{ required: true }]}>
                    <InputNumber min={0.5} max={1000} step={1} style={{ width: '100%' }} data-testid="calc-amount" />
                  </Form.Item>
                </Col>
                <Col span={10}>
                  <Form.Item name="unit" label={t('calculator.unit')}>
                    <Select
                      options={(['day', 'month', 'hour'] as const).map((u) => ({ value: u, label: t(`calculator.units.${u}`) }))}
                      data-testid="calc-unit"
                    />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item name="inCustody" label={t('calculator.inCustody')} valuePropName="checked">
                <Switch data-testid="calc-custody" />
              </Form.Item>
              <ErrorAlert error={calc.error} />
              <Button type="primary" htmlType="submit" loading={calc.isPending} data-testid="calc-submit">
                {t('calculator.calculate')}
              </Button>
            </Form>
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          {r ? (
            <Card data-testid="calc-result">
              <Typography.Text type="secondary">{t('calculator.due')}</Typography.Text>
              <Typography.Title level={2} style={{ margin: '4px 0 8px' }} data-testid="calc-due">{r.due}</Typography.Title>
              <Typography.Paragraph type="secondary">
                {t('calculator.arithmeticDue')}: {r.arithmeticDue}
              </Typography.Paragraph>
              {!r.calendarComplete ? <Alert type="warning" showIcon title={t('calculator.calendarIncomplete')} style={{ marginBottom: 12 }} /> : null}
              <Typography.Title level={5}>{t('calculator.explanation')}</Typography.Title>
              <Timeline
                items={r.explanation.map((s, i) => ({
                  key: `${s.code}-${i}`,
                  content: (
                    <span>
                      {lawText(pick(s, i18n.language), i18n.language)}
                      {s.date ? <Typography.Text strong> {s.date}</Typography.Text> : null}
                      {s.article ? <span style={{ marginInlineStart: 8 }}><LawRef text={s.article} /></span> : null}
                    </span>
                  ),
                }))}
              />
            </Card>
          ) : null}
        </Col>
      </Row>
    </div>
  );
}
