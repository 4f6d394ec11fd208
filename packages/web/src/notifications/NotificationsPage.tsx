/**
 * 站内信: the caller's notifications, newest first, unread marked and readable with one click;
 * beside them the caller's choice of what reaches them by which channel (站内信, 短信, 邮件).
 */
import { NOTIFICATION_CHANNELS, NOTIFICATION_KINDS } from '@xietong/core/api';
import { App, Button, Card, Checkbox, Col, Form, Input, Row, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert } from '../common/ErrorAlert';
import { fmtDateTime } from '../common/format';
import { useMarkRead, useNotifications, usePreferences, useSavePreferences } from './use-notifications';

type TKind = (typeof NOTIFICATION_KINDS)[number];
const isKind = (k: string): k is TKind => (NOTIFICATION_KINDS as readonly string[]).includes(k);

const KIND_COLOR: Record<string, string> = { todo: 'blue', deadline: 'orange', alert: 'red', supervision: 'purple', system: 'default' };

export default function NotificationsPage() {
  const { t, i18n } = useTranslation();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [page, setPage] = useState(1);
  const list = useNotifications({ page, pageSize: 20, ...(unreadOnly ? { unread: 'true' as const } : {}) });
  const markRead = useMarkRead();
  const en = i18n.language === 'en-US';
  return (
    <Row gutter={16}>
      <Col xs={24} xl={15}>
        <Card
          title={<Space>{t('notify.title')}{list.data ? <Tag color="red">{t('notify.unread')} {list.data.unread}</Tag> : null}</Space>}
          extra={<Segmented size="small" value={unreadOnly ? 'unread' : 'all'} onChange={(v) => { setUnreadOnly(v === 'unread'); setPage(1); }}
            options={[{ value: 'all', label: t('notify.all') }, { value: 'unread', label: t('notify.unreadOnly') }]} />}
        >
          <ErrorAlert error={list.error} />
          <Table
            rowKey="id" size="small" loading={list.isFetching} dataSource={list.data?.items ?? []} locale={{ emptyText: t('notify.empty') }}
            pagination={{ current: page, pageSize: 20, total: (page - 1) * 20 + (list.data?.items.length ?? 0) + (list.data?.items.length === 20 ? 1 : 0), onChange: setPage, showSizeChanger: false }}
            rowClassName={(r) => (r.readAt ? '' : 'xt-unread')}
            columns={[
              { title: t('notify.kindLabel'), dataIndex: 'kind', width: 72, render: (k: string) => <Tag color={KIND_COLOR[k] ?? 'default'}>{isKind(k) ? t(`notify.kinds.${k}`) : k}</Tag> },
              {
                title: t('notify.title'), key: 'title', render: (_v, r) => (
                  <div>
                    <Typography.Text strong={!r.readAt}>{en ? r.title.en : r.title.zh}</Typography.Text>
                    {(en ? r.body.en : r.body.zh) ? <div><Typography.Text type="secondary" style={{ fontSize: 12 }}>{en ? r.body.en : r.body.zh}</Typography.Text></div> : null}
                  </div>
                ),
              },
              { title: t('notify.time'), dataIndex: 'createdAt', width: 150, render: (v: string) => fmtDateTime(v) },
              {
                key: 'ops', width: 130, render: (_v, r) => (
                  <Space size={4}>
                    {r.link ? <Link to={r.link} onClick={() => { if (!r.readAt) markRead.mutate(r.id); }}>{t('notify.open')}</Link> : null}
                    {r.readAt ? <Typography.Text type="secondary">{t('notify.read')}</Typography.Text>
                      : <Button size="small" type="link" onClick={() => markRead.mutate(r.id)} data-testid="mark-read">{t('notify.markRead')}</Button>}
                  </Space>
                ),
              },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} xl={9}>
        <PreferencesCard />
      </Col>
    </Row>
  );
}

function PreferencesCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const prefs = usePreferences();
  const save = useSavePreferences();
  const [enabled, setEnabled] = useState<Record<string, boolean>>({});
  const [form] = Form.useForm<{ phone: string; email: string }>();
  useEffect(() => {
    if (!prefs.data) return;
    setEnabled(Object.fromEntries(prefs.data.items.map((i) => [`${i.kind}:${i.channel}`, i.enabled])));
    form.setFieldsValue({ phone: prefs.data.phone ?? '', email: prefs.data.email ?? '' });
  }, [prefs.data, form]);
  const submit = (v: { phone: string; email: string }) => {
    const items = NOTIFICATION_KINDS.flatMap((kind) => NOTIFICATION_CHANNELS.map((channel) => ({ kind, channel, enabled: enabled[`${kind}:${channel}`] ?? channel === 'inbox' })));
    save.mutate({ items, phone: v.phone.trim() || null, email: v.email.trim() || null }, { onSuccess: () => void message.success(t('notify.saved')) });
  };
  return (
    <Card title={t('notify.prefsTitle')} loading={prefs.isLoading}>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>{t('notify.prefsHint')}</Typography.Paragraph>
      <ErrorAlert error={prefs.error ?? save.error} />
      <Table
        size="small" pagination={false} rowKey="kind" dataSource={NOTIFICATION_KINDS.map((kind) => ({ kind }))}
        columns={[
          { title: t('notify.kindLabel'), dataIndex: 'kind', render: (k: TKind) => t(`notify.kinds.${k}`) },
          ...NOTIFICATION_CHANNELS.map((channel) => ({
            title: t(`notify.channels.${channel}`), key: channel, align: 'center' as const,
            render: (_v: unknown, r: { kind: TKind }) => (
              <Checkbox aria-label={`${t(`notify.kinds.${r.kind}`)} ${t(`notify.channels.${channel}`)}`} data-testid={`pref-${r.kind}-${channel}`}
                checked={enabled[`${r.kind}:${channel}`] ?? channel === 'inbox'}
                onChange={(e) => setEnabled((s) => ({ ...s, [`${r.kind}:${channel}`]: e.target.checked }))} />
            ),
          })),
        ]}
      />
      <Form form={form} layout="vertical" onFinish={submit} style={{ marginTop: 12 }}>
        <Form.Item name="phone" label={t('notify.phone')}><Input inputMode="tel" maxLength={16} /></Form.Item>
        <Form.Item name="email" label={t('notify.email')}><Input type="email" maxLength={200} /></Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="save-preferences">{t('notify.save')}</Button>
      </Form>
    </Card>
  );
}
