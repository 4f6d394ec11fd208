/**
 * 在押人员: the detainees a 看守所 holds (or a case agency handles), soonest custody deadline first,
 * with the 电子换押 status of their current stage — a stage change without 换押 is an exception —
 * and their 提讯 bookings: the 看守所 confirms or declines, a case agency books a slot.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TEndpointResponse } from '@xietong/core/api';
import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { callApi } from '../api/client';
import { custodyApi } from '../api/endpoints';
import { useCurrentUser } from '../auth/session';
import { DeadlineBadge } from '../common/DeadlineBadge';
import { ErrorAlert } from '../common/ErrorAlert';
import { fmtDateTime } from '../common/format';

type TItem = TEndpointResponse<typeof custodyApi.listCustody>['items'][number];
type TBooking = TItem['interrogations'][number];

const TRANSFER_COLORS: Record<TItem['custodyTransfer']['status'], string> = {
  not_required: 'default', missing: 'red', pending: 'orange', acknowledged: 'green',
};
const BOOKING_COLORS: Record<TBooking['status'], string> = { requested: 'orange', confirmed: 'green', declined: 'red', cancelled: 'default' };
const BOOKERS = ['police', 'procuratorate', 'court'];

export default function CustodyPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const qc = useQueryClient();
  const isCentre = me.agency.type === 'detention';
  const canBook = BOOKERS.includes(me.agency.type) && me.roles.some((r) => r === 'handler' || r === 'approver');
  const list = useQuery({ queryKey: ['custody'], queryFn: ({ signal }) => callApi(custodyApi.listCustody, { signal }) });
  const [booking, setBooking] = useState<TItem | null>(null);
  const [declining, setDeclining] = useState<TBooking | null>(null);
  const [form] = Form.useForm();
  const [declineForm] = Form.useForm();

  const decide = useMutation({
    mutationFn: (v: { id: string; decision: 'confirm' | 'decline'; room?: string; reason?: string }) =>
      callApi(custodyApi.decideInterrogation, { params: { id: v.id }, body: { decision: v.decision, room: v.room, reason: v.reason } }),
    onSuccess: () => { void message.success(t('custody.decided')); setDeclining(null); void qc.invalidateQueries({ queryKey: ['custody'] }); },
  });
  const book = useMutation({
    mutationFn: (v: { item: TItem; startsAt: string; minutes: number; mode: 'in_person' | 'remote'; purpose: string }) =>
      callApi(custodyApi.bookInterrogation, {
        params: { caseId: v.item.caseId, personId: v.item.personId }, body: { startsAt: v.startsAt, minutes: v.minutes, mode: v.mode, purpose: v.purpose },
      }),
    onSuccess: () => { void message.success(t('custody.booked')); setBooking(null); form.resetFields(); void qc.invalidateQueries({ queryKey: ['custody'] }); },
  });

  const items = list.data?.items ?? [];
  const missing = items.filter((i) => i.custodyTransfer.status === 'missing').length;

  const bookingTag = (b: TBooking) => (
    <Space key={b.id} size={4} wrap data-testid="interrogation" data-status={b.status}>
      <Tag color={BOOKING_COLORS[b.status]}>
        {fmtDateTime(b.startsAt)} · {t(`custody.mode.${b.mode}`)} · {t(`custody.bookingStatus.${b.status}`)}
      </Tag>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{b.bookedBy.agencyName}{b.room ? ` · ${b.room}` : ''}</Typography.Text>
      {isCentre && b.status === 'requested' ? (
        <>
          <Popconfirm title={t('custody.confirm')} onConfirm={() => decide.mutate({ id: b.id, decision: 'confirm' })}>
            <Button size="small" type="primary">{t('custody.confirm')}</Button>
          </Popconfirm>
          <Button size="small" danger onClick={() => setDeclining(b)}>{t('custody.decline')}</Button>
        </>
      ) : null}
    </Space>
  );

  return (
    <Card title={t('custody.title')}>
      <Typography.Paragraph type="secondary">{t('custody.intro')}</Typography.Paragraph>
      <ErrorAlert error={list.error ?? decide.error ?? book.error} />
      {missing > 0 ? <Alert type="error" showIcon style={{ marginBottom: 12 }} data-testid="transfer-exceptions" message={t('custody.exceptions', { count: missing })} /> : null}
      <Table<TItem>
        rowKey="personId"
        size="small"
        loading={list.isLoading}
        dataSource={items}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 1100 }}
        rowClassName={(r) => (r.custodyTransfer.status === 'missing' ? 'row-exception' : '')}
        columns={[
          { title: t('custody.person'), dataIndex: 'personName', width: 90 },
          { title: t('custody.case'), key: 'case', width: 220, render: (_, r) => <Link to={`/cases/${r.caseId}`}>{r.caseNumber ?? r.caseTitle}</Link> },
          { title: t('custody.measure'), dataIndex: 'measureName', width: 70 },
          {
            title: t('custody.deadline'), key: 'deadline', width: 250,
            render: (_, r) => (r.deadline ? <DeadlineBadge name={r.deadline.zh} due={r.deadline.due} status={r.deadline.status} explanation={r.deadline.explanation} /> : '—'),
          },
          { title: t('custody.responsible'), key: 'resp', width: 160, render: (_, r) => r.responsibleAgency?.name ?? '—' },
          {
            title: t('custody.transfer'), key: 'transfer', width: 120,
            render: (_, r) => (
              <Tag color={TRANSFER_COLORS[r.custodyTransfer.status]} data-testid="transfer-status" data-status={r.custodyTransfer.status}>
                {t(`custody.transferStatus.${r.custodyTransfer.status}`)}
              </Tag>
            ),
          },
          {
            title: t('custody.interrogations'), key: 'interrogations',
            render: (_, r) => (
              <Space direction="vertical" size={2}>
                {r.interrogations.length ? r.interrogations.map(bookingTag) : <Typography.Text type="secondary">{t('custody.none')}</Typography.Text>}
                {canBook ? <Button size="small" onClick={() => setBooking(r)}>{t('custody.book')}</Button> : null}
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={!!booking}
        title={booking ? t('custody.bookTitle', { name: booking.personName }) : ''}
        onCancel={() => setBooking(null)}
        onOk={() => void form.validateFields().then((v) => booking && book.mutate({ item: booking, ...v }))}
        confirmLoading={book.isPending}
      >
        <Form form={form} layout="vertical" initialValues={{ minutes: 60, mode: 'in_person' }}>
          <Form.Item name="startsAt" label={t('custody.startsAt')} rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/ }]}>
            <Input type="datetime-local" />
          </Form.Item>
          <Form.Item name="minutes" label={t('custody.minutes')} rules={[{ required: true }]}>
            <InputNumber min={15} max={480} step={15} />
          </Form.Item>
          <Form.Item name="mode" label={t('custody.interrogations')}>
            <Select options={(['in_person', 'remote'] as const).map((m) => ({ value: m, label: t(`custody.mode.${m}`) }))} />
          </Form.Item>
          <Form.Item name="purpose" label={t('custody.purpose')} rules={[{ required: true }]}>
            <Input maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={!!declining}
        title={t('custody.decline')}
        onCancel={() => setDeclining(null)}
        onOk={() => void declineForm.validateFields().then((v) => declining && decide.mutate({ id: declining.id, decision: 'decline', reason: v.reason }))}
        confirmLoading={decide.isPending}
      >
        <Form form={declineForm} layout="vertical">
          <Form.Item name="reason" label={t('custody.declineReason')} rules={[{ required: true }]}><Input maxLength={500} /></Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
