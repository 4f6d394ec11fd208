import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Form, Input, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { callApi } from '../api/client';
import { foundationApi } from '../api/endpoints';
import { ErrorAlert } from '../common/ErrorAlert';
import { LANGUAGES, setLanguage, type TLanguage } from '../i18n';
import { ME_KEY, useMe } from './session';

type TValues = { username: string; password: string };

export function LoginPage() {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const me = useMe();
  const from = (location.state as { from?: string } | null)?.from ?? '/';
  const login = useMutation({
    mutationFn: (v: TValues) => callApi(foundationApi.login, { body: v }),
    onSuccess: (data) => {
      qc.clear();
      qc.setQueryData(ME_KEY, data);
      void navigate(from.startsWith('/login') ? '/' : from, { replace: true });
    },
  });
  if (me.data) return <Navigate to={from} replace />;
  return (
    <main style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f5f7fa' }}>
      <Card style={{ width: 380 }}>
        <div style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Select<TLanguage>
            size="small"
            aria-label={t('header.language')}
            value={(i18n.language === 'en-US' ? 'en-US' : 'zh-CN') as TLanguage}
            onChange={(v) => setLanguage(v)}
            options={LANGUAGES.map((l) => ({ value: l, label: t(`lang.${l}`) }))}
            style={{ width: 100 }}
          />
        </div>
        <Typography.Title level={3} style={{ marginTop: 8, marginBottom: 4 }}>
          {t('app.name')} · {t('login.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('login.subtitle')}</Typography.Paragraph>
        <ErrorAlert error={login.error} />
        <Form<TValues> layout="vertical" onFinish={(v) => login.mutate(v)} requiredMark={false}>
          <Form.Item name="username" label={t('login.username')} rules={[{ required: true, message: t('login.usernameRequired') }]}>
            <Input autoComplete="username" autoFocus data-testid="login-username" />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
            <Input.Password autoComplete="current-password" data-testid="login-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={login.isPending} data-testid="login-submit">
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
    </main>
  );
}
