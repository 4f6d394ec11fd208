/**
 * P6 重大证据合法性审查 — read as 重大案件侦查终结前讯问合法性核查 (processes.md P6): before a
 * major case's investigation ends, the procuratorate's 驻看守所检察人员 question the detained
 * suspect (with 同步录音录像) to check for 刑讯逼供 / 非法取证. Evidence found illegal is
 * excluded and may not support 提请批捕 or 移送起诉 (P1/P2 sends wait while ILLEGALITY_FOUND). Started by
 * 公 (notice before closing) or by 检 on its own motion (驻所检察, a complaint; CPL 57): whichever
 * starts is the initiator, so each agency's steps accept either side. No statutory time limit was found.
 */
import { art, defineProcess } from '../definition';
import { DECIDERS, HANDLERS, SENDERS, reasonField } from './common';

const police = ['police'] as const;
const procuratorate = ['procuratorate'] as const;
const bothSides = ['receiver', 'initiator'] as const;
const policeSides = ['initiator', 'receiver'] as const;

export const evidenceLegalityProcess = defineProcess({
  code: 'evidence_legality',
  ref: 'P6',
  name: { zh: '重大案件讯问合法性核查', en: 'Legality check of interrogations in major cases' },
  articles: [art('TRIAL_CENTRED_OPINION_2016', '§5'), art('EXCLUSION_RULES_2017', '14 ¶3'), art('CPL', '56–60')],
  initiator: { agencyTypes: ['police', 'procuratorate'] },
  receiver: { agencyTypes: ['procuratorate', 'police'], level: 'same' },
  states: {
    DRAFT: { zh: '拟通知', en: 'Draft', kind: 'draft' },
    NOTIFIED: { zh: '已通知驻所检察', en: 'Procuratorate notified', kind: 'sent' },
    CHECKING: { zh: '核查中', en: 'Checking', kind: 'review' },
    ILLEGALITY_FOUND: { zh: '发现非法取证', en: 'Illegality found', kind: 'decided' },
    EXCLUDED: { zh: '已排除非法证据', en: 'Evidence excluded', terminal: true, kind: 'executed' },
    CLOSED: { zh: '核查未发现违法', en: 'No illegality found', terminal: true, kind: 'closed' },
  },
  initialState: 'DRAFT',
  transitions: [
    {
      action: 'notify',
      from: ['DRAFT'],
      to: 'NOTIFIED',
      actor: { side: 'initiator', agencyTypes: police, roles: SENDERS },
      label: { zh: '侦查终结前通知核查', en: 'Notify before the investigation ends' },
      basis: 'unverified',
      articles: [art('EXCLUSION_RULES_2017', '14 ¶3')],
      documents: { produces: ['legality_check_notice'] },
      notify: 'receiver',
    },
    {
      // CPL 57: 检 investigates a report of illegal evidence gathering on its own motion
      action: 'start_check_on_own_motion',
      from: ['DRAFT'],
      to: 'CHECKING',
      actor: { side: 'initiator', agencyTypes: procuratorate, roles: DECIDERS },
      label: { zh: '依职权启动核查（驻所检察、控告线索）', en: 'Start a check on own motion' },
      articles: [art('CPL', '57'), art('EXCLUSION_RULES_2017', '14 ¶3')],
      input: [reasonField('线索来源及核查事项', 'Source and what is checked')],
      notify: 'receiver',
    },
    {
      action: 'start_check',
      from: ['NOTIFIED'],
      to: 'CHECKING',
      actor: { side: 'receiver', agencyTypes: procuratorate, roles: HANDLERS },
      label: { zh: '开始核查（询问、同步录音录像）', en: 'Start the check (interview, recorded)' },
      articles: [art('EXCLUSION_RULES_2017', '14 ¶3')],
      notify: 'initiator',
    },
    {
      action: 'conclude_no_illegality',
      from: ['CHECKING'],
      to: 'CLOSED',
      actor: { side: bothSides, agencyTypes: procuratorate, roles: DECIDERS },
      label: { zh: '核查结论：未发现非法取证', en: 'Conclude: no illegality' },
      articles: [art('EXCLUSION_RULES_2017', '14 ¶3')],
      documents: { produces: ['interview_record', 'legality_check_conclusion'] },
      flowsBack: true,
      notify: 'both',
    },
    {
      action: 'conclude_illegality_found',
      from: ['CHECKING'],
      to: 'ILLEGALITY_FOUND',
      actor: { side: bothSides, agencyTypes: procuratorate, roles: DECIDERS },
      label: { zh: '核查结论：存在非法取证', en: 'Conclude: illegality found' },
      articles: [art('EXCLUSION_RULES_2017', '14 ¶3'), art('CPL', '56'), art('CPL', '57')],
      // CPL 57: 确有以非法方法收集证据情形的，应当提出纠正意见 — the finding issues the 纠正违法通知书
      documents: { produces: ['interview_record', 'legality_check_conclusion', 'correction_notice'] },
      input: [reasonField('非法取证情形', 'What was illegal')],
      flowsBack: true,
      notify: 'both',
    },
    {
      action: 'confirm_exclusion',
      from: ['ILLEGALITY_FOUND'],
      to: 'EXCLUDED',
      actor: { side: policeSides, agencyTypes: police, roles: DECIDERS },
      label: { zh: '确认已排除相关证据', en: 'Confirm the evidence is excluded' },
      articles: [art('EXCLUSION_RULES_2017', '14 ¶3'), art('CPL', '56')],
      input: [{ name: 'excludedEvidence', type: 'text', required: true, zh: '排除的证据', en: 'Evidence excluded' }],
      notify: 'both',
    },
  ],
  timers: {},
  notes: [
    'Meaning of 重大证据合法性审查 inferred (processes.md P6); "重大案件" is undefined in the 2017 rule.',
    'Notice name and lead time unverified; no statutory time limit found, so no timers.',
    'A police objection to the conclusion is not modelled (no rule found).',
  ],
});
