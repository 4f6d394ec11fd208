/**
 * HTTP contract for 辩护: representation requests (委托 / 法律援助), their decision and end, the
 * lawyer's 会见 bookings (P14) and the case's access report (who viewed which file).
 */
import { z } from 'zod';
import { DEFENCE_END_REASONS, DEFENCE_KINDS, DEFENCE_STATUSES, LICENCE_NO_RE } from '../defence';
import { defineEndpoint, ZIsoDateTime, ZUuid } from './contract';

const ZResidentId = z.string().trim().regex(/^\d{17}[\dX]$/, '身份证号应为18位（末位可为X）');
const ZLicenceNo = z.string().trim().regex(LICENCE_NO_RE, '律师执业证号应为17位数字');
const ZStatus = z.enum(Object.keys(DEFENCE_STATUSES) as [keyof typeof DEFENCE_STATUSES]);
const ZKind = z.enum(Object.keys(DEFENCE_KINDS) as [keyof typeof DEFENCE_KINDS]);
const ZEndReason = z.enum(Object.keys(DEFENCE_END_REASONS) as [keyof typeof DEFENCE_END_REASONS], { error: '请选择终止辩护的事由' });
const ZRef = z.object({ id: ZUuid, name: z.string() });

export const ZCreateDefenceRequest = z.strictObject({
  /** 法律援助: filed by the 司法局 for the lawyer it assigns (lawyerId) */
  kind: ZKind.default('retained'),
  lawyerId: ZUuid.optional(),
  clientName: z.string().trim().min(1, '请输入当事人姓名').max(50, '姓名过长'),
  clientResidentId: ZResidentId,
  /** the case number known to the lawyer (受案号、案号 …) */
  caseNumber: z.string().trim().min(1).max(80, '案件编号过长').optional(),
  /** or the handling agency */
  agencyId: ZUuid.optional(),
}).refine((b) => b.caseNumber !== undefined || b.agencyId !== undefined, { message: '请填写案件编号或办案机关（至少一项）', path: ['caseNumber'] });

export const ZDefenceRequest = z.object({
  id: ZUuid,
  kind: ZKind,
  kindName: z.string(),
  status: ZStatus,
  statusName: z.string(),
  lawyer: z.object({ id: ZUuid, name: z.string(), licenceNo: z.string(), lawfirm: ZRef }),
  assignedBy: ZRef.nullable(),
  clientName: z.string(),
  /** masked (220104********123X) */
  clientResidentId: z.string(),
  givenCaseNumber: z.string().nullable(),
  /** the deciding agency: for the lawyer only the one they named, or once confirmed */
  agency: ZRef.nullable(),
  /** the case and client: for the lawyer only once confirmed */
  caseId: ZUuid.nullable(),
  caseTitle: z.string().nullable(),
  person: ZRef.nullable(),
  mandate: z.object({ fileName: z.string().nullable(), mediaType: z.string(), size: z.number() }).nullable(),
  decidedAt: ZIsoDateTime.nullable(),
  decisionReason: z.string().nullable(),
  endedAt: ZIsoDateTime.nullable(),
  endReason: z.string().nullable(),
  endReasonName: z.string().nullable(),
  createdAt: ZIsoDateTime,
  /** for the agency: whether the named client was found among the case's persons */
  matched: z.boolean().optional(),
  /** CPL 40: 阅卷 open (审查起诉 onward) for a confirmed representation */
  fileReviewOpen: z.boolean(),
});

export const ZDefenceDecision = z.strictObject({
  decision: z.enum(['confirm', 'refuse'], { error: '请选择确认或不予确认' }),
  reason: z.string().trim().max(2000, '理由过长').optional(),
}).refine((b) => b.decision === 'confirm' || (b.reason !== undefined && b.reason.length > 0), { message: '不予确认须说明理由', path: ['reason'] });

export const ZEndDefence = z.strictObject({
  reason: ZEndReason,
  note: z.string().trim().max(2000, '说明过长').optional(),
});

export const ZBookMeetingRequest = z.strictObject({
  /** when the lawyer asks (Beijing time, YYYY-MM-DDTHH:mm); the CPL 39 48 hours run from it; default now */
  requestedAt: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, '会见申请时间应为 YYYY-MM-DDTHH:mm').optional(),
});

export const ZMeetingBooking = z.object({
  instanceId: ZUuid,
  requestId: ZUuid,
  caseId: ZUuid,
  personName: z.string(),
  detentionCentre: ZRef,
  state: z.string(),
  stateName: z.string(),
  permissionRequired: z.boolean(),
  requestedAt: ZIsoDateTime,
  /** the running or last statutory timer (CPL 39 48 hours) */
  deadline: z.object({ zh: z.string(), due: z.string(), dueAt: ZIsoDateTime.nullable(), article: z.string() }).nullable(),
  meetingAt: z.string().nullable(),
});

export const ZAccessReportRow = z.object({
  at: ZIsoDateTime,
  action: z.enum(['document.viewed', 'document.downloaded', 'dossier.viewed', 'dossier.exported']),
  actionName: z.string(),
  user: z.object({ id: ZUuid.nullable(), name: z.string().nullable(), roles: z.array(z.string()) }),
  agency: z.object({ id: ZUuid.nullable(), name: z.string().nullable() }),
  documentId: ZUuid.nullable(),
  documentTitle: z.string().nullable(),
  watermarked: z.boolean(),
});

export const ZVerifyLicenceRequest = z.strictObject({ licenceNo: ZLicenceNo });
export const ZLicenceView = z.object({
  userId: ZUuid, licenceNo: z.string().nullable(), verified: z.boolean(), verifiedBy: ZRef.nullable(), verifiedAt: ZIsoDateTime.nullable(),
});

const idParams = z.object({ id: ZUuid });

export const defenceApi = {
  createDefenceRequest: defineEndpoint({
    method: 'POST', path: '/api/defence/requests', summary: '申请辩护（委托或法律援助指派）Apply to represent a suspect', tags: ['defence'], auth: true, status: 201,
    body: ZCreateDefenceRequest, response: ZDefenceRequest,
  }),
  uploadDefenceMandate: defineEndpoint({
    method: 'PUT', path: '/api/defence/requests/:id/mandate', summary: '上传委托书或法律援助公函 Upload the mandate (multipart, part "file")', tags: ['defence'], auth: true,
    params: idParams, response: ZDefenceRequest,
  }),
  listDefenceRequests: defineEndpoint({
    method: 'GET', path: '/api/defence/requests', summary: '辩护申请 Requests (lawyer: own; agency: addressed to it)', tags: ['defence'], auth: true,
    query: z.strictObject({ status: ZStatus.optional() }), response: z.object({ items: z.array(ZDefenceRequest) }),
  }),
  decideDefenceRequest: defineEndpoint({
    method: 'POST', path: '/api/defence/requests/:id/decision', summary: '确认或不予确认辩护 Confirm or refuse (reason)', tags: ['defence'], auth: true,
    params: idParams, body: ZDefenceDecision, response: ZDefenceRequest,
  }),
  withdrawDefenceRequest: defineEndpoint({
    method: 'POST', path: '/api/defence/requests/:id/withdrawal', summary: '撤回辩护申请 Withdraw a pending request', tags: ['defence'], auth: true,
    params: idParams, response: ZDefenceRequest,
  }),
  endDefence: defineEndpoint({
    method: 'POST', path: '/api/defence/requests/:id/end', summary: '终止辩护 End a representation (revoked, dismissed, closed): access ends', tags: ['defence'], auth: true,
    params: idParams, body: ZEndDefence, response: ZDefenceRequest,
  }),
  bookMeeting: defineEndpoint({
    method: 'POST', path: '/api/defence/requests/:id/meetings', summary: '预约会见 Book a meeting with the detained client (P14, CPL 39: 48 hours)', tags: ['defence'], auth: true, status: 201,
    params: idParams, body: ZBookMeetingRequest, response: ZMeetingBooking,
  }),
  listMeetings: defineEndpoint({
    method: 'GET', path: '/api/defence/requests/:id/meetings', summary: '会见预约 Meetings booked under a representation', tags: ['defence'], auth: true,
    params: idParams, response: z.object({ items: z.array(ZMeetingBooking) }),
  }),
  accessReport: defineEndpoint({
    method: 'GET', path: '/api/cases/:id/access-report', summary: '卷宗查阅记录 Who viewed or downloaded which file', tags: ['defence'], auth: true,
    params: idParams, response: z.object({ items: z.array(ZAccessReportRow) }),
  }),
  verifyLicence: defineEndpoint({
    method: 'PUT', path: '/api/users/:id/licence', summary: '核验律师执业证号 Record and verify a lawyer\'s licence number (administrator)', tags: ['defence'], auth: true,
    params: idParams, body: ZVerifyLicenceRequest, response: ZLicenceView,
  }),
} as const;
