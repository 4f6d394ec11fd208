/**
 * 辩护: for a lawyer, their requests and representations (申请辩护, 委托书 upload, 会见 booking,
 * the client's case and its 阅卷 once CPL 40 opens it); for a handling agency, the requests
 * addressed to it, to confirm or refuse with a reason, and representations to end.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { caseScope } from '@xietong/core/access';
import type { TEndpointResponse } from '@xietong/core/api';
import { Alert, Button, Card, Form, Input, Modal, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { callApi } from '../api/client';
import { defenceApi, foundationApi } from '../api/endpoints';
import { uploadFile } from '../api/files';
import { actorOf } from '../auth/permissions';
import { useCurrentUser } from '../auth/session';
import { ErrorAlert } from '../common/ErrorAlert';
import { fmtDateTime } from '../common/format';

type TRequest = TEndpointResponse<typeof defenceApi.listDefenceRequests>['items'][number];
const KEY = ['defence', 'requests'];
const STATUS_COLOR: Record<string, string> = { pending: 'gold', confirmed: 'green', refused: 'red', withdrawn: 'default', ended: 'default' };

export default function DefencePage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const lawyer = caseScope(actorOf(me)).kind === 'lawyer';
  const list = useQuery({ queryKey: KEY, queryFn: () => callApi(defenceApi.listDefenceRequests, { query: {} }) });
  return (
    <div data-testid="defence-page">
      <Typography.Title level={3}>{lawyer ? t('defence.myTitle') : t('defence.agencyTitle')}</Typography.Title>
      {lawyer ? <ApplyCard /> : null}
      <Card size="small" title={lawyer ? t('defence.myRequests') : t('defence.toDecide')}>
        <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
        <RequestTable items={list.data?.items ?? []} loading={list.isPending} lawyer={lawyer} />
      </Card>
    </div>
  );
}

function ApplyCard() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ clientName: string; clientResidentId: string; caseNumber?: string; agencyId?: string }>();
  const agencies = useQuery({ queryKey: ['agencies'], queryFn: () => callApi(foundationApi.listAgencies) });
  const apply = useMutation({
    mutationFn: (b: { clientName: string; clientResidentId: string; caseNumber?: string; agencyId?: string }) =>
      callApi(defenceApi.createDefenceRequest, { body: { kind: 'retained', ...b, caseNumber: b.caseNumber || undefined } }),
    onSuccess: () => { form.resetFields(); void qc.invalidateQueries({ queryKey: KEY }); },
  });
  const options = (agencies.data?.items ?? []).filter((a) => ['police', 'procuratorate', 'court'].includes(a.type)).map((a) => ({ value: a.id, label: a.name }));
  return (
    <Card size="small" title={t('defence.apply')} style={{ marginBottom: 12 }}>
      <Typography.Paragraph type="secondary">{t('defence.applyHint')}</Typography.Paragraph>
      <ErrorAlert error={apply.error} />
      {apply.isSuccess ? <Alert type="success" showIcon style={{ marginBottom: 8 }} message={t('defence.applied')} /> : null}
      <Form form={form} layout="inline" onFinish={(v) => apply.mutate(v)} data-testid="defence-apply">
        <Form.Item name="clientName" label={t('defence.clientName')} rules={[{ required: true, message: t('defence.clientNameRequired') }]}><Input style={{ width: 120 }} /></Form.Item>
        <Form.Item name="clientResidentId" label={t('defence.residentId')} rules={[{ required: true, pattern: /^\d{17}[\dX]$/, message: t('defence.residentIdInvalid') }]}><Input style={{ width: 200 }} /></Form.Item>
        <Form.Item name="caseNumber" label={t('defence.caseNumber')}><Input style={{ width: 200 }} /></Form.Item>
        <Form.Item name="agencyId" label={t('defence.agency')}><Select allowClear showSearch optionFilterProp="label" options={options} style={{ width: 220 }} /></Form.Item>
        <Form.Item><Button type="primary" htmlType="submit" loading={apply.isPending}>{t('defence.submit')}</Button></Form.Item>
      </Form>
    </Card>
  );
}

function RequestTable({ items, loading, lawyer }: { items: TRequest[]; loading: boolean; lawyer: boolean }) {
  const { t } = useTranslation();
  return (
    <Table<TRequest>
      rowKey="id" size="small" loading={loading} dataSource={items} pagination={{ pageSize: 20, hideOnSinglePage: true }} scroll={{ x: 'max-content' }}
      columns={[
        { title: t('defence.status'), dataIndex: 'status', render: (_: string, r) => <Tag color={STATUS_COLOR[r.status]}>{r.statusName}</Tag> },
        { title: t('defence.kind'), dataIndex: 'kindName' },
        { title: t('defence.clientName'), render: (_, r) => <span>{r.clientName} <Typography.Text type="secondary">{r.clientResidentId}</Typography.Text></span> },
        ...(lawyer ? [] : [{ title: t('defence.lawyer'), render: (_: unknown, r: TRequest) => `${r.lawyer.name}（${r.lawyer.lawfirm.name}，${t('defence.licence')} ${r.lawyer.licenceNo}）` }]),
        {
          title: t('defence.case'),
          render: (_, r) => (r.caseId ? <Link to={`/cases/${r.caseId}`}>{r.caseTitle}</Link> : lawyer ? <Typography.Text type="secondary">{t('defence.caseHidden')}</Typography.Text> : (r.matched ? '' : <Tag>{t('defence.noMatch')}</Tag>)),
        },
        {
          title: t('defence.fileReview'),
          render: (_, r) => (r.status !== 'confirmed' ? '—' : r.fileReviewOpen
            ? <Link to={`/cases/${r.caseId}/dossier`} data-testid="file-review-link"><Tag color="blue">{t('defence.fileReviewOpen')}</Tag></Link>
            : <Tag>{t('defence.fileReviewClosed')}</Tag>),
        },
        { title: t('defence.mandate'), render: (_, r) => (r.mandate ? r.mandate.fileName ?? t('defence.mandateOnFile') : <Tag color="orange">{t('defence.mandateMissing')}</Tag>) },
        { title: t('defence.createdAt'), dataIndex: 'createdAt', render: (v: string) => <span className="xt-nowrap">{fmtDateTime(v)}</span> },
        { title: t('defence.actions'), render: (_, r) => <RowActions r={r} lawyer={lawyer} /> },
      ]}
    />
  );
}

function RowActions({ r, lawyer }: { r: TRequest; lawyer: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [refuseOpen, setRefuseOpen] = useState(false);
  const [reason, setReason] = useState('');
  const refresh = () => void qc.invalidateQueries({ queryKey: KEY });
  const decide = useMutation({ mutationFn: (b: { decision: 'confirm' | 'refuse'; reason?: string }) => callApi(defenceApi.decideDefenceRequest, { params: { id: r.id }, body: b }), onSuccess: () => { setRefuseOpen(false); refresh(); } });
  const end = useMutation({ mutationFn: (reasonCode: 'revoked' | 'dismissed') => callApi(defenceApi.endDefence, { params: { id: r.id }, body: { reason: reasonCode } }), onSuccess: refresh });
  const withdraw = useMutation({ mutationFn: () => callApi(defenceApi.withdrawDefenceRequest, { params: { id: r.id } }), onSuccess: refresh });
  const book = useMutation({ mutationFn: () => callApi(defenceApi.bookMeeting, { params: { id: r.id }, body: {} }), onSuccess: refresh });
  const upload = useMutation({ mutationFn: (f: File) => uploadFile(defenceApi.uploadDefenceMandate, { params: { id: r.id } }, f, () => {}), onSuccess: refresh });
  const error = decide.error ?? end.error ?? withdraw.error ?? book.error ?? upload.error;
  return (
    <Space wrap size={4}>
      {lawyer && r.status === 'pending' ? (
        <Upload showUploadList={false} accept=".pdf,.ofd,.jpg,.jpeg,.png" beforeUpload={(f) => { upload.mutate(f); return false; }}>
          <Button size="small" loading={upload.isPending}>{t('defence.uploadMandate')}</Button>
        </Upload>
      ) : null}
      {lawyer && r.status === 'pending' ? <Button size="small" onClick={() => withdraw.mutate()}>{t('defence.withdraw')}</Button> : null}
      {lawyer && r.status === 'confirmed' ? <Button size="small" type="primary" loading={book.isPending} onClick={() => book.mutate()} data-testid="book-meeting">{t('defence.bookMeeting')}</Button> : null}
      {book.isSuccess ? <Tag color="green">{t('defence.booked', { centre: book.data.detentionCentre.name })}</Tag> : null}
      {!lawyer && r.status === 'pending' ? (
        <>
          <Button size="small" type="primary" loading={decide.isPending} onClick={() => decide.mutate({ decision: 'confirm' })}>{t('defence.confirm')}</Button>
          <Button size="small" danger onClick={() => setRefuseOpen(true)}>{t('defence.refuse')}</Button>
        </>
      ) : null}
      {r.status === 'confirmed' ? <Button size="small" onClick={() => end.mutate(lawyer ? 'revoked' : 'dismissed')}>{lawyer ? t('defence.endRevoked') : t('defence.endDismissed')}</Button> : null}
      {error ? <ErrorAlert error={error} /> : null}
      <Modal open={refuseOpen} title={t('defence.refuse')} onCancel={() => setRefuseOpen(false)} onOk={() => decide.mutate({ decision: 'refuse', reason })} okButtonProps={{ disabled: !reason.trim(), danger: true }}>
        <Input.TextArea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('defence.refuseReason')} />
      </Modal>
    </Space>
  );
}
