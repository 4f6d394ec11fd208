/**
 * P8 提请延长侦查羁押期限 — extension of investigative custody (processes.md P8).
 * 公 files through the 同级检 ≥7 days before expiry (程序规定 148–150 sec.; late requests are not
 * accepted, 规则 309 sec.); the 同级检 forwards; 上一级检 (tier 1, CPL 156) or 省级检
 * (tiers 2–3, CPL 158, 159) decides; 公 notifies the 看守所.
 */
import { art, defineProcess, type TGuard, type TGuardContext } from '../definition';
import { leadTimeBefore } from '../guards';
import { DECIDERS, EXECUTORS, INTAKE, SENDERS, noteField, reasonField } from './common';
import { personIdField } from '../../custody/fields';

const police = ['police'] as const;
const procuratorate = ['procuratorate'] as const;

/** The person the request concerns: named in the step or the instance, else the only person with a running period. */
function personCustody(ctx: TGuardContext) {
  const all = ctx.facts?.custody ?? {};
  const named = ctx.input.personId ?? ctx.instance.data.personId;
  if (typeof named === 'string' && named) return all[named];
  const running = Object.values(all);
  return running.length === 1 ? running[0] : undefined;
}

/**
 * CPL 158 applies only after the CPL 156 extension, CPL 159 only after 158; each tier once; only
 * on 侦查羁押 (after arrest, CPL 156, or recalculated, CPL 160). Read from the person's custody timer.
 */
const TIER_ORDER: TGuard = {
  code: 'extension_tier_order',
  zh: '延长侦查羁押期限须依次提请：第一百五十八条的延长在第一百五十六条之后，第一百五十九条在第一百五十八条之后，每档一次，且仅限逮捕后的侦查羁押期限',
  en: 'Extensions go in order: CPL 158 after 156, 159 after 158, each once, only on investigative custody',
  articles: [art('CPL', '156'), art('CPL', '158'), art('CPL', '159')],
  needsInput: true,
  check: (ctx) => {
    const tier = Number(ctx.input.tier ?? ctx.instance.data.tier);
    const c = personCustody(ctx);
    // custody not on the platform (arrest recorded elsewhere): a first extension may be sought; later tiers must show the earlier one
    if (!c) return tier === 1 ? { ok: true } : { ok: false, details: { problem: 'previous_tier_missing', tier, applied: [], requires: tier - 1 } };
    if (!['investigative', 'recalculated', 'identified'].includes(c.kind)) return { ok: false, details: { problem: 'not_investigative', kind: c.kind, tier } };
    const done = c.extensions;
    if (done.includes(tier)) return { ok: false, details: { problem: 'already_applied', tier, applied: done } };
    if (tier > 1 && !done.includes(tier - 1)) return { ok: false, details: { problem: 'previous_tier_missing', tier, applied: done, requires: tier - 1 } };
    return { ok: true };
  },
};

/** The expiry is the platform's (the person's custody timer), never a typed date; a typed one must agree. */
const EXPIRY_FROM_PLATFORM: TGuard = {
  code: 'custody_expiry_mismatch',
  zh: '现羁押期限届满日应为平台计算的日期',
  en: 'The current expiry must be the one the platform computed',
  articles: [art('CPL', '156')],
  needsInput: true,
  check: (ctx) => {
    const c = personCustody(ctx);
    const typed = ctx.input.currentExpiry;
    if (!c || typeof typed !== 'string' || typed === c.due) return { ok: true };
    return { ok: false, details: { field: 'currentExpiry', typed, computed: c.due } };
  },
};

const leadTime = leadTimeBefore({
  code: 'extension_request_lead_time',
  field: 'currentExpiry',
  days: 7,
  zh: '提请延长侦查羁押期限应当在期限届满七日前提出（公安机关办理刑事案件程序规定第148–150条）',
  en: 'An extension must be requested at least 7 days before custody expires (Police Procedure Rules 148–150, sec.)',
  articles: [art('MPS_RULES', '148–150', 'sec.'), art('SPP_RULES', '309', 'sec.')],
});

/**
 * What each tier adds to the cumulative custody period and who approves it (processes.md P8).
 * The server hands this to the deadlines module when an extension is approved.
 */
export const CUSTODY_EXTENSION_TIERS = {
  1: {
    zh: '案情复杂',
    en: 'Complex case',
    adds: { amount: 1, unit: 'month' },
    cumulativeMonths: 3,
    approver: 'superior',
    articles: [art('CPL', '156')],
  },
  2: {
    zh: '边远交通不便、重大犯罪集团、流窜、涉面广取证难的重大复杂案件',
    en: 'Remote / major gang / roving / wide-ranging complex case',
    adds: { amount: 2, unit: 'month' },
    cumulativeMonths: 5,
    approver: 'provincial',
    articles: [art('CPL', '158')],
  },
  3: {
    zh: '可能判处十年有期徒刑以上刑罚',
    en: 'Possible sentence of 10 years or more',
    adds: { amount: 2, unit: 'month' },
    cumulativeMonths: 7,
    approver: 'provincial',
    articles: [art('CPL', '159')],
  },
} as const;

export const custodyExtensionProcess = defineProcess({
  code: 'custody_extension',
  ref: 'P8',
  name: { zh: '提请延长侦查羁押期限', en: 'Extension of investigative custody' },
  articles: [
    art('CPL', '156'),
    art('CPL', '158'),
    art('CPL', '159'),
    art('MPS_RULES', '148–150', 'sec.'),
    art('SPP_RULES', '309', 'sec.'),
  ],
  initiator: { agencyTypes: police },
  receiver: { agencyTypes: procuratorate, level: 'same' },
  superior: {
    agencyTypes: procuratorate,
    level: 'superior',
    levelByData: { field: 'tier', map: { '1': 'superior', '2': 'provincial', '3': 'provincial' } },
  },
  states: {
    DRAFT: { zh: '拟提请', en: 'Draft', kind: 'draft' },
    REQUESTED: { zh: '已提请（同级检察院）', en: 'Requested (same-level procuratorate)', kind: 'sent' },
    RETURNED_FOR_CORRECTION: { zh: '退回补正', en: 'Returned for correction', kind: 'returned' },
    FORWARDED: { zh: '已报上级检察院', en: 'Forwarded to the deciding procuratorate', kind: 'review' },
    APPROVED: { zh: '批准延长', en: 'Extension approved', kind: 'decided' },
    REJECTED: { zh: '不批准延长', en: 'Extension refused', kind: 'decided' },
    NOTIFIED: { zh: '已通知看守所', en: 'Detention centre notified', terminal: true, kind: 'executed' },
    CLOSED: { zh: '已结束（未延长）', en: 'Closed (not extended)', terminal: true, kind: 'closed' },
  },
  initialState: 'DRAFT',
  transitions: [
    {
      action: 'submit',
      from: ['DRAFT'],
      to: 'REQUESTED',
      actor: { side: 'initiator', agencyTypes: police, roles: SENDERS },
      label: { zh: '提请批准延长侦查羁押期限', en: 'Request an extension' },
      articles: [art('CPL', '156'), art('CPL', '158'), art('CPL', '159'), art('MPS_RULES', '148–150', 'sec.')],
      documents: { produces: ['custody_extension_request'] },
      input: [
        {
          name: 'tier',
          type: 'integer',
          required: true,
          persist: true,
          min: 1,
          max: 3,
          zh: '延长档次（1：第156条，2：第158条，3：第159条）',
          en: 'Tier (1: CPL 156, 2: CPL 158, 3: CPL 159)',
        },
        {
          name: 'currentExpiry',
          type: 'date',
          required: true,
          persist: true,
          zh: '现羁押期限届满日',
          en: 'Current custody expiry (last day)',
        },
        reasonField('延长理由', 'Grounds'),
        personIdField,
      ],
      guards: [TIER_ORDER, EXPIRY_FROM_PLATFORM, leadTime],
      notify: 'receiver',
      timers: { start: ['decision_by_expiry'] },
    },
    {
      action: 'return_for_correction',
      from: ['REQUESTED'],
      to: 'RETURNED_FOR_CORRECTION',
      actor: { side: 'receiver', agencyTypes: procuratorate, roles: INTAKE },
      label: { zh: '退回补正', en: 'Return for correction' },
      basis: 'unverified',
      input: [reasonField('需补正的内容', 'What must be corrected')],
      notify: 'initiator',
    },
    {
      // The lead time is checked again: a corrected request is still a request (规则 309 sec.).
      action: 'resubmit',
      from: ['RETURNED_FOR_CORRECTION'],
      to: 'REQUESTED',
      actor: { side: 'initiator', agencyTypes: police, roles: SENDERS },
      label: { zh: '补正后重新提请', en: 'Resubmit after correction' },
      documents: { produces: ['custody_extension_request'] },
      input: [
        {
          name: 'currentExpiry',
          type: 'date',
          required: true,
          persist: true,
          zh: '现羁押期限届满日',
          en: 'Current custody expiry (last day)',
        },
      ],
      guards: [leadTime],
      notify: 'receiver',
    },
    {
      action: 'forward',
      from: ['REQUESTED'],
      to: 'FORWARDED',
      actor: { side: 'receiver', agencyTypes: procuratorate, roles: DECIDERS },
      label: { zh: '提出意见报上级检察院', en: 'Forward with an opinion' },
      articles: [art('SPP_RULES', '309', 'sec.')],
      input: [{ name: 'opinion', type: 'text', required: true, zh: '审查意见', en: 'Opinion' }],
      notify: 'all',
    },
    {
      action: 'approve',
      from: ['FORWARDED'],
      to: 'APPROVED',
      actor: { side: 'superior', agencyTypes: procuratorate, roles: DECIDERS },
      label: { zh: '批准延长侦查羁押期限', en: 'Approve the extension' },
      articles: [art('CPL', '156'), art('CPL', '158'), art('CPL', '159')],
      documents: { produces: ['custody_extension_approval'] },
      guards: [TIER_ORDER],
      flowsBack: true,
      notify: 'all',
      timers: { stop: ['decision_by_expiry'] },
    },
    {
      action: 'reject',
      from: ['FORWARDED'],
      to: 'REJECTED',
      actor: { side: 'superior', agencyTypes: procuratorate, roles: DECIDERS },
      label: { zh: '不批准延长侦查羁押期限', en: 'Refuse the extension' },
      articles: [art('SPP_RULES', '312', 'sec.')],
      documents: { produces: ['custody_extension_refusal'] },
      input: [reasonField()],
      flowsBack: true,
      notify: 'all',
      timers: { stop: ['decision_by_expiry'] },
    },
    {
      action: 'notify_detention_centre',
      from: ['APPROVED'],
      to: 'NOTIFIED',
      actor: { side: 'initiator', agencyTypes: police, roles: EXECUTORS },
      label: { zh: '通知看守所', en: 'Notify the detention centre' },
      articles: [art('MPS_RULES', '—', 'sec.')],
      documents: { produces: ['custody_extension_notice'] },
      notify: 'receiver',
    },
    {
      // Custody then ends at the current expiry: release or a non-custodial measure (P4).
      action: 'acknowledge_refusal',
      from: ['REJECTED'],
      to: 'CLOSED',
      actor: { side: 'initiator', agencyTypes: police, roles: SENDERS },
      label: { zh: '收到不批准决定', en: 'Acknowledge the refusal' },
      input: [noteField],
      notify: 'receiver',
    },
  ],
  timers: {
    // CPL 156: custody may not run past its current expiry without the approval: the decision is due by that day
    decision_by_expiry: {
      zh: '现羁押期限届满前作出决定', en: 'Decision before the current custody expiry', amount: 0, unit: 'day',
      inCustody: true, startsOn: '现羁押期限届满日', startFrom: 'currentExpiry', articles: [art('CPL', '156')], warnDays: 3,
    },
  },
  notes: [
    'The base custody clock (2 months from arrest, CPL 156) and its extensions are the person\'s custody timer; the current expiry is read from it (a typed one must agree).',
    'Tier order (CPL 158 after 156, 159 after 158, each once) is checked against the person\'s custody timer, across instances.',
    'Recalculation on a new major offence (CPL 160) restarts the person\'s timer (server custody/recalculate-custody.ts); extensions may then be sought anew.',
    'Special extension via 最高检 → 全国人大常委会 (CPL 157) is not modelled.',
  ],
});
