/**
 * 验证签名: upload a document downloaded from the platform (POST /api/signatures/verify, no sign-in
 * needed) and see which agency signed it and whether these exact bytes carry a valid signature.
 * Served inside the shell for signed-in users and bare at the same URL for anyone else.
 */
import { InboxOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import type { TEndpointResponse } from '@xietong/core/api';
import { Button, Descriptions, Progress, Result, Space, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { documentApi } from '../api/endpoints';
import { uploadFile } from '../api/files';
import { ErrorAlert } from '../common/ErrorAlert';
import { fmtDateTime } from '../common/format';

type TVerification = TEndpointResponse<typeof documentApi.verifySignature>;

export default function VerifySignaturePage() {
  const { t } = useTranslation();
  const [progress, setProgress] = useState(0);
  const [fileName, setFileName] = useState<string | null>(null);
  const verify = useMutation({
    mutationFn: (file: File) => {
      setProgress(0);
      setFileName(file.name);
      return uploadFile(documentApi.verifySignature, {}, file, setProgress);
    },
  });
  const r: TVerification | undefined = verify.data;

  return (
    <div data-testid="verify-page" style={{ maxWidth: 820 }}>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        <SafetyCertificateOutlined /> {t('verify.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('verify.intro')}</Typography.Paragraph>
      <Upload.Dragger
        accept=".pdf,application/pdf,.ofd,image/*"
        multiple={false}
        showUploadList={false}
        disabled={verify.isPending}
        beforeUpload={(file) => {
          verify.mutate(file);
          return false;
        }}
        data-testid="verify-upload"
      >
        <p className="ant-upload-drag-icon"><InboxOutlined /></p>
        <p className="ant-upload-text">{t('verify.pickFile')}</p>
      </Upload.Dragger>
      {verify.isPending ? (
        <div style={{ marginTop: 12 }} aria-live="polite">
          <Typography.Text>{t('verify.verifying')}</Typography.Text>
          <Progress percent={progress} size="small" data-testid="verify-progress" />
        </div>
      ) : null}
      <div style={{ marginTop: 12 }}>
        <ErrorAlert error={verify.error} />
      </div>
      {r && !verify.isPending ? <VerificationResult r={r} fileName={fileName} onAgain={() => verify.reset()} /> : null}
    </div>
  );
}

function VerificationResult({ r, fileName, onAgain }: { r: TVerification; fileName: string | null; onAgain: () => void }) {
  const { t } = useTranslation();
  // no signature record and no signer claimed in the file: not signed at all (a photo, a scan), not a broken signature
  const unsigned = !r.valid && r.signatures.length === 0 && !r.claimed?.keyId;
  const verdict = r.valid ? 'valid' : unsigned ? 'unsigned' : 'invalid';
  return (
    <div data-testid="verify-result" data-valid={String(r.valid)} data-verdict={verdict} aria-live="polite">
      <Result
        status={r.valid ? 'success' : unsigned ? 'warning' : 'error'}
        title={<span data-testid="verify-status">{t(`verify.${verdict}`)}</span>}
        subTitle={r.valid ? t('verify.validHint') : unsigned ? t('verify.unsignedHint') : (r.reason ?? undefined)}
        extra={<Button onClick={onAgain}>{t('verify.again')}</Button>}
        style={{ padding: '16px 0' }}
      />
      <Descriptions size="small" column={1} bordered style={{ marginBottom: 12 }}>
        {fileName ? <Descriptions.Item label={t('verify.fileName')}>{fileName}</Descriptions.Item> : null}
        <Descriptions.Item label={t('verify.sm3')}><Typography.Text code copyable style={{ fontSize: 12 }}>{r.sm3}</Typography.Text></Descriptions.Item>
      </Descriptions>
      {r.signatures.map((s) => (
        <Descriptions key={`${s.keyId}-${s.signedAt}`} size="small" column={1} bordered style={{ marginBottom: 12 }} data-testid="verify-signature">
          <Descriptions.Item label={t('verify.agency')}><span data-testid="verify-agency">{s.agencyName}</span></Descriptions.Item>
          <Descriptions.Item label={t('verify.docTitle')}>{s.documentTitle}</Descriptions.Item>
          <Descriptions.Item label={t('verify.number')}><span data-testid="verify-number">{s.documentNumber ?? '—'}</span></Descriptions.Item>
          <Descriptions.Item label={t('verify.signedAt')}>{fmtDateTime(s.signedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('verify.signatureValid')}>
            <Tag color={s.valid ? 'green' : 'red'}>{s.valid ? t('verify.ok') : t('verify.failed')}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('verify.keyId')}><Typography.Text code style={{ fontSize: 11 }}>{s.keyId}</Typography.Text></Descriptions.Item>
        </Descriptions>
      ))}
      {!r.valid && r.claimed ? (
        <Descriptions size="small" column={1} bordered title={t('verify.claimed')} data-testid="verify-claimed">
          <Descriptions.Item label={t('verify.claimedAgency')}>{r.claimed.agencyName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('verify.claimedNumber')}>{r.claimed.documentNumber ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('verify.keyId')}>
            <Space><Typography.Text code style={{ fontSize: 11 }}>{r.claimed.keyId ?? '—'}</Typography.Text></Space>
          </Descriptions.Item>
        </Descriptions>
      ) : null}
    </div>
  );
}
