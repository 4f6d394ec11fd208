/**
 * 电子卷宗: the volumes and their catalogues (卷内目录) as a tree, page thumbnails, the PDF or
 * image viewer with page navigation and zoom, and the evidence checklist (证据指引) beside it.
 * Upload (with a progress bar), download of one document, export of a volume as one PDF and of
 * the whole dossier as an offline transfer package.
 */
import { caseScope } from '@xietong/core/access';
import { actorOf } from '../auth/permissions';
import { DownloadOutlined, ExportOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { DOCUMENT_TYPES, type TDocumentType } from '@xietong/core/processes';
import { defaultVolumeFor, volumeSpec, volumesForAgencyType, type TDossierVolumeKind } from '@xietong/core/dossier';
import { SEND_STAGES, type TSendStage } from '@xietong/core/evidence';
import type { TEndpointResponse } from '@xietong/core/api';
import type { TAgencyType } from '@xietong/core/agencies';
import { Alert, App, Button, Empty, Form, Input, Modal, Progress, Result, Select, Skeleton, Space, Tag, Tree, Typography, Upload } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { ApiError, callApi } from '../api/client';
import { documentApi } from '../api/endpoints';
import { endpointUrl, uploadFile } from '../api/files';
import { useCurrentUser } from '../auth/session';
import { ErrorAlert } from '../common/ErrorAlert';
import { ClassificationTag } from '../common/ClassificationTag';
import { CLASSIFICATIONS, CLASSIFICATION_CODES, type TClassification } from '@xietong/core/cases';
import { pick } from '../i18n';
import { ImageViewer, PdfViewer } from './PdfViewer';
import { lawText } from '../common/LawRef';
import { evidenceQueryKey } from '../processes/send-evidence';
import { documentTitle, evidenceItemCondition, evidenceItemName, volumeName } from '../processes/labels';

type TDossier = TEndpointResponse<typeof documentApi.getDossier>;
type TItem = TDossier['volumes'][number]['items'][number];

export default function DossierPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  // 辩护人阅卷 (CPL 40): read only, every page watermarked; no upload, export or evidence checklist
  const defence = caseScope(actorOf(me)).kind === 'lawyer';
  const [selected, setSelected] = useState<TItem | null>(null);
  const [search] = useSearchParams();
  const wanted = search.get('doc');
  const [uploadOpen, setUploadOpen] = useState(false);
  // opened from the process card's missing-evidence list: that stage, that item in view
  const wantedStage = search.get('stage');
  const focusItem = search.get('item');
  const [stage, setStage] = useState<TSendStage>(wantedStage && wantedStage in SEND_STAGES ? (wantedStage as TSendStage) : 'arrest_request');
  const [uploadItems, setUploadItems] = useState<string[]>([]);
  const focusRef = useRef<HTMLLIElement | null>(null);
  const dossier = useQuery({
    queryKey: ['case', id, 'dossier'],
    queryFn: ({ signal }) => callApi(documentApi.getDossier, { params: { id }, signal }),
  });
  // opened from the 法律文书 card or the timeline: show that document
  useEffect(() => {
    if (!wanted || !dossier.data) return;
    const item = dossier.data.volumes.flatMap((v) => v.items).find((d) => d.documentId === wanted);
    if (item) setSelected(item);
  }, [wanted, dossier.data]);
  const evidence = useQuery({
    queryKey: evidenceQueryKey(id, stage),
    queryFn: ({ signal }) => callApi(documentApi.evidenceCheck, { params: { id }, query: { stage }, signal }),
    enabled: dossier.isSuccess && !defence,
  });
  useEffect(() => {
    if (focusItem && evidence.data) focusRef.current?.scrollIntoView({ block: 'center' });
  }, [focusItem, evidence.data]);
  const detail = useQuery({
    queryKey: ['document', selected?.documentId],
    queryFn: ({ signal }) => callApi(documentApi.getDocument, { params: { id: selected!.documentId }, signal }),
    enabled: !!selected,
  });
  const qc = useQueryClient();
  // 关联: tag the open document to one more checklist item (keeping its other tags and their values).
  const tag = useMutation({
    mutationFn: (itemId: string) =>
      callApi(documentApi.tagEvidence, {
        params: { id: selected!.documentId },
        body: { items: [...(detail.data?.evidenceTags ?? []).filter((x) => x.itemId !== itemId), { itemId }] },
      }),
    onSuccess: (d) => {
      qc.setQueryData(['document', d.id], d);
      void qc.invalidateQueries({ queryKey: ['case', id, 'evidence'] });
    },
  });
  const tree = useMemo<DataNode[]>(
    () =>
      (dossier.data?.volumes ?? []).map((v) => ({
        key: `${v.agencyId}:${v.kind}`,
        selectable: false,
        title: (
          <span>
            {v.agencyName} · {volumeName(v.kind, v.zh, i18n.language)} <Typography.Text type="secondary">({v.totalPages})</Typography.Text>
            {v.inherited ? <Tag style={{ marginInlineStart: 4 }}>{t('dossier.inherited')}</Tag> : null}
            <a
              href={endpointUrl(documentApi.exportVolumePdf, { params: { id, agencyId: v.agencyId, kind: v.kind } })}
              download
              style={{ marginInlineStart: 6 }}
              aria-label={`${t('dossier.exportVolume')} ${volumeName(v.kind, v.zh, i18n.language)}`}
              onClick={(e) => e.stopPropagation()}
            >
              <ExportOutlined />
            </a>
          </span>
        ),
        children: v.items.map((d) => ({
          key: d.documentId,
          isLeaf: true,
          title: (
            <span data-testid="dossier-item">
              {documentTitle(d.docType, d.title, i18n.language)}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {' '}
                {d.pageFrom && d.pageTo ? `${d.pageFrom}–${d.pageTo}` : t('dossier.pages', { n: d.pages })}
              </Typography.Text>
            </span>
          ),
        })),
      })),
    [dossier.data, id, t, i18n.language],
  );

  if (dossier.error instanceof ApiError && dossier.error.status === 404) {
    return <Result status="404" title={<span data-testid="case-not-found">{t('caseDetail.notFound')}</span>} extra={<Link to="/cases">{t('nav.cases')}</Link>} />;
  }
  const items = (dossier.data?.volumes ?? []).flatMap((v) => v.items);
  const contentUrl = selected ? endpointUrl(documentApi.downloadDocument, { params: { id: selected.documentId }, query: { disposition: 'inline' } }) : null;

  return (
    <div data-testid="dossier">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }} wrap>
        <Space>
          <Typography.Title level={3} style={{ margin: 0 }}>{t('dossier.title')}</Typography.Title>
          <Link to={`/cases/${id}`}>{t('dossier.backToCase')}</Link>
        </Space>
        <Space wrap>
          {selected ? (
            <a href={endpointUrl(documentApi.downloadDocument, { params: { id: selected.documentId }, query: { disposition: 'attachment' } })} download>
              <Button icon={<DownloadOutlined />} tabIndex={-1}>{t('common.download')}</Button>
            </a>
          ) : null}
          {defence ? null : (
            <>
              <a href={endpointUrl(documentApi.exportPackage, { params: { id } })} download>
                <Button icon={<ExportOutlined />} tabIndex={-1}>{t('dossier.exportPackage')}</Button>
              </a>
              <Button type="primary" icon={<UploadOutlined />} onClick={() => { setUploadItems([]); setUploadOpen(true); }} data-testid="upload-button">{t('dossier.upload')}</Button>
            </>
          )}
        </Space>
      </Space>
      <ErrorAlert error={dossier.error} onRetry={() => void dossier.refetch()} />
      <div className="xt-viewer">
        <nav aria-label={t('dossier.catalogue')} data-testid="dossier-tree">
          {dossier.isPending ? <Skeleton active /> : null}
          {dossier.data && !items.length ? <Empty description={t('dossier.empty')} /> : null}
          {items.length ? (
            <Tree
              treeData={tree}
              defaultExpandAll
              blockNode
              selectedKeys={selected ? [selected.documentId] : []}
              onSelect={(keys) => setSelected(items.find((d) => d.documentId === keys[0]) ?? null)}
            />
          ) : null}
        </nav>
        {selected && contentUrl ? (
          selected.mediaType === 'application/pdf' ? (
            <PdfViewer key={contentUrl} url={contentUrl} title={documentTitle(selected.docType, selected.title, i18n.language)} />
          ) : selected.mediaType.startsWith('image/') ? (
            <ImageViewer key={contentUrl} url={contentUrl} title={documentTitle(selected.docType, selected.title, i18n.language)} />
          ) : (
            <>
              <aside />
              <section>
                <Empty description={t('dossier.noPreview')}>
                  <a href={endpointUrl(documentApi.downloadDocument, { params: { id: selected.documentId }, query: { disposition: 'attachment' } })} download>{t('common.download')}</a>
                </Empty>
              </section>
            </>
          )
        ) : (
          <>
            <aside aria-label={t('dossier.thumbnails')} />
            <section>
              <Empty description={t('dossier.pick')} />
            </section>
          </>
        )}
        <aside aria-label={t('dossier.evidence')} data-testid="evidence-checklist">
          {selected && detail.data ? (
            <Typography.Paragraph style={{ marginBottom: 8 }} data-testid="selected-document">
              <ClassificationTag level={detail.data.classification} />
              {documentTitle(detail.data.docType, detail.data.title, i18n.language)}
            </Typography.Paragraph>
          ) : null}
          {defence ? <Alert type="info" showIcon message={t('defence.watermarkNotice')} data-testid="defence-notice" /> : null}
          {defence ? null : <Typography.Title level={5} style={{ marginTop: 0 }}>{t('dossier.evidence')}</Typography.Title>}
          {defence ? null : <Select<TSendStage>
            size="small"
            value={stage}
            onChange={setStage}
            style={{ width: '100%', marginBottom: 8 }}
            aria-label={t('dossier.stage')}
            options={(Object.keys(SEND_STAGES) as TSendStage[]).map((s) => ({ value: s, label: pick(SEND_STAGES[s], i18n.language) }))}
          />}
          <ErrorAlert error={evidence.error ?? tag.error} />
          {evidence.isPending && dossier.isSuccess && !defence ? <Skeleton active /> : null}
          {evidence.data ? (
            <>
              <Tag color={evidence.data.complete ? 'green' : 'red'}>{evidence.data.complete ? t('dossier.complete') : t('dossier.incomplete', { n: evidence.data.missing.length })}</Tag>
              <ul style={{ paddingInlineStart: 0, listStyle: 'none', marginTop: 8 }}>
                {evidence.data.items.map((it) => (
                  <li
                    key={it.id}
                    ref={it.id === focusItem ? focusRef : undefined}
                    className={it.id === focusItem ? 'xt-evidence-focus' : undefined}
                    style={{ marginBottom: 6 }}
                    data-testid="evidence-item"
                    data-item={it.id}
                    data-present={String(it.present)}
                    data-focused={it.id === focusItem ? 'true' : undefined}
                  >
                    <Tag color={it.present ? 'green' : it.mandatory ? 'red' : 'default'}>{it.present ? '✓' : '○'}</Tag>
                    {evidenceItemName(it.id, it.zh, i18n.language)}
                    {it.mandatory ? <Typography.Text type="danger"> *</Typography.Text> : null}
                    {it.condition ? <div style={{ fontSize: 11, color: '#888' }}>{lawText(evidenceItemCondition(it.id, it.condition, i18n.language), i18n.language)}</div> : null}
                    <Space size={12} style={{ display: 'flex' }}>
                      {!it.present ? (
                        <Button
                          type="link"
                          size="small"
                          style={{ padding: 0, height: 'auto' }}
                          onClick={() => { setUploadItems([it.id]); setUploadOpen(true); }}
                          data-testid={`upload-for-${it.id}`}
                        >
                          {t('dossier.uploadForItem')}
                        </Button>
                      ) : null}
                      {selected && detail.data && !detail.data.evidenceTags.some((x) => x.itemId === it.id) ? (
                        <Button
                          type="link"
                          size="small"
                          style={{ padding: 0, height: 'auto' }}
                          loading={tag.isPending && tag.variables === it.id}
                          disabled={tag.isPending}
                          onClick={() => tag.mutate(it.id)}
                          data-testid={`tag-${it.id}`}
                        >
                          {t('dossier.tagCurrent')}
                        </Button>
                      ) : null}
                    </Space>
                  </li>
                ))}
              </ul>
              {evidence.data.failedRules.map((r) => (
                <Typography.Paragraph key={`${r.itemId}-${r.field}`} type="danger" style={{ fontSize: 12 }}>{r.zh}: {r.reason}</Typography.Paragraph>
              ))}
            </>
          ) : null}
        </aside>
      </div>
      <UploadDialog
        caseId={id}
        open={uploadOpen}
        agencyType={me.agency.type}
        checklist={evidence.data?.items ?? []}
        initialItems={uploadItems}
        volumes={volumesForAgencyType(me.agency.type)}
        lang={i18n.language}
        onClose={() => setUploadOpen(false)}
      />
    </div>
  );
}

type TUploadValues = { title: string; docType: string; volume?: TDossierVolumeKind; items?: string[]; classification: TClassification };
type TChecklistItem = TEndpointResponse<typeof documentApi.evidenceCheck>['items'][number];

function UploadDialog(props: {
  caseId: string;
  open: boolean;
  agencyType: TAgencyType;
  /** The checklist shown beside the viewer: the upload can be tagged to its items in the same step. */
  checklist: TChecklistItem[];
  initialItems: string[];
  volumes: TDossierVolumeKind[];
  lang: string;
  onClose: () => void;
}) {
  const { caseId, open, volumes, lang, onClose } = props;
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<TUploadValues>();
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState(0);
  useEffect(() => {
    if (open) form.setFieldValue('items', props.initialItems);
  }, [open, props.initialItems, form]);
  const upload = useMutation({
    mutationFn: async (v: TUploadValues) => {
      const doc = await uploadFile(documentApi.uploadDocument, { params: { id: caseId }, query: { title: v.title, docType: v.docType, classification: v.classification, ...(v.volume ? { volume: v.volume } : {}) } }, file!, setProgress);
      if (v.items?.length) await callApi(documentApi.tagEvidence, { params: { id: doc.id }, body: { items: v.items.map((itemId) => ({ itemId })) } });
      return doc;
    },
    onSuccess: () => {
      void message.success(t('dossier.uploaded'));
      void qc.invalidateQueries({ queryKey: ['case', caseId] });
      form.resetFields();
      setFile(null);
      setProgress(0);
      onClose();
    },
  });
  const docTypes = [
    { value: 'evidence_material', label: t('dossier.evidenceMaterial') },
    ...(Object.keys(DOCUMENT_TYPES) as TDocumentType[]).map((d) => ({ value: d, label: pick(DOCUMENT_TYPES[d], lang) })),
  ];
  return (
    <Modal
      open={open}
      title={t('dossier.upload')}
      okText={t('dossier.upload')}
      cancelText={t('common.cancel')}
      confirmLoading={upload.isPending}
      okButtonProps={{ disabled: !file, 'data-testid': 'upload-submit' }}
      onOk={() => void form.validateFields().then((v) => upload.mutate(v))}
      onCancel={() => {
        if (upload.isPending) return;
        upload.reset();
        onClose();
      }}
      destroyOnHidden
    >
      <ErrorAlert error={upload.error} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ docType: 'evidence_material', volume: defaultVolumeFor(props.agencyType, 'evidence_material'), items: props.initialItems, classification: 'internal' }}
        // the volume follows the type (证据材料 → 证据卷, 拘留通知书 → 诉讼文书卷) unless the user picks another
        onValuesChange={(changed: Partial<TUploadValues>) => {
          if (changed.docType) form.setFieldValue('volume', defaultVolumeFor(props.agencyType, changed.docType));
        }}
      >
        <Form.Item label={t('dossier.file')} required>
          <Upload
            accept=".pdf,.jpg,.jpeg,.png,.ofd"
            maxCount={1}
            beforeUpload={(f) => {
              setFile(f);
              if (!form.getFieldValue('title')) form.setFieldValue('title', f.name.replace(/\.[^.]+$/, ''));
              return false;
            }}
            onRemove={() => setFile(null)}
            fileList={file ? [{ uid: '1', name: file.name, status: 'done' }] : []}
          >
            <Button icon={<UploadOutlined />} data-testid="upload-pick">{t('dossier.pickFile')}</Button>
          </Upload>
        </Form.Item>
        <Form.Item name="title" label={t('dossier.docTitle')} rules={[{ required: true }]}>
          <Input maxLength={200} data-testid="upload-title" />
        </Form.Item>
        <Form.Item name="docType" label={t('dossier.docType')} rules={[{ required: true }]}>
          <Select data-testid="upload-doc-type" showSearch={{ optionFilterProp: 'label' }} options={docTypes} />
        </Form.Item>
        <Form.Item name="volume" label={t('dossier.volume')}>
          <Select data-testid="upload-volume" options={volumes.map((v) => ({ value: v, label: volumeName(v, volumeSpec(v).zh, lang) }))} />
        </Form.Item>
        {/* 密级: above the platform's level the server refuses (DOCUMENT_CLASSIFIED) */}
        <Form.Item name="classification" label={t('security.classification')}>
          <Select data-testid="upload-classification" options={CLASSIFICATION_CODES.map((c) => ({ value: c, label: pick(CLASSIFICATIONS[c], lang) }))} />
        </Form.Item>
        {props.checklist.length ? (
          <Form.Item name="items" label={t('dossier.tagItems')} extra={t('dossier.tagItemsHint')}>
            <Select
              mode="multiple"
              allowClear
              data-testid="upload-items"
              showSearch={{ optionFilterProp: 'label' }}
              options={props.checklist.map((i) => ({ value: i.id, label: `${i.present ? '✓ ' : ''}${evidenceItemName(i.id, i.zh, lang)}` }))}
            />
          </Form.Item>
        ) : null}
        {upload.isPending || progress > 0 ? <Progress percent={progress} status={upload.isError ? 'exception' : undefined} data-testid="upload-progress" /> : null}
      </Form>
    </Modal>
  );
}
