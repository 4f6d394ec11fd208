/**
 * Dates shown in China Standard Time whatever the PC's clock zone: deadlines are counted in
 * Asia/Shanghai (CPL 105), and one instant must read the same on every screen.
 */
const dateTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
const dateOnly = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

function parts(f: Intl.DateTimeFormat, d: Date): Record<string, string> {
  return Object.fromEntries(f.formatToParts(d).map((p) => [p.type, p.value]));
}

/** `2026-03-01 08:30` (Beijing time). */
export function fmtDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = parts(dateTime, d);
  return `${p.year}-${p.month}-${p.day} ${p.hour === '24' ? '00' : p.hour}:${p.minute}`;
}

/** `2026-03-01` (Beijing date of an instant; a plain YYYY-MM-DD passes through). */
export function fmtDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = parts(dateOnly, d);
  return `${p.year}-${p.month}-${p.day}`;
}

/** A picked local date-time as an ISO instant with the +08:00 offset the server requires. */
export function toBeijingIso(d: { format: (f: string) => string }): string {
  return `${d.format('YYYY-MM-DDTHH:mm:ss')}+08:00`;
}
