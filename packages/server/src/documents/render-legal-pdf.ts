/**
 * A filled template as an A4 PDF (GB/T 9704 spirit): issuing agency and title, 文号, recipient,
 * body, closing, agency and date at the lower right over the seal area (电子签章区).
 */
import type { TRenderedLegalDocument } from '@xietong/core/dossier';
import { rgb } from 'pdf-lib';
import { A4, MARGIN, PdfWriter, SIZE } from './pdf-layout';

export type TLegalPdfInput = {
  agencyName: string;
  number: string;
  doc: TRenderedLegalDocument;
  dateZh: string;
  keyId: string;
  info: Record<string, string>;
};

export async function renderLegalPdf(input: TLegalPdfInput): Promise<{ bytes: Uint8Array; text: string; pages: number }> {
  const w = await PdfWriter.create();
  const red = rgb(0.8, 0.05, 0.05);
  w.centered(input.agencyName, { size: SIZE.title, bold: true, gap: 6 });
  w.centered(input.doc.title, { size: SIZE.title, bold: true, gap: 10 });
  w.right(input.number);
  w.space(12);
  if (input.doc.recipient) w.left(input.doc.recipient);
  for (const p of input.doc.paragraphs) w.paragraph(p);
  if (input.doc.closing.length) {
    w.space(8);
    w.paragraph(input.doc.closing[0]!);
    for (const c of input.doc.closing.slice(1)) w.left(c);
  }
  // Issuing agency and date, right-aligned with a 4-character inset, over the seal area.
  w.ensure(150);
  w.space(40);
  w.right(input.agencyName, { inset: 64 });
  w.right(input.dateZh, { inset: 64 });
  const cx = A4.width - MARGIN.right - 64 - 50;
  const cy = w.y + 24;
  w.page.drawEllipse({ x: cx, y: cy, xScale: 62, yScale: 62, borderColor: red, borderWidth: 1.2, borderDashArray: [4, 3] });
  const label = '电子签章区';
  w.page.drawText(label, { x: cx - w.regular.widthOfTextAtSize(label, SIZE.small) / 2, y: cy - 48, size: SIZE.small, font: w.regular, color: red });
  const keyLine = `SM2签名 密钥 ${input.keyId.slice(0, 16)}`;
  w.page.drawText(keyLine, { x: MARGIN.left, y: MARGIN.bottom - 8, size: 8, font: w.regular, color: red });
  w.pageNumbers();
  const bytes = await w.save({
    title: `${input.doc.title.replace(/\s+/g, '')} ${input.number}`,
    author: input.agencyName,
    subject: input.number,
    keywords: ['法律文书', input.doc.title.replace(/\s+/g, ''), input.number],
    info: input.info,
  });
  const text = [input.agencyName, input.doc.title, input.number, input.doc.recipient ?? '', ...input.doc.paragraphs, ...input.doc.closing, input.agencyName, input.dateZh].join('\n');
  return { bytes, text, pages: w.doc.getPageCount() };
}
