/**
 * 扫码核验: a 法律文书 printed by the platform carries a QR reference (print-reference.ts). Anyone
 * holding the paper scans it and asks here whether it matches: the document exists, a version of
 * it was issued with exactly that text (SM3), and that version carries a signature by the named
 * key whose record still matches its ledger entry. The answer names what was issued (文号, title,
 * agency) so the reader compares it with the paper in hand; a mismatch says which check failed,
 * except that a wrong text digest and a document that does not exist get one answer naming nothing.
 */
import { bytesEqual } from '@xietong/core/ledger';
import type { TDb } from '../db/database';
import { writeAudit } from '../audit/write-audit';
import type { TRequestContext } from '../http/context';
import { encodeRowEntry } from '../ledger/entry-for-row';
import { parsePrintReference, textSm3 } from './print-reference';

type TAnswer = {
  matches: boolean;
  reason: string | null;
  document: { number: string | null; title: string; agencyName: string; issuedAt: string; current: boolean } | null;
};

export async function verifyPrintReference(db: TDb, ctx: TRequestContext, reference: string): Promise<TAnswer> {
  const answer = await check(db, reference);
  await writeAudit(db, ctx, {
    action: 'document.reference_checked', targetType: 'document', targetId: parsePrintReference(reference)?.documentId ?? 'unparsed',
    details: { matches: answer.matches, reason: answer.reason },
  });
  return answer;
}

async function check(db: TDb, reference: string): Promise<TAnswer> {
  const ref = parsePrintReference(reference);
  if (!ref) return { matches: false, reason: '不是本平台文书的二维码（格式不符）', document: null };
  const doc = await db.selectFrom('documents as d').innerJoin('agencies as a', 'a.id', 'd.agency_id')
    .select(['d.id', 'd.number', 'd.title', 'd.current_version_id', 'a.name as agency_name'])
    .where('d.id', '=', ref.documentId).executeTakeFirst();
  // a reference whose text digest no issued version has is answered as one naming no document: the
  // platform says what was issued only to whoever holds its text (found in review: a bare document id
  // and any digest returned the 文号, title and agency to an anonymous caller)
  const unknown = { matches: false, reason: '未找到与二维码相符的文书：该文书不存在，或二维码所载内容摘要（SM3）与签发时的内容不符', document: null };
  if (!doc) return unknown;
  const versions = await db.selectFrom('document_versions as v').innerJoin('document_texts as t', 't.version_id', 'v.id')
    .select(['v.id', 'v.uploaded_at', 't.content']).where('v.document_id', '=', doc.id).execute();
  const version = versions.find((v) => textSm3(v.content) === ref.textSm3);
  const shown = (current: boolean, at: Date) => ({ number: doc.number, title: doc.title, agencyName: doc.agency_name, issuedAt: at.toISOString(), current });
  if (!version) return unknown;
  const current = version.id === doc.current_version_id;
  const sigs = await db.selectFrom('document_signatures').selectAll().where('version_id', '=', version.id).where('key_id', '=', ref.keyId).execute();
  const entries = sigs.length
    ? await db.selectFrom('ledger_entries').select(['ref_id', 'entry']).where('ref_table', '=', 'document_signatures').where('ref_id', 'in', sigs.map((s) => s.id)).execute()
    : [];
  // a signature record vouches only as it was logged (verify-signature.ts)
  const logged = sigs.some((s) => {
    const e = entries.find((x) => x.ref_id === s.id);
    return !!e && bytesEqual(encodeRowEntry('signature', 'document_signatures', s), new Uint8Array(e.entry));
  });
  if (!logged) return { matches: false, reason: sigs.length ? '签名记录与区块链存证不符（签名记录已被篡改）' : '未找到该密钥对该文书的签名记录', document: shown(current, version.uploaded_at) };
  return { matches: true, reason: current ? null : '该文书已有新版本，纸质件为旧版本', document: shown(current, version.uploaded_at) };
}
