/**
 * 应急羁押期限表 (single-track.md §3.2): before and during an outage any agency prints the persons
 * held in its reach with their custody deadlines — custody periods do not pause for outages
 * (CPL 105) — as an A4 PDF with the embedded CJK font, soonest deadline first, so the clocks can
 * be kept on paper while the platform is unreachable.
 */
import type { TDb } from '../db/database';
import { writeAudit } from '../audit/write-audit';
import type { TAuthedContext } from '../http/route';
import { listCustody } from './list-custody';

const STATUS_ZH = { ok: '', dueSoon: '临期', dueToday: '今日届满', overdue: '已超期' } as const;

export async function printOutageSheet(db: TDb, ctx: TAuthedContext, now: Date = new Date()): Promise<{ bytes: Uint8Array; fileName: string; count: number }> {
  const { items } = await listCustody(db, ctx);
  const agency = await db.selectFrom('agencies').select('name').where('id', '=', ctx.actor.agencyId).executeTakeFirstOrThrow();
  // pdf-lib and fontkit load on first use, not at start (issue #12: restart time)
  const { A4, MARGIN, PdfWriter } = await import('../documents/pdf-layout');
  const { rgb } = await import('pdf-lib');
  const w = await PdfWriter.create();
  const printedAt = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
  w.centered(agency.name, { size: 16, bold: true, gap: 2 });
  w.centered('应急羁押期限表', { size: 20, bold: true, gap: 4 });
  w.centered(`打印时间 ${printedAt}（北京时间） · 共 ${items.length} 人`, { size: 9 });
  w.centered('羁押期限不因停电、系统故障而中止计算（刑事诉讼法第一百零五条）', { size: 9 });
  w.space(10);

  const size = 9;
  const cols = [
    { zh: '姓名', width: 52 }, { zh: '案件 / 案号', width: 128 }, { zh: '强制措施', width: 48 }, { zh: '羁押场所', width: 78 },
    { zh: '期限（依据）', width: 86 }, { zh: '届满日', width: 56 }, { zh: '状态', width: 34 },
  ];
  const scale = w.contentWidth / cols.reduce((s, c) => s + c.width, 0);
  const xs = cols.reduce<number[]>((acc, c, i) => [...acc, (acc[i] ?? MARGIN.left) + c.width * scale], [MARGIN.left]);
  const rule = () => w.page.drawLine({ start: { x: MARGIN.left, y: w.y - 4 }, end: { x: A4.width - MARGIN.right, y: w.y - 4 }, thickness: 0.5, color: rgb(0.4, 0.4, 0.4) });
  const row = (cells: string[], bold = false) => {
    const font = bold ? w.bold : w.regular;
    const lines = cells.map((c, i) => w.wrap(c || '—', font, size, cols[i]!.width * scale - 4));
    const height = Math.max(...lines.map((l) => l.length)) * size * 1.35 + 6;
    if (w.y - height < MARGIN.bottom) {
      w.newPage();
      if (!bold) row(cols.map((c) => c.zh), true);
    }
    lines.forEach((ls, i) => ls.forEach((l, k) => w.page.drawText(l, { x: xs[i]! + 2, y: w.y - size * 1.35 * (k + 1), size, font })));
    w.y -= height;
    rule();
  };
  row(cols.map((c) => c.zh), true);
  for (const it of items) {
    const d = it.deadline;
    row([
      it.personName,
      `${it.caseTitle}${it.caseNumber ? `\n${it.caseNumber}` : ''}`.replace('\n', ' '),
      it.measureName,
      it.detentionCentre?.name ?? '',
      d ? `${d.zh}（${d.article}）` : '未计算',
      d?.due ?? '',
      d ? STATUS_ZH[d.status] : '',
    ]);
  }
  if (items.length === 0) w.paragraph('本机关权限范围内暂无在押人员。', { size: 12, indentChars: 0 });
  w.pageNumbers();
  const bytes = await w.save({ title: `应急羁押期限表 ${agency.name}`, author: agency.name, subject: '应急羁押期限表', keywords: ['羁押期限', '应急'] });
  await writeAudit(db, ctx, { action: 'custody.outage_sheet', details: { persons: items.length } });
  return { bytes, fileName: `应急羁押期限表_${printedAt.slice(0, 10)}.pdf`, count: items.length };
}
