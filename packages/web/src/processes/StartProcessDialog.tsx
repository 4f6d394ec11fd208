/**
 * 发起流程: the processes this user's agency type may start (from the catalogue), and a receiving
 * agency among those of the types the process is sent to.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Empty, Form, Modal, Select, Typography } from 'antd';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { callApi, newIdempotencyKey } from '../api/client';
import { processApi } from '../api/endpoints';
import { useAgencies } from '../admin/use-agencies';
import { useCurrentUser } from '../auth/session';
import { ErrorAlert } from '../common/ErrorAlert';
import { pick } from '../i18n';
import { useCatalogue } from './use-processes';

type TValues = { code: string; receiverAgencyId: string };

export function StartProcessDialog({ caseId, open, onClose, onStarted }: { caseId: string; open: boolean; onClose: () => void; onStarted: (instanceId: string) => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const qc = useQueryClient();
  const catalogue = useCatalogue(open);
  const agencies = useAgencies();
  const [form] = Form.useForm<TValues>();
  const code = Form.useWatch('code', form);
  const key = useRef(newIdempotencyKey());
  const start = useMutation({
    mutationFn: (v: TValues) => callApi(processApi.startProcess, { params: { id: caseId }, body: { code: v.code, receiverAgencyId: v.receiverAgencyId, data: {} }, headers: { 'Idempotency-Key': key.current } }),
    onSuccess: (inst) => {
      void message.success(t('start.done'));
      key.current = newIdempotencyKey();
      void qc.invalidateQueries({ queryKey: ['case', caseId] });
      form.resetFields();
      onStarted(inst.id);
    },
  });
  const processes = (catalogue.data?.items ?? []).filter((p) => p.initiatorAgencyTypes.includes(me.agency.type));
  const chosen = processes.find((p) => p.code === code);
  const receivers = chosen ? (agencies.data?.items ?? []).filter((a) => chosen.receiverAgencyTypes.includes(a.type) && a.id !== me.agency.id) : [];
  return (
    <Modal
      open={open}
      title={t('start.title')}
      okText={t('common.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={start.isPending}
      okButtonProps={{ disabled: !processes.length, 'data-testid': 'start-submit' }}
      onOk={() => void form.validateFields().then((v) => start.mutate(v))}
      onCancel={() => {
        start.reset();
        onClose();
      }}
      destroyOnHidden
    >
      <ErrorAlert error={catalogue.error ?? agencies.error} />
      <ErrorAlert error={start.error} />
      {catalogue.data && !processes.length ? (
        <Empty description={t('start.noProcess')} />
      ) : (
        <Form form={form} layout="vertical">
          <Form.Item name="code" label={t('start.process')} rules={[{ required: true, message: t('start.pickProcess') }]}>
            <Select
              loading={catalogue.isPending}
              onChange={() => form.setFieldValue('receiverAgencyId', undefined)}
              options={processes.map((p) => ({ value: p.code, label: `${p.ref} ${pick({ zh: p.name, en: p.nameEn }, i18n.language)}` }))}
              data-testid="start-process"
            />
          </Form.Item>
          <Form.Item name="receiverAgencyId" label={t('start.receiver')} rules={[{ required: true, message: t('start.pickReceiver') }]}>
            <Select
              disabled={!chosen}
              showSearch={{ optionFilterProp: 'label' }}
              options={receivers.map((a) => ({ value: a.id, label: a.name }))}
              data-testid="start-receiver"
            />
          </Form.Item>
          {chosen ? (
            <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
              {chosen.states.map((s) => pick(s, i18n.language)).slice(0, 6).join(' → ')}
              {chosen.states.length > 6 ? ' …' : ''}
            </Typography.Paragraph>
          ) : null}
        </Form>
      )}
    </Modal>
  );
}
