/**
 * CPL 149: 对犯罪嫌疑人作精神病鉴定的期间不计入办案期限 — the agency handling the case stops
 * counting the person's custody period on the day the assessment began.
 */
import type { z } from 'zod';
import type { ZCustodyDeadline, ZPauseCustodyRequest } from '@xietong/core/api';
import { pauseCustody as decidePause } from '@xietong/core/custody';
import type { TDb } from '../db/database';
import type { TAuthedContext } from '../http/route';
import { changeCustodyPeriod } from './change-custody-period';

export const CASE_HANDLERS = ['police', 'procuratorate', 'court'] as const;

export async function pauseCustody(
  db: TDb, ctx: TAuthedContext, caseId: string, personId: string, req: z.output<typeof ZPauseCustodyRequest>,
): Promise<z.output<typeof ZCustodyDeadline>> {
  return changeCustodyPeriod(db, ctx, caseId, personId, {
    audit: 'custody.paused', agencyTypes: CASE_HANDLERS, articles: ['CPL 149'],
    forbiddenZh: '只有办案机关（公安机关、人民检察院、人民法院）的承办人或审批人可以中止计算羁押期限',
    fact: { value: req.pausedOn, field: 'pausedOn', zh: '鉴定开始日期' },
    decide: (current, day) => decidePause(current, day, req.reason),
    paused: 'set', pauseReason: req.reason, details: { reason: req.reason },
  });
}
