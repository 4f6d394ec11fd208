import { formatChineseDate } from '@xietong/core/dossier';

/** A civil date (YYYY-MM-DD, as timers store it) as a document prints it: 二〇二六年三月五日. */
export function formatCivilDateZh(date: string): string {
  const [y, m, d] = date.slice(0, 10).split('-').map(Number);
  return formatChineseDate(y!, m!, d!);
}
