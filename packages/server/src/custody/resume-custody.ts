/**
 * CPL 149: the assessment is over — the person's custody period counts on from the day the
 * 鉴定意见 was received, its last day moved by exactly the days not counted.
 */
import type { z } from 'zod';
import type { ZCustodyDeadline, ZResumeCustodyRequest } from '@xietong/core/api';
import { resumeCustody as decideResume } from '@xietong/core/custody';
import type { TDb } from '../db/database';
import type { TAuthedContext } from '../http/route';
import { changeCustodyPeriod } from './change-custody-period';
import { CASE_HANDLERS } from './pause-custody';

export async function resumeCustody(
  db: TDb, ctx: TAuthedContext, caseId: string, personId: string, req: z.output<typeof ZResumeCustodyRequest>,
): Promise<z.output<typeof ZCustodyDeadline>> {
  return changeCustodyPeriod(db, ctx, caseId, personId, {
    audit: 'custody.resumed', agencyTypes: CASE_HANDLERS, articles: ['CPL 149'],
    forbiddenZh: '只有办案机关（公安机关、人民检察院、人民法院）的承办人或审批人可以恢复计算羁押期限',
    fact: { value: req.resumedOn, field: 'resumedOn', zh: '恢复计算日期' },
    decide: (current, day, calendar) => decideResume(current, day, '精神病鉴定', calendar),
    paused: 'clear', details: {},
  });
}
