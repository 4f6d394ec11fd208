/**
 * Anyone holding a document can ask whether it is exactly what an agency issued: the SM3 of
 * the uploaded bytes finds the detached signature records; each is verified with the stored
 * public key. A changed byte finds no record (invalid); the PDF's metadata still tells what it
 * claims to be, so the answer can say "this claims to be 长朝检刑诉〔2021〕15号 but is not".
 */
import { bytesEqual, hash, toHex } from '@xietong/core/ledger';
import { encodeRowEntry } from '../ledger/entry-for-row';
import { writeAudit } from '../audit/write-audit';
import type { TDb } from '../db/database';
import type { TRequestContext } from '../http/context';
import { verifyDetached } from './sign-document';

export async function verifySignature(db: TDb, ctx: TRequestContext, bytes: Uint8Array) {
  const sm3 = toHex(hash('sm3', bytes));
  const sha256 = toHex(hash('sha256', bytes));
  const rows = await db.selectFrom('document_signatures as s')
    .innerJoin('document_versions as v', 'v.id', 's.version_id').innerJoin('documents as d', 'd.id', 'v.document_id')
    .selectAll('s').select(['d.number', 'd.title'])
    .where('s.digest_sm3', '=', sm3).execute();
  // A record vouches only as it was logged: one rewritten afterwards (another signer agency,
  // another key) no longer matches its ledger entry and vouches for nobody.
  const entries = rows.length
    ? await db.selectFrom('ledger_entries').select(['ref_id', 'entry']).where('ref_table', '=', 'document_signatures').where('ref_id', 'in', rows.map((r) => r.id)).execute()
    : [];
  let forged = 0;
  const signatures = rows.map(({ number, title, ...row }) => {
    const entry = entries.find((e) => e.ref_id === row.id);
    const logged = !!entry && bytesEqual(encodeRowEntry('signature', 'document_signatures', row), new Uint8Array(entry.entry));
    if (!logged) forged++;
    return {
      agencyId: row.agency_id, agencyName: row.agency_name, keyId: row.key_id, signedAt: row.signed_at.toISOString(),
      valid: logged && verifyDetached(bytes, { publicKeyPem: row.public_key_pem, signature: row.signature }), documentNumber: number, documentTitle: title,
    };
  });
  let claimed: { agencyName: string | null; keyId: string | null; documentNumber: string | null } | null = null;
  if (bytes.length >= 5 && Buffer.from(bytes.subarray(0, 5)).toString('latin1') === '%PDF-') {
    // pdf-lib and fontkit load on first use, not at start (issue #12: restart time)
    const { readXietongInfo } = await import('./pdf-layout');
    const info = await readXietongInfo(bytes);
    if (info) {
      const meta = await readTitleAuthor(bytes);
      claimed = { agencyName: meta?.author ?? null, keyId: info.XietongSignerKeyId ?? null, documentNumber: meta?.subject ?? null };
    }
  }
  const valid = signatures.some((s) => s.valid);
  const reason = valid ? null : forged ? '签名记录与区块链存证不符（签名记录已被篡改）' : signatures.length ? '签名与文件内容不符' : claimed?.keyId ? '文件内容与签发时不一致（已被修改）或并非本平台签发' : '未找到该文件的签名记录';
  await writeAudit(db, ctx, { action: 'signature.verified', targetType: 'document_hash', targetId: sm3, details: { valid, matches: signatures.length, forgedRecords: forged, size: bytes.length } });
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
