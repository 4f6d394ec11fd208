/**
 * 法律文书 on the case card: every document issued for this case, by a process step or from a
 * template (origin `generated`: numbered and signed), each once, viewable in the dossier viewer
 * and downloadable; and 生成文书 — a template the user's agency may issue
 * (`issuers`), its author fields, then POST /api/cases/:id/legal-documents. The case data
 * (suspects, charges, numbers) is filled in by the server from the shared case record.
 */
import { DownloadOutlined, FileProtectOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { hasRole } from '@xietong/core/access';
import type { TEndpointResponse } from '@xietong/core/api';
import { Alert, Button, Card, Descriptions, Empty, Form, Input, Modal, Result, Select, Skeleton, Spin, Table, Typography } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { callApi } from '../api/client';
import { documentApi, processApi } from '../api/endpoints';
import { endpointUrl } from '../api/files';
import { useCurrentUser } from '../auth/session';
import { ErrorAlert } from '../common/ErrorAlert';
import { fmtDateTime } from '../common/format';
import { DOCUMENT_TYPES } from '@xietong/core/processes';
import { docName } from '../processes/ActionDialog';

type TDocument = TEndpointResponse<typeof documentApi.listDocuments>['items'][number];
/** A row of the card: a signed PDF, or a document numbered before PDFs were issued (no id). */
type TRow = Pick<TDocument, 'title' | 'number' | 'agencyName' | 'createdAt' | 'docType'> & { id: string | null; key: string };
type TTemplate = TEndpointResponse<typeof documentApi.listLegalTemplates>['items'][number];
type TGenerated = TEndpointResponse<typeof documentApi.generateLegalDocument>;

export function downloadUrl(documentId: string): string {
  return endpointUrl(documentApi.downloadDocument, { params: { id: documentId }, query: { disposition: 'attachment' } });
}

/** The dossier viewer opened at one document. */
export function dossierViewUrl(caseId: string, documentId: string): string {
  return `/cases/${caseId}/dossier?doc=${encodeURIComponent(documentId)}`;
}

export function LegalDocumentsCard({ caseId, isParty }: { caseId: string; isParty: boolean }) {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const [open, setOpen] = useState(false);
  const docs = useQuery({
    queryKey: ['case', caseId, 'documents'],
    queryFn: ({ signal }) => callApi(documentApi.listDocuments, { params: { id: caseId }, signal }),
  });
  const canGenerate = isParty && hasRole({ roles: me.roles }, 'handler', 'approver', 'clerk');
  // the same query as the case page's timeline (shared cache): documents numbered without a PDF
  // (history from before PDFs were issued, older demo cases) are listed too, once each
  const timeline = useQuery({
    queryKey: ['case', caseId, 'timeline'],
    queryFn: ({ signal }) => callApi(processApi.timeline, { params: { id: caseId }, signal }),
  });
  const legal: TRow[] = (docs.data?.items ?? []).filter((d) => d.origin === 'generated').map((d) => ({ ...d, key: d.id }));
  const seen = new Set(legal.map((d) => d.number));
  for (const e of timeline.data?.items ?? []) {
    for (const d of e.documents) {
      if (!d.issued || d.documentId || !d.number || seen.has(d.number)) continue;
      seen.add(d.number);
      legal.push({ id: null, key: `${e.id}:${d.type}`, docType: d.type, title: d.name, number: d.number, agencyName: e.actor.agencyName, createdAt: e.at });
    }
  }
  return (
    <Card
      size="small"
      title={t('legalDocs.title')}
      style={{ marginBottom: 12 }}
      data-testid="legal-documents"
      extra={
        canGenerate ? (
          <Button size="small" type="primary" ghost icon={<FileProtectOutlined />} onClick={() => setOpen(true)} data-testid="generate-legal-document">
            {t('legalDocs.generate')}
          </Button>
        ) : null
      }
    >
      <ErrorAlert error={docs.error} onRetry={() => void docs.refetch()} />
      {docs.isPending ? <Skeleton active paragraph={{ rows: 2 }} /> : null}
      {docs.data ? (
        <Table<TRow>
          rowKey="key"
          size="small"
          pagination={false}
          dataSource={legal}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('legalDocs.empty')} /> }}
          onRow={() => ({ 'data-testid': 'legal-document-row' }) as HTMLAttributes<HTMLElement>}
          columns={[
            // in English the type's English name; the Chinese title is the document's own
            { title: t('legalDocs.docTitle'), dataIndex: 'title', render: (v: string, d) => (i18n.language === 'en-US' && d.docType in DOCUMENT_TYPES ? docName(d.docType, i18n.language) : v) },
            { title: t('legalDocs.number'), dataIndex: 'number', render: (v: string | null) => <span data-testid="legal-document-number">{v ?? '—'}</span> },
            { title: t('legalDocs.agency'), dataIndex: 'agencyName' },
            { title: t('legalDocs.createdAt'), dataIndex: 'createdAt', render: (v: string) => fmtDateTime(v) },
            {
              title: t('common.actions'),
              key: 'download',
              width: 120,
              render: (_, d) => (d.id === null ? <Typography.Text type="secondary">{t('legalDocs.numberOnly')}</Typography.Text> : (
                <span style={{ whiteSpace: 'nowrap' }}>
                  <Link to={dossierViewUrl(caseId, d.id)} data-testid="legal-document-view" aria-label={`${t('legalDocs.view')} ${d.title}`}>{t('legalDocs.view')}</Link>
                  {' '}
                  <a href={downloadUrl(d.id)} download aria-label={`${t('common.download')} ${d.title}`}>
                    <DownloadOutlined /> {t('common.download')}
                  </a>
                </span>
              )),
            },
          ]}
        />
      ) : null}
      {open ? <GenerateDialog caseId={caseId} agencyType={me.agency.type} onClose={() => setOpen(false)} /> : null}
    </Card>
  );
}

function GenerateDialog({ caseId, agencyType, onClose }: { caseId: string; agencyType: string; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [form] = Form.useForm<Record<string, string>>();
  const [templateId, setTemplateId] = useState<string | undefined>();
  const templates = useQuery({
    queryKey: ['legal-templates'],
    queryFn: ({ signal }) => callApi(documentApi.listLegalTemplates, { signal }),
    staleTime: 10 * 60_000,
  });
  const mine = (templates.data?.items ?? []).filter((x) => x.issuers.includes(agencyType));
  const template: TTemplate | undefined = mine.find((x) => x.id === templateId);
  const generate = useMutation({
    mutationFn: (fields: Record<string, string>) => callApi(documentApi.generateLegalDocument, { params: { id: caseId }, body: { templateId: templateId!, fields } }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['case', caseId, 'documents'] });
      void qc.invalidateQueries({ queryKey: ['case', caseId, 'dossier'] });
    },
  });
  const done: TGenerated | undefined = generate.data;

  const submit = async () => {
    let values: Record<string, string>;
    try {
      values = await form.validateFields();
    } catch {
      return; // the form shows the field messages
    }
    const fields = Object.fromEntries(Object.entries(values).filter(([, v]) => typeof v === 'string' && v.trim() !== '').map(([k, v]) => [k, v.trim()]));
    generate.mutate(fields);
  };

  return (
    <Modal
      open
      width={640}
      title={t('legalDocs.generate')}
      onCancel={onClose}
      maskClosable={false}
      data-testid="generate-dialog"
      footer={
        done
          ? [
              <Button key="another" onClick={() => { generate.reset(); form.resetFields(); }}>{t('legalDocs.another')}</Button>,
              <Button key="close" type="primary" onClick={onClose} data-testid="generate-close">{t('common.close')}</Button>,
            ]
          : [
              <Button key="cancel" onClick={onClose}>{t('common.cancel')}</Button>,
              <Button key="ok" type="primary" disabled={!template} loading={generate.isPending} onClick={() => void submit()} data-testid="generate-submit">
                {t('legalDocs.submit')}
              </Button>,
            ]
      }
    >
      {done ? (
        <Result
          status="success"
          title={t('legalDocs.done')}
          subTitle={done.document.title}
          data-testid="generate-result"
          extra={
            <a href={downloadUrl(done.document.id)} download data-testid="generated-download">
              <Button type="primary" icon={<DownloadOutlined />} tabIndex={-1}>{t('legalDocs.download')}</Button>
            </a>
          }
        >
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('legalDocs.number')}><span data-testid="generated-number">{done.document.number ?? '—'}</span></Descriptions.Item>
            <Descriptions.Item label={t('legalDocs.signer')}><span data-testid="generated-signer">{done.signature.agencyName}</span></Descriptions.Item>
            <Descriptions.Item label={t('legalDocs.signedAt')}>{fmtDateTime(done.signature.signedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('legalDocs.algorithm')}>{done.signature.algorithm}</Descriptions.Item>
          </Descriptions>
        </Result>
      ) : (
        <Spin spinning={generate.isPending} description={t('legalDocs.generating')}>
          <ErrorAlert error={templates.error} onRetry={() => void templates.refetch()} />
          <ErrorAlert error={generate.error} />
          {templates.data && !mine.length ? <Alert type="info" showIcon title={t('legalDocs.noTemplates')} style={{ marginBottom: 12 }} /> : null}
          <Form form={form} layout="vertical" disabled={generate.isPending}>
            <Form.Item label={t('legalDocs.template')} required>
              <Select
                value={templateId}
                onChange={(v: string) => {
                  setTemplateId(v);
                  generate.reset();
                  form.resetFields();
                }}
                placeholder={t('legalDocs.pickTemplate')}
                loading={templates.isPending}
                options={mine.map((x) => ({ value: x.id, label: x.title }))}
                data-testid="template-select"
                aria-label={t('legalDocs.template')}
              />
            </Form.Item>
            {template ? (
              <>
                <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>{t('legalDocs.fromCase')}</Typography.Paragraph>
                {template.fields.map((f) => (
                  <Form.Item
                    key={`${template.id}-${f.key}`}
                    name={f.key}
                    label={f.zh}
                    initialValue={f.default}
                    rules={f.required ? [{ required: true, whitespace: true, message: `${t('newCase.required')}: ${f.zh}` }] : []}
                  >
                    <Input.TextArea autoSize={{ minRows: 1, maxRows: 6 }} maxLength={20000} data-testid={`field-${f.key}`} />
                  </Form.Item>
                ))}
              </>
            ) : null}
          </Form>
        </Spin>
      )}
    </Modal>
  );
}
