import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Alert, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { callApi } from '../api/client';
import { foundationApi } from '../api/endpoints';
import { ErrorAlert } from '../common/ErrorAlert';
import { ME_KEY } from './session';

type TValues = { currentPassword: string; newPassword: string; confirm: string };

export function ChangePasswordDialog({ open, forced, onClose }: { open: boolean; forced: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  // 等保 §8.1.4.1 a: the configured policy, in the words the server refuses with
  const policy = useQuery({ queryKey: ['password-policy'], queryFn: () => callApi(foundationApi.passwordPolicy, {}), enabled: open, staleTime: 600_000 });
  const [form] = Form.useForm<TValues>();
  const qc = useQueryClient();
  const change = useMutation({
    mutationFn: (v: TValues) => callApi(foundationApi.changePassword, { body: { currentPassword: v.currentPassword, newPassword: v.newPassword } }),
    onSuccess: async () => {
      void message.success(t('password.done'));
      form.resetFields();
      await qc.invalidateQueries({ queryKey: ME_KEY });
      onClose();
    },
  });
  return (
    <Modal
      open={open}
      title={t('password.title')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      closable={!forced}
      mask={{ closable: !forced }}
      keyboard={!forced}
      cancelButtonProps={{ style: forced ? { display: 'none' } : undefined }}
      confirmLoading={change.isPending}
      onOk={() => void form.validateFields().then((v) => change.mutate(v))}
      onCancel={() => {
        change.reset();
        onClose();
      }}
      destroyOnHidden
    >
      {forced ? <Alert type="warning" showIcon title={t('password.mustChange')} style={{ marginBottom: 12 }} /> : null}
      <ErrorAlert error={change.error} />
      <Form form={form} layout="vertical" onFinish={(v) => change.mutate(v)}>
        <Form.Item name="currentPassword" label={t('password.current')} rules={[{ required: true, message: t('password.required') }]}>
          <Input.Password autoComplete="current-password" autoFocus />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('password.next')}
          rules={[{ required: true, message: t('password.required') }]}
          extra={policy.data ? <span data-testid="password-policy">{i18n.language.startsWith('zh') ? policy.data.zh : policy.data.en}</span> : null}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('password.confirm')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('password.required') },
            ({ getFieldValue }) => ({
              validator: (_, v) => (!v || v === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('password.mismatch')))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
