/**
 * 新建案件 (ZCreateCaseRequest). The request is checked in the browser by the very schema the
 * server validates with, so an invalid 居民身份证号 or measure sequence is caught before sending,
 * with the same message.
 */
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { COERCIVE_MEASURES, SEXES, ZCreateCaseRequest, ZResidentId, type TCoerciveMeasure, type TCreateCaseRequestInput } from '@xietong/core/cases';
import { REGIONS } from '@xietong/core/regions';
import { App, Button, Card, Col, DatePicker, Divider, Form, Input, Result, Row, Select, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { callApi } from '../api/client';
import { caseApi } from '../api/endpoints';
import { permissionsOf } from '../auth/permissions';
import { useCurrentUser } from '../auth/session';
import { ErrorAlert } from '../common/ErrorAlert';
import { toBeijingIso } from '../common/format';
import { pick } from '../i18n';
import { chargeOptions } from './CaseListPage';

type TPersonValues = {
  name?: string;
  residentId?: string;
  sex?: 'male' | 'female';
  birthDate?: Dayjs;
  measures?: { measure?: TCoerciveMeasure; startedAt?: Dayjs }[];
};
type TValues = {
  title?: string;
  summary?: string;
  occurredAt?: Dayjs;
  regionCode?: string;
  charges?: string[];
  persons?: TPersonValues[];
};

export function toRequest(v: TValues): TCreateCaseRequestInput {
  return {
    title: v.title ?? '',
    summary: v.summary ?? '',
    occurredAt: v.occurredAt ? toBeijingIso(v.occurredAt) : '',
    regionCode: v.regionCode ?? '',
    charges: (v.charges ?? []) as TCreateCaseRequestInput['charges'],
    persons: (v.persons ?? []).map((p) => ({
      name: p.name ?? '',
      ...(p.residentId?.trim() ? { residentId: p.residentId.trim() } : {}),
      ...(p.sex ? { sex: p.sex } : {}),
      ...(p.birthDate ? { birthDate: p.birthDate.format('YYYY-MM-DD') } : {}),
      measures: (p.measures ?? []).map((m) => ({ measure: m.measure as TCoerciveMeasure, startedAt: m.startedAt ? toBeijingIso(m.startedAt) : '' })),
    })),
  };
}

export default function CreateCasePage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const [form] = Form.useForm<TValues>();
  const create = useMutation({
    mutationFn: (body: TCreateCaseRequestInput) => callApi(caseApi.createCase, { body }),
    onSuccess: (c) => {
      void message.success(t('newCase.created'));
      void navigate(`/cases/${c.id}`);
    },
  });
  if (!permissionsOf(me).createCase) return <Result status="403" title={t('app.forbidden')} />;

  const submit = (v: TValues) => {
    const body = toRequest(v);
    const parsed = ZCreateCaseRequest.safeParse(body);
    if (!parsed.success) {
      // Put each schema issue on its field (paths are the same as the form's names).
      form.setFields(
        parsed.error.issues.map((i) => ({
          name: (i.path.length ? i.path : ['title']) as never,
          errors: [i.message],
        })),
      );
      return;
    }
    create.mutate(body);
  };

  const regionOptions = REGIONS.filter((r) => !r.abolished).map((r) => ({ value: r.code, label: `${r.code} ${r.name}` }));
  const measureOptions = (Object.keys(COERCIVE_MEASURES) as TCoerciveMeasure[]).map((m) => ({ value: m, label: pick(COERCIVE_MEASURES[m], i18n.language) }));

  return (
    <div data-testid="create-case">
      <Typography.Title level={3} style={{ marginTop: 0 }}>{t('newCase.title')}</Typography.Title>
      <Card style={{ maxWidth: 1100 }}>
        <Form<TValues>
          form={form}
          layout="vertical"
          initialValues={{ regionCode: me.agency.regionCode, persons: [] }}
          onFinish={submit}
          scrollToFirstError
        >
          <Row gutter={16}>
            <Col xs={24} lg={12}>
              <Form.Item name="title" label={t('newCase.caseTitle')} rules={[{ required: true }]}>
                <Input maxLength={100} data-testid="case-title" />
              </Form.Item>
            </Col>
            <Col xs={12} lg={6}>
              <Form.Item name="occurredAt" label={t('newCase.occurredAt')} rules={[{ required: true }]}>
                <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} data-testid="case-occurred-at" />
              </Form.Item>
            </Col>
            <Col xs={12} lg={6}>
              <Form.Item name="regionCode" label={t('newCase.regionCode')} rules={[{ required: true }]}>
                <Select showSearch={{ optionFilterProp: 'label' }} options={regionOptions} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="charges" label={t('newCase.charges')} rules={[{ required: true }]}>
            <Select mode="multiple" showSearch={{ optionFilterProp: 'label' }} options={chargeOptions(i18n.language)} data-testid="case-charges" />
          </Form.Item>
          <Form.Item name="summary" label={t('newCase.summary')}>
            <Input.TextArea rows={3} maxLength={2000} showCount />
          </Form.Item>
          <Divider titlePlacement="start">{t('newCase.persons')}</Divider>
          <Form.List name="persons">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Card key={f.key} size="small" style={{ marginBottom: 12 }} data-testid="person-card"
                    extra={<Button type="text" danger icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} aria-label={t('common.remove')} />}>
                    <Row gutter={12}>
                      <Col xs={12} lg={5}>
                        <Form.Item name={[f.name, 'name']} label={t('newCase.name')} rules={[{ required: true }]}>
                          <Input data-testid="person-name" />
                        </Form.Item>
                      </Col>
                      <Col xs={12} lg={8}>
                        <Form.Item
                          name={[f.name, 'residentId']}
                          label={t('newCase.residentId')}
                          tooltip={t('newCase.residentIdHint')}
                          rules={[
                            {
                              validator: (_, v?: string) => {
                                if (!v?.trim()) return Promise.resolve();
                                const r = ZResidentId.safeParse(v);
                                return r.success ? Promise.resolve() : Promise.reject(new Error(r.error.issues[0]?.message));
                              },
                            },
                          ]}
                        >
                          <Input maxLength={18} data-testid="person-resident-id" />
                        </Form.Item>
                      </Col>
                      <Col xs={12} lg={5}>
                        <Form.Item name={[f.name, 'sex']} label={t('newCase.sex')}>
                          <Select allowClear options={(Object.keys(SEXES) as (keyof typeof SEXES)[]).map((s) => ({ value: s, label: t(`sex.${s}`) }))} />
                        </Form.Item>
                      </Col>
                      <Col xs={12} lg={6}>
                        <Form.Item name={[f.name, 'birthDate']} label={t('newCase.birthDate')}>
                          <DatePicker style={{ width: '100%' }} />
                        </Form.Item>
                      </Col>
                    </Row>
                    <Form.List name={[f.name, 'measures']}>
                      {(ms, { add: addM, remove: removeM }) => (
                        <>
                          {ms.map((m) => (
                            <Space key={m.key} align="baseline" wrap>
                              <Form.Item name={[m.name, 'measure']} label={t('newCase.measure')} rules={[{ required: true }]}>
                                <Select style={{ width: 180 }} options={measureOptions} data-testid="measure-select" />
                              </Form.Item>
                              <Form.Item name={[m.name, 'startedAt']} label={t('newCase.startedAt')} rules={[{ required: true }]}>
                                <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
                              </Form.Item>
                              <Button type="text" icon={<MinusCircleOutlined />} onClick={() => removeM(m.name)} aria-label={t('common.remove')} />
                            </Space>
                          ))}
                          <Button size="small" icon={<PlusOutlined />} onClick={() => addM({ startedAt: dayjs().startOf('minute') })} data-testid="add-measure">
                            {t('newCase.addMeasure')}
                          </Button>
                        </>
                      )}
                    </Form.List>
                  </Card>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ measures: [] })} data-testid="add-person">
                  {t('newCase.addPerson')}
                </Button>
              </>
            )}
          </Form.List>
          <Divider />
          <ErrorAlert error={create.error} />
          <Space>
            <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="create-case-submit">{t('common.submit')}</Button>
            <Button onClick={() => void navigate(-1)}>{t('common.cancel')}</Button>
          </Space>
        </Form>
      </Card>
    </div>
  );
}
