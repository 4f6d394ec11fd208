/**
 * Anyone holding a document can ask whether it is exactly what an agency issued: the SM3 of
 * the uploaded bytes finds the detached signature records; each is verified with the stored
 * public key. A changed byte finds no record (invalid); the PDF's metadata still tells what it
 * claims to be, so the answer can say "this claims to be 长朝检刑诉〔2021〕15号 but is not".
 */
import { hash, toHex } from '@xietong/core/ledger';
import { writeAudit } from '../audit/write-audit';
import type { TDb } from '../db/database';
import type { TRequestContext } from '../http/context';
import { readXietongInfo } from './pdf-layout';
import { verifyDetached } from './sign-document';

export async function verifySignature(db: TDb, ctx: TRequestContext, bytes: Uint8Array) {
  const sm3 = toHex(hash('sm3', bytes));
  const sha256 = toHex(hash('sha256', bytes));
  const rows = await db.selectFrom('document_signatures as s')
    .innerJoin('document_versions as v', 'v.id', 's.version_id').innerJoin('documents as d', 'd.id', 'v.document_id')
    .select(['s.agency_id', 's.agency_name', 's.key_id', 's.signed_at', 's.public_key_pem', 's.signature', 'd.number', 'd.title'])
    .where('s.digest_sm3', '=', sm3).execute();
  const signatures = rows.map((r) => ({
    agencyId: r.agency_id, agencyName: r.agency_name, keyId: r.key_id, signedAt: r.signed_at.toISOString(),
    valid: verifyDetached(bytes, { publicKeyPem: r.public_key_pem, signature: r.signature }), documentNumber: r.number, documentTitle: r.title,
  }));
  let claimed: { agencyName: string | null; keyId: string | null; documentNumber: string | null } | null = null;
  if (bytes.length >= 5 && Buffer.from(bytes.subarray(0, 5)).toString('latin1') === '%PDF-') {
    const info = await readXietongInfo(bytes);
    if (info) {
      const meta = await readTitleAuthor(bytes);
      claimed = { agencyName: meta?.author ?? null, keyId: info.XietongSignerKeyId ?? null, documentNumber: meta?.subject ?? null };
    }
  }
  const valid = signatures.some((s) => s.valid);
  const reason = valid ? null : signatures.length ? '签名与文件内容不符' : claimed?.keyId ? '文件内容与签发时不一致（已被修改）或并非本平台签发' : '未找到该文件的签名记录';
  await writeAudit(db, ctx, { action: 'signature.verified', targetType: 'document_hash', targetId: sm3, details: { valid, matches: signatures.length, size: bytes.length } });
  return { valid, sm3, sha256, signatures, claimed, reason };
}

async function readTitleAuthor(bytes: Uint8Array): Promise<{ author: string | null; subject: string | null } | null> {
  try {
    const { PDFDocument } = await import('pdf-lib');
    const doc = await PDFDocument.load(bytes, { updateMetadata: false, ignoreEncryption: true });
    return { author: doc.getAuthor() ?? null, subject: doc.getSubject() ?? null };
  } catch {
    return null;
  }
}
