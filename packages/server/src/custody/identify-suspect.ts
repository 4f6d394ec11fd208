/**
 * CPL 160 ¶2: 犯罪嫌疑人不讲真实姓名、住址，身份不明的，侦查羁押期限自查清其身份之日起计算 —
 * the investigating police record the day the identity was established; the person's running
 * 侦查羁押 period restarts from it. Only for a person whose identity was not recorded.
 */
import type { z } from 'zod';
import type { ZCustodyDeadline, ZIdentifySuspectRequest } from '@xietong/core/api';
import { startFromIdentification } from '@xietong/core/custody';
import type { TDb } from '../db/database';
import { AppError } from '../http/app-error';
import type { TAuthedContext } from '../http/route';
import { changeCustodyPeriod } from './change-custody-period';

export async function identifySuspect(
  db: TDb, ctx: TAuthedContext, caseId: string, personId: string, req: z.output<typeof ZIdentifySuspectRequest>,
): Promise<z.output<typeof ZCustodyDeadline>> {
  return changeCustodyPeriod(db, ctx, caseId, personId, {
    // after the gate: whether a person of a case has a registered 身份证号 is not for those the case is closed to
    refuse: (person) => person.resident_id ? new AppError('PROCESS_GUARD_FAILED', {
      message: '该犯罪嫌疑人的身份已经登记（有身份证号），侦查羁押期限自逮捕之日起计算，不适用刑事诉讼法第一百六十条第二款',
      details: { articles: ['CPL 160 ¶2'], reason: 'identity_known' },
    }) : null,
    audit: 'custody.identified', agencyTypes: ['police'], articles: ['CPL 160 ¶2'],
    forbiddenZh: '只有侦查机关（公安机关）的承办人或审批人可以登记查清身份',
    fact: { value: req.identifiedAt, field: 'identifiedAt', zh: '查清身份的时间' },
    decide: (current, day, calendar) => startFromIdentification(current, day, calendar),
    paused: 'keep', details: { basis: req.basis },
  });
}
