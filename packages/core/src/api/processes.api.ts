/**
 * HTTP contract for the cross-agency processes: the catalogue, instances, actions,
 * inbox (待办/已办/已发/临期超期), the case timeline and flow statistics.
 */
import { z } from 'zod';
import { ZSendStage } from '../evidence';
import { defineEndpoint, ZIsoDateTime, ZPageQuery, ZUuid } from './contract';

const ZLabel = z.object({ zh: z.string(), en: z.string() });

export const ZCatalogueProcess = z.object({
  code: z.string(),
  ref: z.string(),
  name: z.string(),
  nameEn: z.string(),
  /** The statute articles the process rests on, formatted ('CPL 174', '…社区矫正法 18'). */
  articles: z.array(z.string()),
  initiatorAgencyTypes: z.array(z.string()),
  receiverAgencyTypes: z.array(z.string()),
  states: z.array(z.object({ code: z.string(), zh: z.string(), en: z.string(), terminal: z.boolean(), kind: z.string().nullable() })),
  initialState: z.string(),
  transitions: z.array(z.object({
    from: z.array(z.string()), to: z.string(), action: z.string(), label: ZLabel,
    actorSides: z.array(z.string()), actorAgencyTypes: z.array(z.string()), roles: z.array(z.string()),
    articles: z.array(z.string()),
  })),
  timers: z.array(z.object({ id: z.string(), zh: z.string(), en: z.string(), amount: z.number(), unit: z.string(), inCustody: z.boolean(), articles: z.array(z.string()) })),
});

export const ZTimer = z.object({
  id: ZUuid,
  timerId: z.string(),
  zh: z.string(),
  en: z.string(),
  startedOn: z.string(),
  due: z.string(),
  dueInstant: ZIsoDateTime,
  inCustody: z.boolean(),
  /** paused: time not counted (CPL 149, 235); its due date moves when it runs again */
  status: z.enum(['running', 'stopped', 'restarted', 'paused']),
  /** the day a paused period stopped counting */
  pausedOn: z.string().nullable(),
  deadlineStatus: z.enum(['ok', 'dueSoon', 'dueToday', 'overdue']),
  articles: z.array(z.string()),
  explanation: z.array(z.object({ code: z.string(), article: z.string(), zh: z.string(), en: z.string(), date: z.string().optional() })),
});

export const ZInputField = z.object({
  name: z.string(), type: z.string(), required: z.boolean(), zh: z.string(), en: z.string(),
  values: z.record(z.string(), ZLabel).optional(), min: z.number().optional(), max: z.number().optional(),
});

export const ZAvailableAction = z.object({
  action: z.string(),
  to: z.string(),
  label: ZLabel,
  input: z.array(ZInputField),
  documents: z.object({ required: z.array(z.string()), produces: z.array(z.string()), optional: z.array(z.string()) }),
  articles: z.array(z.string()),
  blocked: z.object({ code: z.string(), zh: z.string(), en: z.string() }).optional(),
  /** Legal warnings that apply now (CPL 81: the charges carry less than 有期徒刑). */
  warnings: z.array(z.object({ code: z.string(), zh: z.string(), en: z.string(), articles: z.array(z.string()) })),
  /** A send checked against the evidence guide first (证据指引): the checklist stage it must satisfy. */
  evidenceStage: ZSendStage.optional(),
});

/** Who must act next in the instance's state: an agency and the roles there that may, with what they can do. */
export const ZWaitingFor = z.object({
  agencyId: ZUuid,
  agencyName: z.string(),
  side: z.enum(['initiator', 'receiver', 'superior']),
  roles: z.array(z.object({ role: z.string(), zh: z.string() })),
  actions: z.array(ZLabel),
});

export const ZProcessEventView = z.object({
  id: z.string(),
  instanceId: ZUuid,
  process: z.string(),
  processName: z.string(),
  action: z.string(),
  actionLabel: z.string(),
  from: z.string(),
  fromName: z.string(),
  to: z.string(),
  toName: z.string(),
  at: ZIsoDateTime,
  /** userId null: the platform acted (a judgment taking effect when the window passed, CPL 230). */
  actor: z.object({ userId: ZUuid.nullable(), name: z.string(), agencyId: ZUuid, agencyName: z.string(), role: z.string() }),
  input: z.record(z.string(), z.unknown()),
  /**
   * Documents of the step: issued by it (`issued`: its 文号 and the signed PDF's document id) or
   * referred to (sent along, issued earlier in the case; null when none is on the platform).
   */
  documents: z.array(z.object({
    type: z.string(), name: z.string(), number: z.string().nullable(), documentId: ZUuid.nullable(), issued: z.boolean(),
  })),
  timersStarted: z.array(z.object({ zh: z.string(), due: z.string() })),
  timersStopped: z.array(z.string()),
  articles: z.array(z.string()),
});

export const ZProcessInstance = z.object({
  id: ZUuid,
  caseId: ZUuid,
  caseTitle: z.string(),
  code: z.string(),
  name: z.string(),
  state: z.string(),
  stateName: z.string(),
  terminal: z.boolean(),
  version: z.number(),
  counters: z.record(z.string(), z.number()),
  data: z.record(z.string(), z.unknown()),
  initiator: z.object({ agencyId: ZUuid, agencyName: z.string() }),
  receiver: z.object({ agencyId: ZUuid, agencyName: z.string() }),
  superior: z.object({ agencyId: ZUuid, agencyName: z.string() }).nullable(),
  mySide: z.enum(['initiator', 'receiver', 'superior']).nullable(),
  availableActions: z.array(ZAvailableAction),
  /** Empty in a terminal state. */
  waitingFor: z.array(ZWaitingFor),
  timers: z.array(ZTimer),
  events: z.array(ZProcessEventView),
  createdAt: ZIsoDateTime,
  updatedAt: ZIsoDateTime,
});

export const ZStartProcessRequest = z.strictObject({
  code: z.string().min(1, '请选择流程').max(64),
  receiverAgencyId: ZUuid,
  /** instance data known at start (e.g. P8 tier, P5 sentence kind) */
  data: z.record(z.string().max(64), z.union([z.string().max(2000), z.number(), z.boolean()])).default({}),
});

export const ZActionRequest = z.strictObject({
  action: z.string().min(1, '请选择操作').max(64),
  input: z.record(z.string().max(64), z.unknown()).default({}),
  /** document type codes attached to this action (besides those the platform generates) */
  documents: z.array(z.string().max(64)).max(50).default([]),
  /** the version the client saw; a stale one answers 409 */
  expectedVersion: z.number().int().positive().optional(),
  /** an approver's recorded reason to send although mandatory evidence is missing */
  evidenceOverrideReason: z.string().min(5, '强制发送理由至少5个字').max(2000).optional(),
});

export const ZInboxItem = z.object({
  id: z.string(),
  box: z.enum(['todo', 'done', 'sent', 'due']),
  instanceId: ZUuid,
  caseId: ZUuid,
  caseTitle: z.string(),
  process: z.string(),
  processName: z.string(),
  state: z.string(),
  stateName: z.string(),
  fromAgency: z.string(),
  toAgency: z.string(),
  at: ZIsoDateTime,
  due: z.string().nullable(),
  deadlineStatus: z.enum(['ok', 'dueSoon', 'dueToday', 'overdue']).nullable(),
  deadlineName: z.string().nullable(),
});

export const ZInboxQuery = ZPageQuery.extend({
  box: z.enum(['todo', 'done', 'sent', 'due']).default('todo'),
  process: z.string().max(64).optional(),
  q: z.string().max(100).optional(),
  sort: z.enum(['at', 'due']).default('at'),
  /** keyset paging (issue 13): the `next` of the previous page; newest first, or by due date in 临期/超期 */
  after: z.string().regex(/^(\d{1,16}|\d{4}-\d{2}-\d{2})_[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'after 应为上一页返回的 next').optional(),
});

export const ZFlowStats = z.object({
  from: z.string(),
  to: z.string(),
  rows: z.array(z.object({
    agencyId: ZUuid, agencyName: z.string(), agencyType: z.string(), process: z.string(), processName: z.string(),
    sent: z.number(), received: z.number(), decided: z.number(),
  })),
  byMonth: z.array(z.object({ month: z.string(), process: z.string(), processName: z.string(), count: z.number() })),
  byCharge: z.array(z.object({ charge: z.string(), chargeName: z.string(), count: z.number() })),
  /** 上诉/抗诉率 per first-instance court (CPL 227, 228): judgments served in the period, appealed, protested */
  appeals: z.array(z.object({
    agencyId: ZUuid, agencyName: z.string(), judgmentsServed: z.number(), appealed: z.number(), protested: z.number(),
    /** appealed / served, protested / served; null when nothing was served */
    appealRate: z.number().nullable(), protestRate: z.number().nullable(),
  })),
  /**
   * Branches per agency (issue 10): 认罪认罚 rate = 起诉 with a standing plea / 起诉 (procuratorate);
   * 速裁 share = 速裁 decided / cases accepted; 量刑建议 adoption rate = adopted (also as adjusted) /
   * judgments stating the outcome (court). Rates are null where nothing was counted.
   */
  branches: z.array(z.object({
    agencyId: ZUuid, agencyName: z.string(), agencyType: z.string(),
    indicted: z.number(), pleaIndicted: z.number(), pleaRate: z.number().nullable(),
    trialsAccepted: z.number(), fastTrack: z.number(), fastTrackShare: z.number().nullable(),
    recommendationsDecided: z.number(), recommendationsAdopted: z.number(), adoptionRate: z.number().nullable(),
  })),
});

export const processApi = {
  catalogue: defineEndpoint({
    method: 'GET', path: '/api/processes', summary: '流程目录 Process catalogue', tags: ['processes'], auth: true,
    response: z.object({ items: z.array(ZCatalogueProcess) }),
  }),
  startProcess: defineEndpoint({
    method: 'POST', path: '/api/cases/:id/processes', summary: '发起流程 Start a process on a case', tags: ['processes'], auth: true, status: 201,
    params: z.object({ id: ZUuid }), body: ZStartProcessRequest, response: ZProcessInstance,
  }),
  listCaseProcesses: defineEndpoint({
    method: 'GET', path: '/api/cases/:id/processes', summary: '案件流程 Processes of a case', tags: ['processes'], auth: true,
    params: z.object({ id: ZUuid }), response: z.object({ items: z.array(ZProcessInstance) }),
  }),
  getInstance: defineEndpoint({
    method: 'GET', path: '/api/process-instances/:id', summary: '流程详情 Process instance', tags: ['processes'], auth: true,
    params: z.object({ id: ZUuid }), response: ZProcessInstance,
  }),
  act: defineEndpoint({
    method: 'POST', path: '/api/process-instances/:id/actions', summary: '流程操作 Act on a process (Idempotency-Key header supported)', tags: ['processes'], auth: true,
    params: z.object({ id: ZUuid }), body: ZActionRequest, response: ZProcessInstance,
  }),
  inbox: defineEndpoint({
    method: 'GET', path: '/api/inbox', summary: '待办/已办/已发/临期超期 Inbox', tags: ['processes'], auth: true,
    query: ZInboxQuery, response: z.object({ items: z.array(ZInboxItem), total: z.number(), totalCapped: z.boolean().describe('total and counts stop at 1000: the UI shows "1000+"'), next: z.string().nullable().describe('pass as `after` for the rows behind this page; null on the last page or when sorted by deadline outside 临期/超期'), counts: z.object({ todo: z.number(), dueSoon: z.number(), overdue: z.number() }) }),
  }),
  timeline: defineEndpoint({
    method: 'GET', path: '/api/cases/:id/timeline', summary: '案件时间线 Case timeline across agencies', tags: ['processes'], auth: true,
    params: z.object({ id: ZUuid }), response: z.object({ items: z.array(ZProcessEventView) }),
  }),
  flowStats: defineEndpoint({
    method: 'GET', path: '/api/stats/flows', summary: '流转统计 Flow statistics', tags: ['stats'], auth: true,
    query: z.object({ from: z.iso.date({ message: '日期格式应为YYYY-MM-DD' }).optional(), to: z.iso.date({ message: '日期格式应为YYYY-MM-DD' }).optional() }),
    response: ZFlowStats,
  }),
} as const;
