/**
 * The person confirms a record: their handwritten signature and fingerprint (PNG from a
 * signature pad or canvas) are bound to the record's hash — binding = SM3 over the record hash
 * and both image hashes — and sealed into a PDF signed with the agency's SM2 key. A changed
 * byte of the PDF fails verification; a changed answer no longer matches the binding.
 */
import { Readable } from 'node:stream';
import { defaultVolumeFor, formatChineseDate, RECORD_KINDS, recordBindingText, sniffMediaType, ZRecordContent } from '@xietong/core/dossier';
import { hash, toHex, utf8 } from '@xietong/core/ledger';
import type { PDFImage } from 'pdf-lib';
import type { z } from 'zod';
import type { ZConfirmRecordRequest } from '@xietong/core/api';
import { assertCaseWritable } from '../access/gate';
import { writeAudit } from '../audit/write-audit';
import { shanghaiParts } from '../cases/numbers';
import { AppError } from '../http/app-error';
import type { TAuthedContext } from '../http/route';
import { loadDocumentView } from './documents.repository';
import { agencySigner, signerInfo, signVersion } from './sign-document';
import { insertDocument, insertVersion } from './store-version';
import type { TDocumentDeps } from './types';

/**
 * A signature pad or fingerprint scanner gives a few hundred pixels a side. The PNG is decoded in
 * full when it is embedded (pdf-lib, on the event loop): a 659 KB file declaring 11000×11000 pixels
 * held every request of the node for ~12 s and took ~1 GB (found in review). The size is read from
 * the header and refused before anything is decoded.
 */
export const RECORD_IMAGE_MAX = { side: 4096, pixels: 4_000_000 } as const;

function decodePng(b64: string, what: string): Buffer {
  const buf = Buffer.from(b64.replace(/^data:image\/png;base64,/, ''), 'base64');
  const s = sniffMediaType(buf, true);
  if (!(s.ok === true && s.kind === 'png')) throw new AppError('DOCUMENT_TYPE_REFUSED', { message: `${what}应为PNG图像`, details: { field: what } });
  // the first chunk of a PNG is IHDR: width and height at bytes 16–23
  if (buf.length < 33 || buf.toString('latin1', 12, 16) !== 'IHDR') {
    throw new AppError('DOCUMENT_TYPE_REFUSED', { message: `${what}已损坏：缺少图像头（IHDR）`, details: { field: what } });
  }
  const width = buf.readUInt32BE(16);
  const height = buf.readUInt32BE(20);
  if (width === 0 || height === 0 || width > RECORD_IMAGE_MAX.side || height > RECORD_IMAGE_MAX.side || width * height > RECORD_IMAGE_MAX.pixels) {
    throw new AppError('DOCUMENT_TYPE_REFUSED', {
      message: `${what}尺寸不合要求：${width}×${height}像素，每边不超过${RECORD_IMAGE_MAX.side}像素、总计不超过${RECORD_IMAGE_MAX.pixels}像素`,
      details: { field: what, width, height, maxSide: RECORD_IMAGE_MAX.side, maxPixels: RECORD_IMAGE_MAX.pixels },
    });
  }
  return buf;
}

/** Embeds a checked PNG; a file whose data is truncated or corrupt is the caller's error, not the server's. */
async function embedPng(doc: { embedPng(png: Uint8Array): Promise<PDFImage> }, png: Buffer, what: string): Promise<PDFImage> {
  try {
    return await doc.embedPng(png);
  } catch {
    throw new AppError('DOCUMENT_TYPE_REFUSED', { message: `${what}已损坏，无法读取图像数据`, details: { field: what } });
  }
}

export async function confirmRecord(deps: TDocumentDeps, ctx: TAuthedContext, recordId: string, req: z.output<typeof ZConfirmRecordRequest>, now = new Date()) {
  const { db } = deps;
  const rec = await db.selectFrom('verbal_records').selectAll().where('id', '=', recordId).executeTakeFirst();
  if (!rec || rec.agency_id !== ctx.actor.agencyId) {
    await writeAudit(db, ctx, { action: 'record.confirmed', outcome: 'denied', targetType: 'verbal_record', targetId: recordId, details: { reason: rec ? 'other_agency' : 'no_such_record' } });
    throw new AppError('NOT_FOUND');
  }
  await assertCaseWritable(db, ctx, rec.case_id, 'record.confirmed');
  if (rec.status !== 'draft') throw new AppError('CONFLICT', { message: '笔录已确认，不能再次确认' });
  if (req.contentSm3 !== rec.content_sm3) {
    throw new AppError('CONFLICT', { message: '笔录内容在阅读后已改变，请让当事人重新阅读确认', details: { expected: rec.content_sm3 } });
  }
  const parsed = ZRecordContent.safeParse(rec.content);
  // a draft saved before times were typed (free text such as 2026-02-30) cannot be confirmed as it stands
  if (!parsed.success) throw new AppError('VALIDATION_FAILED', { message: '请求内容不符合要求：该笔录草稿的时间或内容不合规范，请重新制作笔录', details: { issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) } });
  const content = parsed.data;
  // CPL 174: a 具结书 is signed with the counsel present, who attests it with their own signature
  const plea = content.kind === 'plea_agreement';
  if (plea !== (req.counselSignaturePng !== undefined)) {
    throw new AppError('VALIDATION_FAILED', {
      message: plea ? '请求内容不符合要求：认罪认罚具结书须有在场律师的见证签名（刑事诉讼法第174条）' : '请求内容不符合要求：笔录没有律师见证签名',
      details: { issues: [{ path: 'body.counselSignaturePng', message: plea ? '缺少律师见证签名' : '不应提供' }] },
    });
  }
  const sigPng = decodePng(req.signaturePng, '签名图像');
  const fpPng = decodePng(req.fingerprintPng, '指印图像');
  const counselPng = req.counselSignaturePng !== undefined ? decodePng(req.counselSignaturePng, '律师签名图像') : null;
  const sigSm3 = toHex(hash('sm3', sigPng));
  const fpSm3 = toHex(hash('sm3', fpPng));
  const counselSm3 = counselPng ? toHex(hash('sm3', counselPng)) : undefined;
  const bindingSm3 = toHex(hash('sm3', utf8(recordBindingText(rec.content_sm3, sigSm3, fpSm3, counselSm3))));

  const agency = await db.selectFrom('agencies').select(['id', 'name']).where('id', '=', ctx.actor.agencyId).executeTakeFirstOrThrow();
  const signer = agencySigner(deps.settings.dataDir, agency.id);
  const kind = RECORD_KINDS[content.kind];
  // pdf-lib and fontkit load on first use, not at start (issue #12: restart time)
  const { PdfWriter, SIZE } = await import('./pdf-layout');
  const w = await PdfWriter.create();
  w.centered(kind.zh, { size: SIZE.title, bold: true, gap: 8 });
  const lines = [
    `时间：${content.startedAt} 至 ${content.endedAt}`, `地点：${content.location}`,
    `${content.kind === 'interrogation' ? '讯问人' : content.kind === 'inquiry' ? '询问人' : '检察人员'}：${content.interviewers.join('、')}，记录人：${content.recorder}`,
    `${kind.subject}：${content.subjectName}`,
    ...(content.counsel ? [`在场律师：${content.counsel.kind === 'duty_lawyer' ? '值班律师' : '辩护人'} ${content.counsel.name}（执业证号 ${content.counsel.licenseNo}）`] : []),
  ];
  for (const l of lines) w.left(l);
  w.space(6);
  const text: string[] = [kind.zh, ...lines];
  for (const { q, a } of content.qa) {
    w.paragraph(`问：${q}`, { indentChars: 0 });
    w.paragraph(`答：${a}`, { indentChars: 0 });
    text.push(`问：${q}`, `答：${a}`);
  }
  const attest = plea ? '本人已阅读本具结书，在律师在场的情况下自愿签署。' : '以上笔录我看过，和我说的相符。';
  w.space(8);
  w.paragraph(attest);
  text.push(attest);
  const sigImg = await embedPng(w.doc, sigPng, '签名图像');
  const fpImg = await embedPng(w.doc, fpPng, '指印图像');
  w.left(`${kind.subject}签名：`);
  const x0 = w.page.getWidth() / 2 - 40;
  w.image(sigImg, 180, 70, x0);
  w.left('捺印：');
  w.image(fpImg, 70, 70, x0);
  if (counselPng && content.counsel) {
    const lawyerAttest = `本人作为${content.counsel.kind === 'duty_lawyer' ? '值班律师' : '辩护人'}在场，见证${content.subjectName}自愿签署本具结书。`;
    w.paragraph(lawyerAttest);
    text.push(lawyerAttest);
    w.left('律师签名：');
    w.image(await embedPng(w.doc, counselPng, '律师签名图像'), 180, 70, x0);
  }
  const { year, month, day } = shanghaiParts(now);
  const dateZh = formatChineseDate(year, month, day);
  w.right(dateZh);
  w.space(6);
  const sealLines = [`笔录哈希（SM3）：${rec.content_sm3}`, `签名与指印绑定哈希（SM3）：${bindingSm3}`];
  for (const l of sealLines) w.left(l, { size: 8 });
  text.push(dateZh, ...sealLines);
  w.pageNumbers();
  const bytes = await w.save({
    title: `${kind.zh}（${content.subjectName}）`, author: agency.name, subject: kind.zh, keywords: [kind.zh, content.subjectName],
    info: { ...signerInfo(agency.id, signer), XietongRecordContentSm3: rec.content_sm3, XietongRecordBindingSm3: bindingSm3, XietongSignatureImageSm3: sigSm3, XietongFingerprintImageSm3: fpSm3 },
  });

  // the images are stored once they are known to decode (a refused one leaves nothing behind)
  const sigBlob = await deps.store.put(Readable.from([sigPng]));
  const fpBlob = await deps.store.put(Readable.from([fpPng]));
  const counselBlob = counselPng ? await deps.store.put(Readable.from([counselPng])) : null;

  const documentId = await db.transaction().execute(async (tx) => {
    // Re-check under lock: two confirmations racing must not both seal.
    const locked = await tx.selectFrom('verbal_records').select('status').where('id', '=', recordId).forUpdate().executeTakeFirstOrThrow();
    if (locked.status !== 'draft') throw new AppError('CONFLICT', { message: '笔录已确认，不能再次确认' });
    const blob = await deps.store.put(Readable.from([Buffer.from(bytes)]));
    const title = `${kind.zh}（${content.subjectName}）`;
    const docId = await insertDocument(tx, ctx, { caseId: rec.case_id, volume: defaultVolumeFor(ctx.actor.agencyType, kind.docType), docType: kind.docType, title, origin: 'record' });
    const v = await insertVersion(tx, ctx, { documentId: docId, caseId: rec.case_id, blob, mediaType: 'application/pdf', fileName: `${title}.pdf`, pageCount: w.doc.getPageCount(), supersedeReason: null });
    await tx.insertInto('document_texts').values({ version_id: v.id, case_id: rec.case_id, content: text.join('\n') }).execute();
    const signature = await signVersion(tx, ctx, signer, { versionId: v.id, bytes, agencyName: agency.name });
    await tx.updateTable('verbal_records').set({
      status: 'confirmed', signature_sha256: sigBlob.sha256, fingerprint_sha256: fpBlob.sha256, counsel_signature_sha256: counselBlob?.sha256 ?? null, binding_sm3: bindingSm3, document_id: docId, confirmed_at: new Date(),
    }).where('id', '=', recordId).execute();
    await writeAudit(tx, ctx, {
      action: 'record.confirmed', targetType: 'verbal_record', targetId: recordId, caseId: rec.case_id,
      details: { documentId: docId, versionId: v.id, contentSm3: rec.content_sm3, signatureImageSm3: sigSm3, fingerprintImageSm3: fpSm3, ...(counselSm3 ? { counselSignatureImageSm3: counselSm3 } : {}), bindingSm3 },
    });
    await writeAudit(tx, ctx, { action: 'document.signed', targetType: 'document', targetId: docId, caseId: rec.case_id, details: { versionId: v.id, keyId: signer.keyId, digestSm3: signature.digestSm3 } });
    return docId;
  });
  return {
    record: { id: recordId, caseId: rec.case_id, kind: content.kind, status: 'confirmed' as const, contentSm3: rec.content_sm3, documentId, bindingSm3 },
    document: await loadDocumentView(db, documentId),
  };
}
