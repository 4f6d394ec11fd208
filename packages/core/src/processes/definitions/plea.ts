/**
 * 认罪认罚从宽 as the P2 and P3 definitions read it (branches.md): whether a plea stands, and the
 * term of the 量刑建议 that went with the 起诉书. At 审查起诉 the plea lives on the P2 instance's own
 * counters; at trial the platform hands P2's record over as `facts.plea` (never typed), and P3's own
 * steps (withdrawal, an adjusted recommendation) count on top.
 */
import { art, type TGuard, type TGuardContext, type TInputField } from '../definition';

type TCounters = Readonly<Record<string, number>>;

/** A plea stands: a 具结书 signed or a CPL 174 ¶2 exception recorded, and not withdrawn since. */
export function pleaStandsAtReview(counters: TCounters): boolean {
  return (counters.pleaAgreements ?? 0) + (counters.pleaExceptions ?? 0) > (counters.pleaWithdrawals ?? 0);
}

/** At trial: the plea carried from 审查起诉 and not withdrawn before the court. */
export function pleaStandsAtTrial(ctx: Pick<TGuardContext, 'instance' | 'facts'>): boolean {
  return ctx.facts?.plea?.status === 'agreed' && (ctx.instance.counters.pleaWithdrawals ?? 0) === 0;
}

/** The longest term (months) of the 量刑建议 in force: adjusted at trial (CPL 201 ¶2), else as filed (CPL 176 ¶2). */
export function recommendedTermMonths(ctx: Pick<TGuardContext, 'instance' | 'facts'>): number | undefined {
  const own = ctx.instance.data.recommendedTermMaxMonths;
  if (typeof own === 'number') return own;
  return ctx.facts?.plea?.recommendedTermMonths;
}

/** 量刑建议 (CPL 176 ¶2): principal penalty, term (fixed or a range, months), 缓刑, fine. */
export const SENTENCING_FIELDS: readonly TInputField[] = [
  {
    name: 'recommendedPenalty', type: 'enum', required: false, persist: true, zh: '建议主刑', en: 'Principal penalty',
    values: {
      fixed_term: { zh: '有期徒刑', en: 'Fixed-term imprisonment' },
      criminal_detention: { zh: '拘役', en: 'Criminal detention' },
      public_surveillance: { zh: '管制', en: 'Public surveillance' },
      fine_only: { zh: '单处罚金', en: 'Fine only' },
      exempted: { zh: '免予刑事处罚', en: 'Exempted from punishment' },
    },
  },
  { name: 'recommendedTermMinMonths', type: 'integer', required: false, persist: true, min: 1, max: 300, zh: '建议刑期下限（月）', en: 'Term from (months)' },
  { name: 'recommendedTermMaxMonths', type: 'integer', required: false, persist: true, min: 1, max: 300, zh: '建议刑期上限（月，确定刑期填同一数）', en: 'Term to (months; same for a fixed term)' },
  { name: 'recommendedSuspended', type: 'boolean', required: false, persist: true, zh: '建议适用缓刑', en: 'Suspended sentence' },
  { name: 'recommendedFineYuan', type: 'integer', required: false, persist: true, min: 0, zh: '建议罚金（元）', en: 'Fine (yuan)' },
];

const TERM_PENALTIES = ['fixed_term', 'criminal_detention', 'public_surveillance'];

/** A recommendation is whole: a penalty; a term range for the penalties with a term, lower ≤ upper. */
export function sentencingProblem(input: Readonly<Record<string, unknown>>): Record<string, unknown> | null {
  const penalty = input.recommendedPenalty;
  if (typeof penalty !== 'string') return { field: 'recommendedPenalty', problem: 'missing' };
  const min = input.recommendedTermMinMonths;
  const max = input.recommendedTermMaxMonths;
  if (TERM_PENALTIES.includes(penalty)) {
    if (typeof min !== 'number' || typeof max !== 'number') return { field: 'recommendedTermMaxMonths', problem: 'term_missing' };
    if (min > max) return { field: 'recommendedTermMinMonths', problem: 'range_inverted', min, max };
  } else if (min !== undefined || max !== undefined) return { field: 'recommendedTermMaxMonths', problem: 'no_term_for_penalty', penalty };
  if (penalty === 'fine_only' && typeof input.recommendedFineYuan !== 'number') return { field: 'recommendedFineYuan', problem: 'fine_missing' };
  return null;
}

/** CPL 176 ¶2 / 201: the recommendation, when given, is complete. */
export const SENTENCING_COMPLETE: TGuard = {
  code: 'sentencing_recommendation_incomplete',
  zh: '量刑建议应当写明主刑、刑期（确定刑或幅度）、是否适用缓刑及罚金（刑事诉讼法第一百七十六条第二款）',
  en: 'A sentencing recommendation states the principal penalty, the term (fixed or a range), suspension and fine (CPL 176 ¶2)',
  articles: [art('CPL', '176 ¶2')],
  needsInput: true,
  check: ({ input }) => {
    const given = SENTENCING_FIELDS.some((f) => input[f.name] !== undefined);
    if (!given) return { ok: true };
    const problem = sentencingProblem(input);
    return problem ? { ok: false, details: problem } : { ok: true };
  },
};
