/**
 * One dialog for every process action, rendered from the server's `availableActions` entry:
 * its input fields (text / enum / date / integer / boolean), the documents it produces or
 * needs, and its legal basis. Nothing here knows any particular process.
 */
import { DOCUMENT_TYPES, getProcess, type TDocumentType } from '@xietong/core/processes';
import type { TEndpointResponse } from '@xietong/core/api';
import { Alert, App, Checkbox, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Switch, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, newIdempotencyKey } from '../api/client';
import type { processApi } from '../api/endpoints';
import { ErrorAlert } from '../common/ErrorAlert';
import { pick } from '../i18n';
import { useAct } from './use-processes';
import { useAgencies } from '../admin/use-agencies';
import { LawRefs, lawText } from '../common/LawRef';

export type TInstance = TEndpointResponse<typeof processApi.getInstance>;
export type TAvailableAction = TInstance['availableActions'][number];
type TField = TAvailableAction['input'][number];

export function docName(code: string, lang: string): string {
  const d = (DOCUMENT_TYPES as Record<string, { zh: string; en: string } | undefined>)[code as TDocumentType];
  return d ? pick(d, lang) : code;
}

type TPersonOption = { id: string; name: string };
type TAgencyOption = { id: string; name: string };
/** Fact times (拘留/逮捕时间) are text fields on the wire ('YYYY-MM-DDTHH:mm', Beijing): picked with a time. */
const FACT_TIME_FIELDS = new Set(['detainedAt', 'arrestedAt']);

/** Form.Item hands `value`/`onChange` (or `checked`) to its child: pass them through to the widget. */
function FieldInput({ f, lang, people, agencies, ...control }: { f: TField; lang: string; people?: TPersonOption[]; agencies?: TAgencyOption[]; [prop: string]: unknown }) {
  const testId = { 'data-testid': `field-${f.name}` };
  // a step naming an agency (the executor, the 看守所) picks it from the directory, never types its id
  if (agencies) {
    return <Select {...control} {...testId} allowClear showSearch={{ optionFilterProp: 'label' }} options={agencies.map((x) => ({ value: x.id, label: x.name }))} />;
  }
  // a step naming the person it concerns picks one of the case's persons
  if (f.name === 'personId' && people?.length) {
    return <Select {...control} {...testId} allowClear options={people.map((p) => ({ value: p.id, label: p.name }))} />;
  }
  if (FACT_TIME_FIELDS.has(f.name)) return <DatePicker {...control} {...testId} showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />;
  switch (f.type) {
    case 'enum':
      return <Select {...control} {...testId} options={Object.entries(f.values ?? {}).map(([v, l]) => ({ value: v, label: pick(l, lang) }))} />;
    case 'date':
      return <DatePicker {...control} {...testId} style={{ width: '100%' }} />;
    case 'integer':
      return <InputNumber {...control} {...testId} precision={0} min={f.min} max={f.max} style={{ width: '100%' }} />;
    case 'boolean':
      return <Switch {...control} {...testId} />;
    default:
      return <Input.TextArea {...control} {...testId} autoSize={{ minRows: 2, maxRows: 6 }} maxLength={f.max ?? 5000} />;
  }
}

export function ActionDialog(props: {
  instance: TInstance;
  action: TAvailableAction | null;
  canOverride: boolean;
  /** The card knows the evidence is incomplete: an approver states the override reason up front. */
  overrideRequired?: boolean;
  people?: TPersonOption[];
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const lang = i18n.language;
  const [form] = Form.useForm<Record<string, unknown>>();
  const act = useAct();
  // One Idempotency-Key per opened dialog: pressing OK again after a network failure resends the same intent.
  const key = useRef(newIdempotencyKey());
  const a = props.action;
  // the agency a step hands the flow over to (definition.handOver), of the types its other input allows
  const spec = a ? getProcess(props.instance.code)?.transitions.find((x) => x.action === a.action && x.from.includes(props.instance.state)) : undefined;
  const hand = spec?.handOver;
  const chosen = Form.useWatch(`in_${hand?.byInput?.field ?? '_'}`, form) as string | undefined;
  const directory = useAgencies();
  if (!a) return null;
  const agencyTypes = (f: TField): readonly string[] | null => {
    if (hand && f.name === hand.inputField) return (hand.byInput && chosen ? hand.byInput.agencyTypes[chosen] : undefined) ?? hand.agencyTypes;
    if (f.name === 'detentionCentreId') return ['detention'];
    return null;
  };
  const agenciesFor = (f: TField): TAgencyOption[] | undefined => {
    const types = agencyTypes(f);
    return types ? (directory.data?.items ?? []).filter((x) => types.includes(x.type)) : undefined;
  };
  const evidenceMissing = act.error instanceof ApiError && act.error.code === 'EVIDENCE_INCOMPLETE';

  const submit = (values: Record<string, unknown>) => {
    const input: Record<string, unknown> = {};
    for (const f of a.input) {
      const v = values[`in_${f.name}`];
      if (v === undefined || v === null || v === '') continue;
      input[f.name] = f.type === 'date' ? (v as Dayjs).format('YYYY-MM-DD') : FACT_TIME_FIELDS.has(f.name) ? (v as Dayjs).format('YYYY-MM-DDTHH:mm') : v;
    }
    const documents = [...a.documents.required, ...((values.optionalDocs as string[] | undefined) ?? [])];
    const reason = typeof values.evidenceOverrideReason === 'string' ? values.evidenceOverrideReason.trim() : '';
    act.mutate(
      {
        instanceId: props.instance.id,
        key: key.current,
        body: { action: a.action, input, documents, expectedVersion: props.instance.version, ...(reason ? { evidenceOverrideReason: reason } : {}) },
      },
      {
        onSuccess: () => {
          void message.success(t('action.done'));
          key.current = newIdempotencyKey();
          props.onClose();
        },
      },
    );
  };

  return (
    <Modal
      open
      title={pick(a.label, lang)}
      okText={t('common.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={act.isPending}
      okButtonProps={{ 'data-testid': 'action-submit' }}
      onOk={() => void form.validateFields().then(submit)}
      onCancel={props.onClose}
      destroyOnHidden
      data-testid="action-dialog"
    >
      {a.articles.length ? (
        <Typography.Paragraph type="secondary">
          {t('common.articles')}: <LawRefs refs={a.articles} />
        </Typography.Paragraph>
      ) : null}
      {a.warnings.map((w) => (
        <Alert key={w.code} type="warning" showIcon style={{ marginBottom: 12 }} message={lawText(pick(w, lang), lang)} description={<LawRefs refs={w.articles} plain />} data-testid="action-warning" />
      ))}
      <ErrorAlert error={act.error} />
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ optionalDocs: [] }}>
        {a.input.map((f) => (
          <Form.Item
            key={f.name}
            name={`in_${f.name}`}
            label={pick(f, lang)}
            valuePropName={f.type === 'boolean' ? 'checked' : 'value'}
            rules={f.required && f.type !== 'boolean' ? [{ required: true, message: `${t('newCase.required')}: ${pick(f, lang)}` }] : []}
          >
            <FieldInput f={f} lang={lang} people={props.people} agencies={agenciesFor(f)} />
          </Form.Item>
        ))}
        {a.documents.produces.length ? (
          <Form.Item label={t('action.produces')}>
            <Space wrap>{a.documents.produces.map((d) => <Tag color="blue" key={d}>{docName(d, lang)}</Tag>)}</Space>
          </Form.Item>
        ) : null}
        {a.documents.required.length ? (
          <Form.Item label={t('action.required')}>
            <Space wrap>{a.documents.required.map((d) => <Tag color="gold" key={d}>{docName(d, lang)}</Tag>)}</Space>
          </Form.Item>
        ) : null}
        {a.documents.optional.length ? (
          <Form.Item name="optionalDocs" label={t('action.optional')}>
            <Checkbox.Group options={a.documents.optional.map((d) => ({ value: d, label: docName(d, lang) }))} />
          </Form.Item>
        ) : null}
        {(evidenceMissing || props.overrideRequired) && props.canOverride ? (
          <>
            <Alert type="warning" showIcon title={t('action.evidenceOverrideHint')} style={{ marginBottom: 12 }} />
            <Form.Item name="evidenceOverrideReason" label={t('action.evidenceOverride')} rules={[{ required: true, min: 5 }]}>
              <Input.TextArea autoSize={{ minRows: 2 }} maxLength={2000} data-testid="evidence-override-reason" />
            </Form.Item>
          </>
        ) : null}
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
