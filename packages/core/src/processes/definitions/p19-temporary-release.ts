/**
 * P19 暂予监外执行 — temporary execution outside prison for a prisoner already delivered
 * (post-judgment.md §7; CPL 265–268, 暂予监外执行规定 2014). The prison proposes to the
 * 省级监狱管理机关 (司法), the 看守所 to the 设区的市一级公安机关; the written proposal is copied
 * to the procuratorate (CPL 266), whose opinion is due within 10 days (规则 630, sec.); the
 * decision is copied to it and it may object within 1 month, the authority then re-examines at
 * once (CPL 267); the person is handed to the 社区矫正机构 within 10 days (社区矫正法 21 ¶3).
 * Before delivery the sentencing court decides itself (CPL 265 ¶5): not this flow.
 */
import { art, defineProcess, type TGuard } from '../definition';
import { DECIDERS, EXECUTORS, SENDERS, reasonField } from './common';
import { objectionStep, objectionWindowTimer, procuratorateOpinionStep, procuratorateOpinionTimer } from './execution-change';

const proposers = ['prison', 'detention'] as const;
const deciders = ['justice', 'police'] as const;
const procuratorate = ['procuratorate'] as const;

/** CPL 265 ¶2: a life sentence only for a pregnant or nursing woman, never for illness or infirmity. */
const LIFE_ONLY_PREGNANCY: TGuard = {
  code: 'life_sentence_ground_excluded',
  zh: '对被判处无期徒刑的罪犯，只有怀孕或者正在哺乳自己婴儿的妇女，才可以暂予监外执行（刑事诉讼法第二百六十五条第二款）',
  en: 'A life sentence allows temporary release only for a pregnant or nursing woman (CPL 265 ¶2)',
  articles: [art('CPL', '265')],
  needsInput: true,
  check: ({ input }) =>
    input.sentenceKind === 'life' && input.ground !== 'pregnant_or_nursing'
      ? { ok: false, details: { sentenceKind: input.sentenceKind, ground: input.ground } }
      : { ok: true },
};

export const temporaryReleaseProcess = defineProcess({
  code: 'temporary_release',
  ref: 'P19',
  name: { zh: '暂予监外执行', en: 'Temporary execution outside prison' },
  articles: [art('CPL', '265'), art('CPL', '266'), art('CPL', '267'), art('COMMUNITY_CORRECTION_LAW', '21'), art('TEMPORARY_RELEASE_RULES_2014', '—', 'sec.')],
  initiator: { agencyTypes: proposers },
  receiver: { agencyTypes: deciders },
  // CPL 266, 267: the procuratorate at the deciding authority's level
  superior: { agencyTypes: procuratorate, level: 'same' },
  states: {
    DRAFT: { zh: '拟提请', en: 'Draft', kind: 'draft' },
    PROPOSED: { zh: '已提请（抄送检察院）', en: 'Proposed (copy to the procuratorate)', kind: 'sent' },
    DECIDED: { zh: '已批准暂予监外执行（检察院监督期间）', en: 'Approved (objection window running)', kind: 'decided' },
    REEXAMINATION: { zh: '检察院提出书面意见，重新核查', en: 'Objection lodged; re-examination', kind: 'review' },
    HANDED_OVER: { zh: '已交付社区矫正机构', en: 'Handed over to community correction', terminal: true, kind: 'executed' },
    REJECTED: { zh: '不予批准', en: 'Refused', terminal: true, kind: 'closed' },
    REVOKED: { zh: '重新核查后撤销，继续收监执行', en: 'Revoked after re-examination', terminal: true, kind: 'closed' },
  },
  initialState: 'DRAFT',
  transitions: [
    {
      action: 'submit_proposal',
      from: ['DRAFT'],
      to: 'PROPOSED',
      actor: { side: 'initiator', agencyTypes: proposers, roles: SENDERS },
      label: { zh: '提请暂予监外执行，抄送人民检察院', en: 'Propose, copying the procuratorate' },
      articles: [art('CPL', '265'), art('CPL', '266')],
      documents: { produces: ['temporary_release_proposal'] },
      input: [
        { name: 'personName', type: 'text', required: true, persist: true, maxLength: 50, zh: '罪犯', en: 'Prisoner' },
        {
          name: 'sentenceKind', type: 'enum', required: true, persist: true, zh: '刑罚', en: 'Sentence',
          values: { fixed_term: { zh: '有期徒刑', en: 'Fixed term' }, criminal_detention: { zh: '拘役', en: 'Criminal detention' }, life: { zh: '无期徒刑', en: 'Life' } },
        },
        {
          name: 'ground', type: 'enum', required: true, persist: true, zh: '情形', en: 'Ground',
          values: {
            serious_illness: { zh: '有严重疾病需要保外就医（省级人民政府指定医院诊断）', en: 'Serious illness (designated hospital)' },
            pregnant_or_nursing: { zh: '怀孕或者正在哺乳自己婴儿的妇女', en: 'Pregnant or nursing own infant' },
            unable_to_care: { zh: '生活不能自理，适用暂予监外执行不致危害社会', en: 'Unable to care for self, no danger' },
          },
        },
      ],
      guards: [LIFE_ONLY_PREGNANCY],
      notify: 'all',
      timers: { start: ['procuratorate_opinion'] },
    },
    procuratorateOpinionStep('PROPOSED', [art('CPL', '266'), art('SPP_RULES', '630', 'sec.')]),
    {
      action: 'approve',
      from: ['PROPOSED'],
      to: 'DECIDED',
      actor: { side: 'receiver', agencyTypes: deciders, roles: DECIDERS },
      label: { zh: '批准暂予监外执行，抄送人民检察院', en: 'Approve, copying the procuratorate' },
      articles: [art('CPL', '265'), art('CPL', '267')],
      documents: { produces: ['temporary_release_decision'] },
      flowsBack: true,
      notify: 'all',
      timers: { stop: ['procuratorate_opinion'], start: ['objection_window', 'correction_handover'] },
    },
    {
      action: 'refuse',
      from: ['PROPOSED'],
      to: 'REJECTED',
      actor: { side: 'receiver', agencyTypes: deciders, roles: DECIDERS },
      label: { zh: '不予批准', en: 'Refuse' },
      articles: [art('CPL', '265')],
      input: [reasonField('不予批准的理由', 'Reasons')],
      flowsBack: true,
      notify: 'all',
    },
    objectionStep({
      from: 'DECIDED', to: 'REEXAMINATION',
      label: { zh: '认为不当，提出书面意见', en: 'Object in writing' },
      reason: { zh: '书面意见', en: 'Objection' },
      late: { zh: '应在收到暂予监外执行决定书副本后一个月以内提出书面意见', en: 'An objection must be lodged within 1 month of receiving the decision' },
      articles: [art('CPL', '267')],
    }),
    {
      action: 'uphold_decision',
      from: ['REEXAMINATION'],
      to: 'DECIDED',
      actor: { side: 'receiver', agencyTypes: deciders, roles: DECIDERS },
      label: { zh: '重新核查，维持决定', en: 'Re-examined: decision upheld' },
      articles: [art('CPL', '267')],
      input: [reasonField('核查意见', 'Findings')],
      flowsBack: true,
      notify: 'all',
    },
    {
      action: 'revoke_decision',
      from: ['REEXAMINATION'],
      to: 'REVOKED',
      actor: { side: 'receiver', agencyTypes: deciders, roles: DECIDERS },
      label: { zh: '重新核查，撤销决定', en: 'Re-examined: decision revoked' },
      articles: [art('CPL', '267')],
      input: [reasonField('核查意见', 'Findings')],
      flowsBack: true,
      notify: 'all',
    },
    {
      action: 'hand_over_to_correction',
      from: ['DECIDED'],
      to: 'HANDED_OVER',
      actor: { side: 'initiator', agencyTypes: proposers, roles: EXECUTORS },
      label: { zh: '交付社区矫正机构', en: 'Hand over to community correction' },
      articles: [art('COMMUNITY_CORRECTION_LAW', '21')],
      input: [{ name: 'correctionAgency', type: 'text', required: true, persist: true, maxLength: 200, zh: '执行地社区矫正机构', en: 'Community-correction agency' }],
      notify: 'all',
    },
  ],
  timers: {
    procuratorate_opinion: procuratorateOpinionTimer('收到提请暂予监外执行意见书副本', art('SPP_RULES', '630', 'sec.')),
    objection_window: objectionWindowTimer({
      zh: '检察院对决定提出书面意见', amount: 1, unit: 'month', startsOn: '收到暂予监外执行决定书副本', articles: [art('CPL', '267')], warnDays: 7,
    }),
    correction_handover: {
      zh: '交付社区矫正机构', en: 'Hand-over to community correction', amount: 10, unit: 'day', inCustody: false,
      startsOn: '收到批准决定', articles: [art('COMMUNITY_CORRECTION_LAW', '21')], warnDays: 3,
    },
  },
  notes: [
    'Handing over ends the flow; supervision, breaches and 收监 (CPL 268) run in P17 community_correction.',
    'Court-decided 暂予监外执行 before delivery (CPL 265 ¶5) and the 15 days to rule on 收监 (2012 高法解释 §433, sec.) are not modelled here.',
  ],
});
