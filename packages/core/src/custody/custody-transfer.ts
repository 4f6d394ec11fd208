/**
 * 电子换押 — whenever a detained person passes to another 办案机关 or procedural stage while
 * held in the same 看守所, the sender fills the 换押证, the receiver completes it (承接时间, the new
 * period) and the 看守所 acknowledges (公监管〔2014〕96号 notice, post-judgment.md §1, sec.).
 * Which stage changes need one is data here; `custodyTransferStatus` tells the 看守所 whether the
 * person's current stage is covered. Pure.
 */
import type { TCustodyPeriodKind } from './custody-periods';

/** The stage changes of the 2014 notice (sec.) and the custody periods (stage) each one leads into. */
export const CUSTODY_TRANSFER_KINDS = {
  to_prosecution_review: { zh: '侦查终结，移送审查起诉（公安→检察院）', en: 'Investigation concluded, transferred for prosecution review', periods: ['prosecution_review'] },
  supplementary_return: { zh: '退回补充侦查（检察院→公安）', en: 'Returned for supplementary investigation', periods: ['supplementary_investigation'] },
  supplementary_retransfer: { zh: '补充侦查完毕，重新移送审查起诉（公安→检察院）', en: 'Re-transferred after supplementary investigation', periods: ['prosecution_review'] },
  to_trial: { zh: '提起公诉（检察院→法院）', en: 'Public prosecution filed', periods: ['trial'] },
  trial_supplementary: { zh: '延期审理，检察院补充侦查（法院→检察院）', en: 'Trial adjourned for supplementary investigation', periods: ['trial_supplementary_investigation'] },
  trial_resumed: { zh: '补充侦查完毕，恢复审理（检察院→法院）', en: 'Trial resumed after supplementary investigation', periods: ['trial'] },
  to_second_instance: { zh: '上诉、抗诉，第二审人民法院受理（一审法院→二审法院）', en: 'Appeal or protest accepted by the second-instance court', periods: ['second_instance_trial'] },
  remand_retrial: { zh: '第二审发回重审（二审法院→一审法院）', en: 'Remanded for retrial', periods: ['trial'] },
  death_penalty_review: { zh: '死刑复核', en: 'Death-penalty review', periods: [] },
  agency_change: { zh: '同一诉讼阶段内办案机关变更', en: 'Change of handling agency within a stage', periods: 'any' },
} as const satisfies Record<string, { zh: string; en: string; periods: readonly TCustodyPeriodKind[] | 'any' }>;
export type TCustodyTransferKind = keyof typeof CUSTODY_TRANSFER_KINDS;

/** Custody periods that start when the person passes to another 办案机关: entering one needs a 换押. */
export const TRANSFER_PERIODS: ReadonlySet<string> = new Set(
  Object.values(CUSTODY_TRANSFER_KINDS).flatMap((k) => (k.periods === 'any' ? [] : [...k.periods])),
);

export type TCustodyTransferStatus = 'not_required' | 'missing' | 'pending' | 'acknowledged';

export type TTimerHistoryRow = { readonly kind: string; readonly createdAt: Date };
export type TTransferRecord = {
  readonly transferKind: string | null;
  /** ISSUED / TAKEN_OVER: on its way; ACKNOWLEDGED: the 看守所 confirmed; DRAFT / DECLINED: not a 换押. */
  readonly state: string;
  readonly createdAt: Date;
};

const PENDING = new Set(['ISSUED', 'TAKEN_OVER']);

/**
 * Whether the person's current custody stage is covered by a 换押. `timers` is the person's custody
 * timer history, oldest first, the running one last. A retracked or extended period of the same
 * kind is the same stage. A 换押 counts for the stage when its kind leads into the stage's period
 * and it was made after the previous stage began (the sender fills it at the hand-over, before the
 * receiver accepts).
 */
export function custodyTransferStatus(timers: readonly TTimerHistoryRow[], transfers: readonly TTransferRecord[]): TCustodyTransferStatus {
  const current = timers.at(-1);
  if (!current || !TRANSFER_PERIODS.has(current.kind)) return 'not_required';
  let i = timers.length - 1;
  while (i > 0 && timers[i - 1]!.kind === current.kind) i--;
  // the previous stage began at the first timer of its own run
  let j = i - 1;
  while (j > 0 && timers[j - 1]!.kind === timers[i - 1]!.kind) j--;
  const since = j >= 0 ? timers[j]!.createdAt.getTime() : Number.NEGATIVE_INFINITY;
  const matching = transfers.filter((t) => {
    const spec = t.transferKind ? (CUSTODY_TRANSFER_KINDS as Record<string, { periods: readonly string[] | 'any' }>)[t.transferKind] : undefined;
    if (!spec) return false;
    const leadsIn = spec.periods === 'any' || spec.periods.includes(current.kind);
    return leadsIn && t.createdAt.getTime() > since;
  });
  if (matching.some((t) => t.state === 'ACKNOWLEDGED')) return 'acknowledged';
  if (matching.some((t) => PENDING.has(t.state))) return 'pending';
  return 'missing';
}
