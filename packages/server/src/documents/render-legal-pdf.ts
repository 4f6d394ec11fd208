/**
 * A filled template as an A4 PDF (GB/T 9704 spirit): issuing agency and title, 文号, recipient,
 * body, closing, agency and date at the lower right under the agency's round seal, page numbers.
 */
import type { TRenderedLegalDocument } from '@xietong/core/dossier';
import { A4, LINE, MARGIN, PdfWriter, SIZE } from './pdf-layout';
import { drawRoundSeal, SEAL_RED } from './seal';

export type TLegalPdfInput = {
  agencyName: string;
  number: string;
  doc: TRenderedLegalDocument;
  dateZh: string;
  keyId: string;
  info: Record<string, string>;
  /** what the QR code says (print-reference.ts): the document id, the text's SM3, the key */
  qr?: (text: string) => string;
};

/** The document's text as issued (also stored in document_texts and hashed into the QR reference). */
export function legalText(input: Pick<TLegalPdfInput, 'agencyName' | 'number' | 'doc' | 'dateZh'>): string {
  return [input.agencyName, input.doc.title, input.number, input.doc.recipient ?? '', ...input.doc.paragraphs, ...input.doc.closing, input.agencyName, input.dateZh].join('\n');
}

export async function renderLegalPdf(input: TLegalPdfInput): Promise<{ bytes: Uint8Array; text: string; pages: number }> {
  const w = await PdfWriter.create();
  w.centered(input.agencyName, { size: SIZE.title, bold: true, gap: 6 });
  w.centered(input.doc.title, { size: SIZE.title, bold: true, gap: 10 });
  w.right(input.number);
  w.space(12);
  if (input.doc.recipient) w.left(input.doc.recipient);
  for (const p of input.doc.paragraphs) w.paragraph(p);
  const SIGNATURE_BLOCK = 150; // space, agency, date and the seal's lower half
  if (input.doc.closing.length) {
    // 此致 stays with its addressee, and both with the signature block: never a page of seal alone.
    w.ensure(8 + input.doc.closing.length * LINE + SIGNATURE_BLOCK);
    w.space(8);
    w.paragraph(input.doc.closing[0]!);
    for (const c of input.doc.closing.slice(1)) w.left(c);
  }
  // GB/T 9704 §7.3.5: the date right-aligned four characters in from the margin, the issuing agency centred
  // over it, the seal centred on both and pressing down on the date.
  w.ensure(SIGNATURE_BLOCK);
  w.space(52);
  const inset = 4 * SIZE.body;
  const dateWidth = w.regular.widthOfTextAtSize(input.dateZh, SIZE.body);
  const dateCentre = A4.width - MARGIN.right - inset - dateWidth / 2;
  const nameWidth = w.regular.widthOfTextAtSize(input.agencyName, SIZE.body);
  w.right(input.agencyName, { inset: Math.max(0, A4.width - MARGIN.right - dateCentre - nameWidth / 2) });
  w.right(input.dateZh, { inset });
  drawRoundSeal(w.page, w.bold, { cx: dateCentre, cy: w.y + 22, radius: 60, name: input.agencyName });
  const text = legalText(input);
  // paper that comes back is matched and checked by scanning (POST /api/documents/verify-reference)
  if (input.qr) {
    const { drawQrCode } = await import('./qr-code');
    drawQrCode(w.page, input.qr(text), { x: MARGIN.left, y: w.y - 12, size: 84 });
    w.page.drawText('扫码核验', { x: MARGIN.left + 22, y: w.y - 22, size: 8, font: w.regular });
  }
  const keyLine = `SM2签名 密钥 ${input.keyId.slice(0, 16)}`;
  w.page.drawText(keyLine, { x: MARGIN.left, y: MARGIN.bottom - 8, size: 8, font: w.regular, color: SEAL_RED });
  w.pageNumbers();
  const bytes = await w.save({
    title: `${input.doc.title.replace(/\s+/g, '')} ${input.number}`,
    author: input.agencyName,
    subject: input.number,
    keywords: ['法律文书', input.doc.title.replace(/\s+/g, ''), input.number],
    info: input.info,
  });
  return { bytes, text, pages: w.doc.getPageCount() };
}
