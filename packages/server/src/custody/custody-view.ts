/**
 * A stored person custody timer as the API shows it (case card, custody list).
 */
import type { z } from 'zod';
import type { ZCustodyDeadline } from '@xietong/core/api';
import { deadlineStatus, type TCivilDate } from '@xietong/core/deadlines';
import { toDeadline } from './apply-custody-effects';

/** 看守所 warns the handling unit 7 days before expiry (processes.md P8, sec.). */
export const CUSTODY_WARN_DAYS = 7;

type TRow = Parameters<typeof toDeadline>[0] & { paused_on?: string | null };

export function custodyDeadlineView(row: TRow, today: TCivilDate): z.output<typeof ZCustodyDeadline> {
  const d = toDeadline(row);
  const pausedOn = row.paused_on ? String(row.paused_on) : null;
  // a paused period has no running last day: it cannot fall due while the assessment lasts (CPL 149)
  return { ...d, pausedOn, status: pausedOn ? 'ok' : deadlineStatus({ due: d.due, today, warnDays: CUSTODY_WARN_DAYS }) };
}
