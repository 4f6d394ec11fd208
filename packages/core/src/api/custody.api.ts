/**
 * HTTP contract for 羁押期限: each person's running custody (or 取保候审/监视居住) deadline, as the
 * case card shows it, and the list of detainees a 看守所 holds or a case agency handles.
 */
import { z } from 'zod';
import { defineEndpoint, ZIsoDateTime, ZUuid } from './contract';

export const ZCustodyStep = z.object({
  code: z.string(),
  article: z.string(),
  zh: z.string(),
  en: z.string(),
  date: z.string().optional(),
});

export const ZCustodyDeadline = z.object({
  /** detention_request | investigative | recalculated | prosecution_review | supplementary_investigation | trial | … | bail | residential_surveillance */
  kind: z.string(),
  zh: z.string(),
  article: z.string(),
  /** custody period: never extended for holidays (CPL 105 ¶2) */
  inCustody: z.boolean(),
  startedOn: z.string(),
  /** the legal last day */
  due: z.string(),
  /** the instant it has run out (24:00 of the last day) */
  dueInstant: ZIsoDateTime,
  status: z.enum(['ok', 'dueSoon', 'dueToday', 'overdue']),
  /** P8 tiers approved (1: CPL 156, 2: CPL 158, 3: CPL 159) */
  extensions: z.array(z.number()),
  explanation: z.array(ZCustodyStep),
  /** not counting since this day (CPL 149 精神病鉴定); null while it runs */
  pausedOn: z.string().nullable(),
});

export const ZAgencyRef = z.object({ id: ZUuid, name: z.string() });

/** 提讯 booking as both sides see it. */
export const ZInterrogationBooking = z.object({
  id: ZUuid,
  caseId: ZUuid,
  personId: ZUuid,
  personName: z.string(),
  detentionCentre: z.object({ id: ZUuid, name: z.string() }),
  bookedBy: z.object({ agencyId: ZUuid, agencyName: z.string(), userName: z.string() }),
  startsAt: ZIsoDateTime,
  endsAt: ZIsoDateTime,
  mode: z.enum(['in_person', 'remote']),
  purpose: z.string(),
  status: z.enum(['requested', 'confirmed', 'declined', 'cancelled']),
  room: z.string().nullable(),
  declineReason: z.string().nullable(),
});

export const ZBookInterrogationRequest = z.object({
  /** Beijing wall time of the slot start */
  startsAt: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, '提讯时间应为 YYYY-MM-DDTHH:mm（北京时间）'),
  minutes: z.number().int('提讯时长应为整数分钟').min(15, '提讯时长至少 15 分钟').max(480, '提讯时长至多 480 分钟'),
  mode: z.enum(['in_person', 'remote'], { message: '提讯方式应为 in_person（当面）或 remote（远程视频）' }),
  purpose: z.string().trim().min(1, '请说明提讯事由').max(500),
});

export const ZDecideInterrogationRequest = z.object({
  decision: z.enum(['confirm', 'decline'], { message: '应为 confirm（确认）或 decline（拒绝）' }),
  /** the room or video line assigned */
  room: z.string().trim().max(100).optional(),
  reason: z.string().trim().max(500).optional(),
}).strict().refine((b) => b.decision !== 'decline' || !!b.reason, { message: '拒绝提讯预约须说明理由', path: ['reason'] });

export const ZCustodyItem = z.object({
  personId: ZUuid,
  personName: z.string(),
  caseId: ZUuid,
  caseTitle: z.string(),
  caseNumber: z.string().nullable(),
  measure: z.string(),
  measureName: z.string(),
  since: ZIsoDateTime,
  detentionCentre: ZAgencyRef.nullable(),
  /** the agency handling the case at its current stage */
  responsibleAgency: ZAgencyRef.nullable(),
  /** the last person of that agency who acted on the case, when known */
  handler: z.object({ id: ZUuid, name: z.string() }).nullable(),
  deadline: ZCustodyDeadline.nullable(),
  /**
   * 电子换押 of the current stage (P16): not_required (侦查, 拘留), missing (an exception: the stage
   * changed without 换押), pending (issued, not yet acknowledged by the 看守所), acknowledged.
   */
  custodyTransfer: z.object({
    status: z.enum(['not_required', 'missing', 'pending', 'acknowledged']),
    /** the latest 换押 process of this person, if any */
    instanceId: ZUuid.nullable(),
  }),
  /** 提讯 booked for this person from today on (requested or confirmed) */
  interrogations: z.array(ZInterrogationBooking),
});

export const ZRecalculateCustodyRequest = z.object({
  /** the day (or time, Beijing) another major crime was found: a fact date, not in the future */
  discoveredAt: z.string().min(10, '发现另有重要罪行的时间应为 YYYY-MM-DD 或 YYYY-MM-DDTHH:mm').max(40),
  reason: z.string().trim().min(1, '请说明发现的其他重要罪行').max(2000),
});

const ZFactDay = (zh: string) => z.string().regex(/^\d{4}-\d{2}-\d{2}$/, `${zh}应为 YYYY-MM-DD`);

export const ZPauseCustodyRequest = z.object({
  /** the day the 精神病鉴定 began: a fact date, not in the future */
  pausedOn: ZFactDay('鉴定开始日期'),
  reason: z.string().trim().min(1, '请说明中止计算的事由（如：对犯罪嫌疑人作精神病鉴定）').max(2000),
});
export const ZResumeCustodyRequest = z.object({
  /** the day the 鉴定意见 was received: counting resumes */
  resumedOn: ZFactDay('恢复计算日期'),
});
export const ZIdentifySuspectRequest = z.object({
  /** the day (or time, Beijing) the suspect's identity was established */
  identifiedAt: z.string().min(10, '查清身份的时间应为 YYYY-MM-DD 或 YYYY-MM-DDTHH:mm').max(40),
  /** how it was established (户籍核查, 指纹比对 …) */
  basis: z.string().trim().min(1, '请说明查清身份的依据').max(2000),
});

export const custodyApi = {
  bookInterrogation: defineEndpoint({
    method: 'POST', path: '/api/cases/:caseId/persons/:personId/interrogations', status: 201,
    summary: '预约提讯 Book an interrogation slot at the detention centre holding the person', tags: ['custody'], auth: true,
    params: z.object({ caseId: ZUuid, personId: ZUuid }), body: ZBookInterrogationRequest.strict(), response: ZInterrogationBooking,
  }),
  decideInterrogation: defineEndpoint({
    method: 'POST', path: '/api/interrogations/:id/decision',
    summary: '看守所确认或拒绝提讯预约 The detention centre confirms or declines a booking', tags: ['custody'], auth: true,
    params: z.object({ id: ZUuid }), body: ZDecideInterrogationRequest, response: ZInterrogationBooking,
  }),
  listInterrogations: defineEndpoint({
    method: 'GET', path: '/api/interrogations',
    summary: '提讯预约 Bookings at this detention centre, or made by this agency, from today on', tags: ['custody'], auth: true,
    response: z.object({ items: z.array(ZInterrogationBooking) }),
  }),
  printOutageSheet: defineEndpoint({
    method: 'GET', path: '/api/custody/outage-sheet', summary: '应急羁押期限表 PDF of the persons held and their deadlines, to keep on paper during an outage', tags: ['custody'], auth: true,
    response: z.any().describe('application/pdf'),
  }),
  listCustody: defineEndpoint({
    method: 'GET', path: '/api/custody', summary: '在押人员及羁押期限 Detainees and custody deadlines (soonest first)', tags: ['custody'], auth: true,
    response: z.object({ items: z.array(ZCustodyItem), total: z.number() }),
  }),
  recalculateCustody: defineEndpoint({
    method: 'POST', path: '/api/cases/:caseId/persons/:personId/custody-recalculation',
    summary: '重新计算侦查羁押期限 Recalculate investigative custody on a newly found major crime (CPL 160)', tags: ['custody'], auth: true,
    params: z.object({ caseId: ZUuid, personId: ZUuid }), body: ZRecalculateCustodyRequest.strict(), response: ZCustodyDeadline,
  }),
  pauseCustody: defineEndpoint({
    method: 'POST', path: '/api/cases/:caseId/persons/:personId/custody-pause',
    summary: '羁押期限中止计算 Stop counting a custody period during a psychiatric assessment (CPL 149)', tags: ['custody'], auth: true,
    params: z.object({ caseId: ZUuid, personId: ZUuid }), body: ZPauseCustodyRequest.strict(), response: ZCustodyDeadline,
  }),
  resumeCustody: defineEndpoint({
    method: 'POST', path: '/api/cases/:caseId/persons/:personId/custody-resume',
    summary: '羁押期限恢复计算 Count a paused custody period on; its last day moves by the days paused (CPL 149)', tags: ['custody'], auth: true,
    params: z.object({ caseId: ZUuid, personId: ZUuid }), body: ZResumeCustodyRequest.strict(), response: ZCustodyDeadline,
  }),
  identifySuspect: defineEndpoint({
    method: 'POST', path: '/api/cases/:caseId/persons/:personId/custody-identification',
    summary: '查清身份 Investigative custody runs from the day the identity is established (CPL 160 ¶2)', tags: ['custody'], auth: true,
    params: z.object({ caseId: ZUuid, personId: ZUuid }), body: ZIdentifySuspectRequest.strict(), response: ZCustodyDeadline,
  }),
} as const;
