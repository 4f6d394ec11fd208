/**
 * P18 减刑、假释 — the prison proposes, the court rules, the procuratorate beside the court watches
 * (post-judgment.md §6; CPL 273, 274). In-prison 公示 (7 working days, sec.) → 提请 with a copy to
 * the procuratorate (CPL 273 ¶2), whose written opinion is due within 10 days (规则 635, sec.) →
 * the court files it under a 刑更 案号 and publishes it within 5 days (法释〔2014〕5号 §3, sec.) →
 * ruling within 1 month (§1, sec.) → the procuratorate may send a 纠正意见 within 20 days of
 * receiving the ruling (CPL 274) → the court rules again within 1 month (CPL 274) → the prison
 * carries the result out. Working days are counted as calendar days until the calendar has them.
 */
import { parseCourtCaseNumber } from '../../cases/case-numbers';
import { art, defineProcess, type TGuard } from '../definition';
import { afterTimerDue } from '../guards';
import { DECIDERS, EXECUTORS, HANDLERS, INTAKE, SENDERS } from './common';
import { objectionStep, objectionWindowTimer, procuratorateOpinionStep, procuratorateOpinionTimer } from './execution-change';

const proposers = ['prison', 'detention', 'correction'] as const;
const court = ['court'] as const;
const procuratorate = ['procuratorate'] as const;
const RULES = (a: string) => art('COMMUTATION_PROCEDURE_2014', a, 'sec.');

/** The court files a 减刑/假释 proposal as a 刑更 case (cases-and-codes.md: 刑罚与执行变更审查). */
const COMMUTATION_CASE_NUMBER: TGuard = {
  code: 'commutation_case_number_invalid',
  zh: '减刑、假释案件应以“刑更”类型代字立案，如（2026）吉01刑更12号',
  en: 'A commutation or parole case is filed under the 刑更 case type, e.g. (2026)吉01刑更12号',
  articles: [RULES('3')],
  needsInput: true,
  check: ({ input }) => {
    const n = parseCourtCaseNumber(String(input.courtCaseNumber ?? ''));
    const typeCode = n?.format === 'current' ? n.typeCode : null;
    return typeCode === '刑更' ? { ok: true } : { ok: false, details: { field: 'courtCaseNumber', typeCode } };
  },
};

export const commutationParoleProcess = defineProcess({
  code: 'commutation_parole',
  ref: 'P18',
  name: { zh: '减刑、假释', en: 'Commutation and parole' },
  articles: [art('CPL', '273'), art('CPL', '274'), RULES('1'), RULES('3'), art('SPP_RULES', '635', 'sec.')],
  initiator: { agencyTypes: proposers },
  receiver: { agencyTypes: court },
  // CPL 273 ¶2, 274: the procuratorate at the court's level (同级人民检察院)
  superior: { agencyTypes: procuratorate, level: 'same' },
  states: {
    DRAFT: { zh: '拟提请', en: 'Draft', kind: 'draft' },
    PRISON_PUBLICITY: { zh: '狱内公示中', en: 'Publicised inside the prison', kind: 'waiting' },
    SUBMITTED: { zh: '已提请人民法院（抄送检察院）', en: 'Submitted to the court (copy to the procuratorate)', kind: 'sent' },
    FILED: { zh: '法院已立案（刑更）', en: 'Filed by the court', kind: 'accepted' },
    PUBLICISED: { zh: '法院已公示', en: 'Publicised by the court', kind: 'review' },
    RULED: { zh: '已裁定（检察院纠正意见期间）', en: 'Ruled (objection window running)', kind: 'decided' },
    OBJECTED: { zh: '检察院提出纠正意见，重新审理', en: 'Objection lodged; re-hearing', kind: 'review' },
    FINAL: { zh: '裁定已确定', en: 'Ruling final', kind: 'decided' },
    EXECUTED: { zh: '监狱已执行裁定', en: 'Carried out by the prison', terminal: true, kind: 'executed' },
  },
  initialState: 'DRAFT',
  transitions: [
    {
      action: 'publicize_in_prison',
      from: ['DRAFT'],
      to: 'PRISON_PUBLICITY',
      actor: { side: 'initiator', agencyTypes: proposers, roles: HANDLERS },
      label: { zh: '评审后狱内公示', en: 'Publicise the proposal inside the prison' },
      articles: [art('PRISON_COMMUTATION_RULES', '—', 'sec.')],
      input: [
        { name: 'personName', type: 'text', required: true, persist: true, maxLength: 50, zh: '罪犯', en: 'Prisoner' },
        {
          name: 'proposalKind', type: 'enum', required: true, persist: true, zh: '提请事项', en: 'Proposal',
          values: { commutation: { zh: '减刑', en: 'Commutation' }, parole: { zh: '假释', en: 'Parole' } },
        },
        {
          name: 'sentenceKind', type: 'enum', required: true, persist: true, zh: '原判刑罚', en: 'Sentence',
          values: {
            fixed_term: { zh: '有期徒刑（中级人民法院）', en: 'Fixed term (intermediate court)' },
            life: { zh: '无期徒刑（高级人民法院）', en: 'Life (high court)' },
            death_reprieve: { zh: '死刑缓期执行（高级人民法院）', en: 'Death with reprieve (high court)' },
            detention_or_control: { zh: '拘役、管制（中级人民法院）', en: 'Criminal detention or public surveillance' },
          },
        },
      ],
      notify: 'none',
      timers: { start: ['prison_publicity'] },
    },
    {
      action: 'submit_proposal',
      from: ['PRISON_PUBLICITY'],
      to: 'SUBMITTED',
      actor: { side: 'initiator', agencyTypes: proposers, roles: SENDERS },
      label: { zh: '提请减刑（假释），抄送人民检察院', en: 'Submit to the court, copy to the procuratorate' },
      articles: [art('CPL', '273')],
      documents: { produces: ['commutation_proposal'] },
      guards: [afterTimerDue({
        code: 'prison_publicity_running', timer: 'prison_publicity', zh: '狱内公示期尚未届满', en: 'The in-prison publicity period is not over',
        articles: [art('PRISON_COMMUTATION_RULES', '—', 'sec.')],
      })],
      notify: 'all',
      timers: { start: ['procuratorate_opinion', 'ruling'] },
    },
    // CPL 273 ¶2: the written opinion may come at any point before the ruling
    ...(['SUBMITTED', 'FILED', 'PUBLICISED'] as const).map((state) => procuratorateOpinionStep(state, [art('CPL', '273'), art('SPP_RULES', '635', 'sec.')])),
    {
      action: 'file_case',
      from: ['SUBMITTED'],
      to: 'FILED',
      actor: { side: 'receiver', agencyTypes: court, roles: INTAKE },
      label: { zh: '立案（刑更案号）', en: 'File the case (刑更 number)' },
      articles: [RULES('3')],
      input: [{ name: 'courtCaseNumber', type: 'text', required: true, persist: true, maxLength: 40, zh: '案号（刑更）', en: 'Case number (刑更)' }],
      guards: [COMMUTATION_CASE_NUMBER],
      notify: 'all',
      timers: { start: ['court_publicity'] },
    },
    {
      action: 'publish_proposal',
      from: ['FILED'],
      to: 'PUBLICISED',
      actor: { side: 'receiver', agencyTypes: court, roles: EXECUTORS },
      label: { zh: '向社会公示提请情况', en: 'Publish the proposal' },
      articles: [RULES('3')],
      notify: 'all',
      timers: { stop: ['court_publicity'] },
    },
    {
      action: 'rule',
      from: ['PUBLICISED'],
      to: 'RULED',
      actor: { side: 'receiver', agencyTypes: court, roles: DECIDERS },
      label: { zh: '作出减刑（假释）裁定，送达监狱和检察院', en: 'Rule and serve the prison and the procuratorate' },
      articles: [RULES('1'), RULES('18'), art('CPL', '274')],
      documents: { produces: ['criminal_ruling'] },
      input: [
        {
          name: 'outcome', type: 'enum', required: true, persist: true, zh: '裁定结果', en: 'Outcome',
          values: {
            granted: { zh: '准予减刑（假释）', en: 'Granted' },
            granted_in_part: { zh: '部分准予（减刑幅度调整）', en: 'Granted in part' },
            refused: { zh: '不予减刑（假释）', en: 'Refused' },
          },
        },
        {
          name: 'hearing', type: 'enum', required: true, persist: true, zh: '审理方式', en: 'Hearing',
          values: { written: { zh: '书面审理', en: 'On the papers' }, open: { zh: '开庭审理', en: 'Oral hearing' } },
        },
      ],
      flowsBack: true,
      notify: 'all',
      timers: { stop: ['ruling'], start: ['objection_window'] },
    },
    objectionStep({
      from: 'RULED', to: 'OBJECTED',
      label: { zh: '提出书面纠正意见', en: 'Lodge a written objection' },
      reason: { zh: '纠正意见', en: 'Objection' },
      late: { zh: '收到裁定书副本后二十日内才能提出纠正意见', en: 'An objection must be lodged within 20 days of receiving the ruling' },
      articles: [art('CPL', '274')],
      then: ['rehearing'],
    }),
    {
      action: 'rule_again',
      from: ['OBJECTED'],
      to: 'FINAL',
      actor: { side: 'receiver', agencyTypes: court, roles: DECIDERS },
      label: { zh: '另行组成合议庭审理，作出最终裁定', en: 'Re-hear with a new panel and rule finally' },
      articles: [art('CPL', '274')],
      documents: { produces: ['criminal_ruling'] },
      input: [
        {
          name: 'finalOutcome', type: 'enum', required: true, persist: true, zh: '最终裁定', en: 'Final ruling',
          values: { upheld: { zh: '维持原裁定', en: 'Upheld' }, changed: { zh: '撤销原裁定，重新裁定', en: 'Set aside and ruled anew' } },
        },
      ],
      flowsBack: true,
      notify: 'all',
      timers: { stop: ['rehearing'] },
    },
    {
      action: 'execute_ruling',
      from: ['RULED'],
      to: 'EXECUTED',
      actor: { side: 'initiator', agencyTypes: proposers, roles: EXECUTORS },
      label: { zh: '纠正意见期满，执行裁定', en: 'Objection window over: carry out the ruling' },
      articles: [art('CPL', '274')],
      guards: [afterTimerDue({
        code: 'objection_window_running', timer: 'objection_window', zh: '检察院提出纠正意见的二十日期间尚未届满', en: 'The 20 days for an objection are not over',
        articles: [art('CPL', '274')],
      })],
      notify: 'all',
    },
    {
      action: 'execute_final_ruling',
      from: ['FINAL'],
      to: 'EXECUTED',
      actor: { side: 'initiator', agencyTypes: proposers, roles: EXECUTORS },
      label: { zh: '执行最终裁定', en: 'Carry out the final ruling' },
      articles: [art('CPL', '274')],
      notify: 'all',
    },
  ],
  timers: {
    prison_publicity: {
      zh: '狱内公示', en: 'In-prison publicity', amount: 7, unit: 'day', inCustody: false,
      startsOn: '狱内公示', articles: [art('PRISON_COMMUTATION_RULES', '—', 'sec.')], basis: 'sec.', warnDays: 2,
    },
    procuratorate_opinion: procuratorateOpinionTimer('收到提请减刑（假释）建议书副本', art('SPP_RULES', '635', 'sec.')),
    court_publicity: {
      zh: '法院立案后公示', en: 'Court publishes after filing', amount: 5, unit: 'day', inCustody: false,
      startsOn: '立案', articles: [RULES('3')], basis: 'sec.', warnDays: 2,
    },
    ruling: {
      zh: '减刑（假释）审理期限', en: 'Ruling period', amount: 1, unit: 'month', inCustody: false,
      startsOn: '收到提请减刑（假释）建议书', articles: [RULES('1')], basis: 'sec.', warnDays: 7,
    },
    objection_window: objectionWindowTimer({
      zh: '检察院提出纠正意见', amount: 20, unit: 'day', startsOn: '收到裁定书副本', articles: [art('CPL', '274')], warnDays: 5,
    }),
    rehearing: {
      zh: '收到纠正意见后重新审理', en: 'Re-hearing after an objection', amount: 1, unit: 'month', inCustody: false,
      startsOn: '收到纠正意见', articles: [art('CPL', '274')], warnDays: 7,
    },
  },
  notes: [
    'The ruling period is 1 month for every sentence kind; the +1 month for complex 无期/有期 cases (法释〔2014〕5号 §1) is not modelled.',
    'The court\'s publicity length after filing is (unverified); only its start within 5 days of 立案 is tracked.',
    'Service of the ruling within 7 days (§18, sec.): the ruling flows back to the prison and reaches the procuratorate (superior side) when issued.',
  ],
});
