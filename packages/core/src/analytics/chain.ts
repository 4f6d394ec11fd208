/**
 * Whole-chain statistics (全链条统计): the milestones a case passes from 立案 to 交付执行, as the
 * pilot reported them. A milestone is reached once per case (its first time counts); the database
 * records it in the transaction that writes the event (migration 0033, table
 * `chain_milestone_rules` maps process, action and state to a milestone). Every figure below is a
 * number of cases reaching a milestone in the period, so the cases behind a figure can be listed.
 */
export const MILESTONES = {
  registered: { zh: '立案', en: 'Case registered', agencyType: 'police' },
  arrest_requested: { zh: '提请逮捕', en: 'Arrest requested', agencyType: 'police' },
  arrest_approved: { zh: '批准逮捕', en: 'Arrest approved', agencyType: 'procuratorate' },
  arrest_refused: { zh: '不批准逮捕', en: 'Arrest refused', agencyType: 'procuratorate' },
  transferred: { zh: '移送审查起诉', en: 'Transferred for prosecution', agencyType: 'police' },
  returned_supplementary: { zh: '退回补充侦查', en: 'Returned for supplementary investigation', agencyType: 'procuratorate' },
  indicted: { zh: '提起公诉', en: 'Indicted', agencyType: 'procuratorate' },
  trial_accepted: { zh: '法院受理', en: 'Accepted by the court', agencyType: 'court' },
  trial_concluded: { zh: '审结', en: 'Trial concluded', agencyType: 'court' },
  judged: { zh: '判决', en: 'Judgment pronounced', agencyType: 'court' },
  execution: { zh: '交付执行', en: 'Delivered for execution', agencyType: 'court' },
  evidence_override: { zh: '证据不全强制发送', en: 'Sent despite missing evidence (override)', agencyType: 'police' },
} as const;
export type TMilestone = keyof typeof MILESTONES;
export const MILESTONE_CODES = Object.keys(MILESTONES) as TMilestone[];

/** The seed's table shape: what each agency type reported. */
export const TABLE_SHAPE: readonly { agencyType: 'police' | 'procuratorate' | 'court'; milestones: readonly TMilestone[] }[] = [
  { agencyType: 'police', milestones: ['arrest_requested', 'transferred'] },
  { agencyType: 'procuratorate', milestones: ['arrest_approved', 'indicted'] },
  { agencyType: 'court', milestones: ['trial_accepted', 'trial_concluded'] },
];

/** The funnel: cases registered → judged → delivered for execution. */
export const FUNNEL: readonly TMilestone[] = ['registered', 'judged', 'execution'];

/**
 * Stages, from one milestone of a case to the next; the time is whole calendar days
 * (Asia/Shanghai) between the two, attributed to the agency that reached the end milestone.
 */
export const STAGES = {
  investigation: { zh: '侦查（立案至移送审查起诉）', en: 'Investigation (registered → transferred)', from: 'registered', to: 'transferred' },
  arrest_review: { zh: '审查逮捕（提请至批准）', en: 'Arrest review (requested → approved)', from: 'arrest_requested', to: 'arrest_approved' },
  prosecution_review: { zh: '审查起诉（移送至提起公诉）', en: 'Prosecution review (transferred → indicted)', from: 'transferred', to: 'indicted' },
  trial: { zh: '审判（受理至判决）', en: 'Trial (accepted → judgment)', from: 'trial_accepted', to: 'judged' },
  execution_handover: { zh: '交付执行（判决至交付执行）', en: 'Hand-over (judgment → execution)', from: 'judged', to: 'execution' },
} as const satisfies Record<string, { zh: string; en: string; from: TMilestone; to: TMilestone }>;
export type TStage = keyof typeof STAGES;
export const STAGE_CODES = Object.keys(STAGES) as TStage[];

/** Rates: part / whole, both counted as cases reaching the milestones in the period. */
export const RATES = {
  supplementary_return_rate: { zh: '退回补充侦查率', en: 'Supplementary-investigation return rate', part: ['returned_supplementary'], whole: ['transferred'] },
  arrest_refusal_rate: { zh: '不批准逮捕率', en: 'Arrest refusal rate', part: ['arrest_refused'], whole: ['arrest_approved', 'arrest_refused'] },
  override_rate: { zh: '证据不全强制发送率', en: 'Evidence override rate', part: ['evidence_override'], whole: ['arrest_requested', 'transferred'] },
} as const satisfies Record<string, { zh: string; en: string; part: readonly TMilestone[]; whole: readonly TMilestone[] }>;
export type TRate = keyof typeof RATES;

export function ratio(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null;
}
