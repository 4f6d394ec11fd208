/**
 * The legal maximum of a coercive measure (CPL 79: 取保候审 12 months, 监视居住 6 months;
 * CPL 91: 拘留 at most 3 + 7 = 10 days on the standard track), as a civil date, for the case card.
 * The track chosen on 登记刑事拘留 (7 + 7, 30 + 7) replaces it (custody/apply-custody-effects.ts).
 */
import { COERCIVE_MEASURES } from '@xietong/core/cases';
import { detentionLegalMax } from '@xietong/core/custody';
import { calculateDeadline, civilDateInShanghai, DEFAULT_CALENDAR } from '@xietong/core/deadlines';

export function measureLegalMaxDue(measure: string, startedAt: Date): string | null {
  const spec = COERCIVE_MEASURES[measure as keyof typeof COERCIVE_MEASURES];
  if (!spec) return null;
  const start = civilDateInShanghai(startedAt.getTime());
  const limit = spec.limit as { kind: string; months?: number; days?: number };
  if (limit.kind === 'months' && limit.months) {
    return calculateDeadline({ start, amount: limit.months, unit: 'month', inCustody: false, calendar: DEFAULT_CALENDAR }).due;
  }
  if (measure === 'detention') {
    // request period + 7 days review; custody: never extended for holidays (CPL 91, 105)
    return detentionLegalMax(start, 'standard', DEFAULT_CALENDAR);
  }
  return null;
}

export function measureArticle(measure: string): string | null {
  const spec = COERCIVE_MEASURES[measure as keyof typeof COERCIVE_MEASURES];
  return spec ? (spec.articles[0] ?? null) : null;
}

export function measureName(measure: string): string {
  return COERCIVE_MEASURES[measure as keyof typeof COERCIVE_MEASURES]?.zh ?? measure;
}

export function measureIsCustodial(measure: string): boolean {
  return COERCIVE_MEASURES[measure as keyof typeof COERCIVE_MEASURES]?.custodial === true;
}
