/**
 * One volume as one PDF: generated cover (卷宗封面) and catalogue (卷内目录), then every item
 * in catalogue order with its page numbers stamped at the top right (each volume from 1; cover
 * and catalogue unnumbered), and a bookmark per item. Images become A4 pages; TIFF and OFD,
 * which PDF cannot carry as such, get a placeholder page naming the file and its hashes (the
 * ZIP package carries the originals).
 */
import { canReadVolume, formatChineseDate, volumeSpec, type TDossierVolumeKind } from '@xietong/core/dossier';
import { PDFDocument, PDFHexString, PDFName, rgb, type PDFDict, type PDFPage, type PDFRef } from 'pdf-lib';
import { assertCaseReadable } from '../access/gate';
import { refuseLawyer } from '../defence/lawyer-client';
import { writeAudit } from '../audit/write-audit';
import { shanghaiParts } from '../cases/numbers';
import { AppError } from '../http/app-error';
import type { TAuthedContext } from '../http/route';
import { readAll } from '../documents/blob-store';
import { visibleDocuments } from '../documents/list-documents';
import { A4, MARGIN, PdfWriter, SIZE } from '../documents/pdf-layout';
import type { TDocumentDeps, TDocumentView } from '../documents/types';
import { buildVolumes, partyOrder } from './get-dossier';

type TSource = { doc: TDocumentView; pdf?: PDFDocument; image?: { bytes: Buffer; kind: 'jpeg' | 'png' }; pages: number };

async function loadSource(deps: TDocumentDeps, d: TDocumentView): Promise<TSource> {
  const bytes = await readAll(await deps.store.get(d.currentVersion.sha256));
  const mt = d.currentVersion.mediaType;
  if (mt === 'application/pdf') {
    try {
      const pdf = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false });
      return { doc: d, pdf, pages: pdf.getPageCount() };
    } catch {
      return { doc: d, pages: 1 };
    }
  }
  if (mt === 'image/jpeg') return { doc: d, image: { bytes, kind: 'jpeg' }, pages: 1 };
  if (mt === 'image/png') return { doc: d, image: { bytes, kind: 'png' }, pages: 1 };
  return { doc: d, pages: 1 };
}

/** Bookmarks (/Outlines) built from low-level objects: pdf-lib has no outline API. */
function addOutline(doc: PDFDocument, entries: { title: string; page: PDFPage }[]): void {
  if (!entries.length) return;
  const ctx = doc.context;
  const root = ctx.nextRef();
  const refs: PDFRef[] = entries.map(() => ctx.nextRef());
  entries.forEach((e, i) => {
    const item = ctx.obj({}) as PDFDict;
    item.set(PDFName.of('Title'), PDFHexString.fromText(e.title));
    item.set(PDFName.of('Parent'), root);
    if (i > 0) item.set(PDFName.of('Prev'), refs[i - 1]!);
    if (i < refs.length - 1) item.set(PDFName.of('Next'), refs[i + 1]!);
    item.set(PDFName.of('Dest'), ctx.obj([e.page.ref, 'XYZ', null, null, null]));
    ctx.assign(refs[i]!, item);
  });
  const outlines = ctx.obj({ Type: 'Outlines', Count: refs.length }) as PDFDict;
  outlines.set(PDFName.of('First'), refs[0]!);
  outlines.set(PDFName.of('Last'), refs[refs.length - 1]!);
  ctx.assign(root, outlines);
  doc.catalog.set(PDFName.of('Outlines'), root);
  doc.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
}

export async function exportVolumePdf(deps: TDocumentDeps, ctx: TAuthedContext, caseId: string, agencyId: string, kind: TDossierVolumeKind, now = new Date()) {
  const { db } = deps;
  await assertCaseReadable(db, ctx, caseId, 'dossier.exported');
  await refuseLawyer(db, ctx, caseId, 'dossier.exported');
  if (!canReadVolume(ctx.actor.agencyId, agencyId, kind)) {
    await writeAudit(db, ctx, { action: 'dossier.exported', outcome: 'denied', targetType: 'case', targetId: caseId, caseId, details: { reason: 'volume_not_transferable', agencyId, kind } });
    throw new AppError('NOT_FOUND');
  }
  const docs = (await visibleDocuments(db, ctx, caseId)).filter((d) => d.agencyId === agencyId && d.volume === kind);
  if (!docs.length) throw new AppError('NOT_FOUND', { message: '该卷没有材料' });
  const sources = new Map<string, TSource>();
  for (const d of docs) sources.set(d.id, await loadSource(deps, d));
  const [volume] = buildVolumes(docs, ctx.actor.agencyId, await partyOrder(db, caseId), (d) => sources.get(d.id)!.pages);
  const c = await db.selectFrom('cases').select(['title', 'police_number', 'procuratorate_number', 'court_number']).where('id', '=', caseId).executeTakeFirstOrThrow();
  const spec = volumeSpec(kind);
  const { year, month, day } = shanghaiParts(now);

  // Cover and catalogue, with the CJK font (subset).
  const w = await PdfWriter.create();
  w.space(80);
  w.centered(spec.zh, { size: 28, bold: true, gap: 40 });
  for (const line of [`案件名称：${c.title}`, c.police_number ? `案件编号：${c.police_number}` : '', c.procuratorate_number ? `受案号：${c.procuratorate_number}` : '',
    c.court_number ? `案号：${c.court_number}` : '', `立卷机关：${volume!.agencyName}`, `本卷共 ${volume!.totalPages} 页`, `导出日期：${formatChineseDate(year, month, day)}`].filter(Boolean)) {
    w.centered(line, { size: SIZE.body, gap: 8 });
  }
  w.newPage();
  w.centered('卷 内 目 录', { size: SIZE.title, bold: true, gap: 12 });
  const cols = [MARGIN.left, MARGIN.left + 40, A4.width - MARGIN.right - 90];
  const header = (y: number) => {
    w.page.drawText('序号', { x: cols[0]!, y, size: 12, font: w.bold });
    w.page.drawText('文件名称（文号）', { x: cols[1]!, y, size: 12, font: w.bold });
    w.page.drawText('页号', { x: cols[2]!, y, size: 12, font: w.bold });
  };
  w.y -= 24;
  header(w.y);
  volume!.items.forEach((it, i) => {
    const name = it.number ? `${it.title}（${it.number}）` : it.title;
    const lines = w.wrap(name, w.regular, 12, cols[2]! - cols[1]! - 10);
    if (w.y - 20 * lines.length < MARGIN.bottom) {
      w.newPage();
      header(w.y);
    }
    w.y -= 20;
    w.page.drawText(String(i + 1), { x: cols[0]!, y: w.y, size: 12, font: w.regular });
    lines.forEach((l, j) => w.page.drawText(l, { x: cols[1]!, y: w.y - j * 16, size: 12, font: w.regular }));
    const range = it.pageFrom === null ? '—' : it.pageFrom === it.pageTo ? `${it.pageFrom}` : `${it.pageFrom}-${it.pageTo}`;
    w.page.drawText(range, { x: cols[2]!, y: w.y, size: 12, font: w.regular });
    w.y -= 16 * (lines.length - 1);
    w.page.drawLine({ start: { x: MARGIN.left, y: w.y - 6 }, end: { x: A4.width - MARGIN.right, y: w.y - 6 }, thickness: 0.3, color: rgb(0.6, 0.6, 0.6) });
  });
  const frontPages = w.doc.getPageCount();
  const outline: { title: string; page: PDFPage }[] = [
    { title: '卷宗封面', page: w.doc.getPage(0) },
    { title: '卷内目录', page: w.doc.getPage(1) },
  ];

  for (const it of volume!.items) {
    const src = sources.get(it.documentId)!;
    const first = w.doc.getPageCount();
    if (src.pdf) {
      const copied = await w.doc.copyPages(src.pdf, src.pdf.getPageIndices());
      for (const p of copied) w.doc.addPage(p);
    } else if (src.image) {
      const img = src.image.kind === 'jpeg' ? await w.doc.embedJpg(src.image.bytes) : await w.doc.embedPng(src.image.bytes);
      const page = w.doc.addPage([A4.width, A4.height]);
      const scale = Math.min((A4.width - 40) / img.width, (A4.height - 60) / img.height, 1);
      page.drawImage(img, { x: (A4.width - img.width * scale) / 2, y: (A4.height - img.height * scale) / 2, width: img.width * scale, height: img.height * scale });
    } else {
      w.newPage();
      w.centered(it.title, { size: SIZE.subtitle, bold: true, gap: 10 });
      for (const l of [`格式：${src.doc.currentVersion.mediaType}（不能并入PDF，原件见离线移送包）`, `SM3：${it.sm3}`, `SHA-256：${src.doc.currentVersion.sha256}`]) w.left(l, { size: 10 });
    }
    outline.push({ title: it.number ? `${it.title} ${it.number}` : it.title, page: w.doc.getPage(first) });
    // Page numbers top right of each numbered page (front pages; evidence-guides.md §8.1).
    if (it.pageFrom !== null) {
      for (let i = 0; i < w.doc.getPageCount() - first; i++) {
        const p = w.doc.getPage(first + i);
        const label = String(it.pageFrom + i);
        const { width, height } = p.getSize();
        p.drawText(label, { x: width - 36 - w.regular.widthOfTextAtSize(label, 12), y: height - 30, size: 12, font: w.regular });
      }
    }
  }
  addOutline(w.doc, outline);
  const bytes = await w.save({ title: `${c.title} ${spec.zh}`, author: volume!.agencyName, subject: spec.zh, keywords: ['电子卷宗', spec.zh] });
  await writeAudit(db, ctx, {
    action: 'dossier.exported', targetType: 'case', targetId: caseId, caseId,
    details: { format: 'pdf', agencyId, kind, items: volume!.items.map((i) => ({ documentId: i.documentId, sm3: i.sm3, pageFrom: i.pageFrom, pageTo: i.pageTo })), frontPages },
  });
  return { bytes, fileName: `${c.title}_${spec.zh}.pdf` };
}
