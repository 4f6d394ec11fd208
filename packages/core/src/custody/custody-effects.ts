/**
 * What a process step does to the persons of a case (强制措施 and 羁押期限), as one table so the
 * rule can be read in one place: which step starts 拘留 or 逮捕, which stage period a held
 * person's custody follows, which step extends it, which ends it. Pure; the server applies it.
 */
import type { TCustodyPeriodKind, TDetentionTrack, TExtensionTier, TPeriodLength } from './custody-periods';

export type TCustodyEffect =
  /** CPL 91: 拘留 from the detention time on the person; the 3 / 7 / 30-day request period runs. */
  | { kind: 'detain'; track: TDetentionTrack; article: string }
  /** CPL 91 ¶1–2: the approved extension lengthens the person's request period by `days` (max 拘留 + the same days). */
  | { kind: 'extend_detention'; days: number; article: string }
  /** CPL 91 ¶3, 92: after 不批准逮捕 a person held must be released at once: the custody limit is today. */
  | { kind: 'release_now'; article: string }
  /** CPL 156: 逮捕 executed; the 拘留 measure and its timer end, 2 months run from the arrest. */
  | { kind: 'arrest'; period: TCustodyPeriodKind; article: string }
  /** CPL 79: 取保候审 12 months / 监视居住 6 months from the start. */
  | { kind: 'non_custodial'; measure: 'bail' | 'residential_surveillance'; article: string }
  /** Release (不批准逮捕, 不起诉 CPL 178, 变更 CPL 96–98): what was running ends. */
  | { kind: 'release'; article: string }
  /** The case period of the stage is the custody limit of a held person (CPL 172, 175, 208). */
  | { kind: 'stage'; period: TCustodyPeriodKind; length: TPeriodLength | null; article: string; sameStart?: boolean }
  /** An approved extension of the stage period (CPL 172 +15 days, CPL 208) lengthens a held person's limit alike. */
  | { kind: 'extend_stage'; period: TCustodyPeriodKind; amount: number; unit: 'day' | 'month'; article: string }
  /** P8: an approved extension acts on the same running 侦查羁押 timer (CPL 156, 158, 159). */
  | { kind: 'extend'; tier: TExtensionTier; article: string }
  /** A typed expiry must be the one the platform computed for the person (no typed date moves a statutory date). */
  | { kind: 'confirm_expiry'; field: string; article: string };

/** Which persons an effect applies to: the one the step names, or every person held in the case. */
export type TCustodyTarget = 'named' | 'held';

export type TStepFacts = {
  process: string;
  action: string;
  /** The validated input of the step and the instance data after it (persisted fields). */
  input: Readonly<Record<string, unknown>>;
  data: Readonly<Record<string, unknown>>;
  /** Process timers the step starts or restarts, with their lengths (the stage period). */
  timersStarted: readonly { id: string; variant?: string | null; amount: number; unit: string; plus: { amount: number; unit: string } | null }[];
  /** Process timers the step recomputes from their own start with the length now chosen (CPL 172 速裁, CPL 220/225 at trial). */
  timersRetracked?: TStepFacts['timersStarted'];
  /** Process timers the step extends by an approved length (CPL 172, 208). */
  timersExtended?: readonly { id: string; amount: number; unit: string }[];
  /** P4: the decision the execution carries out (decide_bail, decide_release, …). */
  decision?: string | null;
};

/** Process timers that are the stage period, hence a held person's custody limit. */
const STAGE_TIMERS: Record<string, Record<string, { period: TCustodyPeriodKind; article: string; variants?: Record<string, string> }>> = {
  prosecution_transfer: {
    prosecution_review: { period: 'prosecution_review', article: 'CPL 172' },
    supplementary_investigation: { period: 'supplementary_investigation', article: 'CPL 175' },
  },
  public_prosecution: {
    trial: {
      period: 'trial', article: 'CPL 208',
      variants: { summary: 'CPL 220', summary_over_3y: 'CPL 220', fast_track: 'CPL 225', fast_track_over_1y: 'CPL 225' },
    },
    trial_supplementary_investigation: { period: 'trial_supplementary_investigation', article: 'CPL 204' },
  },
  // a defendant held during 二审: the second-instance period is the custody limit (CPL 243)
  second_instance: {
    second_instance_trial: { period: 'second_instance_trial', article: 'CPL 243' },
  },
};

const P4_OUTCOME: Record<string, TCustodyEffect> = {
  decide_bail: { kind: 'non_custodial', measure: 'bail', article: 'CPL 79' },
  decide_residential_surveillance: { kind: 'non_custodial', measure: 'residential_surveillance', article: 'CPL 79' },
  decide_release: { kind: 'release', article: 'CPL 96' },
  decide_arrest: { kind: 'arrest', period: 'trial', article: 'CPL 80' },
};

function dayUnit(u: string): 'day' | 'month' {
  return u === 'month' ? 'month' : 'day';
}

/** The (process.action) steps whose custody effect does not come from a stage timer (the switch below). */
const DIRECT_STEPS = new Set([
  'arrest.record_detention', 'arrest.extend_detention', 'arrest.reject', 'arrest.execute_arrest', 'arrest.return_rejection_receipt',
  'prosecution_transfer.decide_not_to_prosecute', 'custody_extension.submit', 'custody_extension.resubmit', 'custody_extension.approve',
  'measure_change.execute', 'measure_change.record_execution',
]);

/** What `mayHaveCustodyEffects` reads of a process definition: its transitions' timers. */
type TStepTimers = {
  code: string;
  transitions: readonly { action: string; timers?: { start?: readonly string[]; restart?: readonly string[]; extend?: readonly string[]; retrack?: readonly string[] } }[];
};

/**
 * Can this step have custody effects, before it fires? True for every step `custodyEffectsOf` may
 * answer for (a direct step, or one whose transitions start, restart, extend or retrack a stage
 * timer): the server reads the persons' custody with the step's platform facts only then (issue 13).
 */
export function mayHaveCustodyEffects(def: TStepTimers, action: string): boolean {
  if (DIRECT_STEPS.has(`${def.code}.${action}`)) return true;
  const stage = STAGE_TIMERS[def.code];
  return !!stage && def.transitions.some((t) => t.action === action
    && [...(t.timers?.start ?? []), ...(t.timers?.restart ?? []), ...(t.timers?.extend ?? []), ...(t.timers?.retrack ?? [])].some((id) => id in stage));
}

/** The custody effects of one fired step, with whom they apply to. */
export function custodyEffectsOf(f: TStepFacts): { target: TCustodyTarget; effect: TCustodyEffect }[] {
  const key = `${f.process}.${f.action}`;
  switch (key) {
    case 'arrest.record_detention': {
      // CPL 91 ¶1: 3 days; a longer period only by an approved extension (arrest.extend_detention)
      const track = (f.input.detentionTrack as TDetentionTrack | undefined) ?? 'standard';
      return [{ target: 'named', effect: { kind: 'detain', track, article: 'CPL 91' } }];
    }
    case 'arrest.extend_detention':
      return [{ target: 'named', effect: { kind: 'extend_detention', days: Number(f.input.extensionDays), article: 'CPL 91' } }];
    case 'arrest.reject':
      return [{ target: 'named', effect: { kind: 'release_now', article: 'CPL 91 ¶3' } }];
    case 'arrest.execute_arrest':
      return [{ target: 'named', effect: { kind: 'arrest', period: 'investigative', article: 'CPL 156' } }];
    case 'arrest.return_rejection_receipt': {
      const outcome = f.input.outcome;
      if (outcome === 'bail' || outcome === 'residential_surveillance') {
        return [{ target: 'named', effect: { kind: 'non_custodial', measure: outcome, article: 'CPL 79' } }];
      }
      return [{ target: 'named', effect: { kind: 'release', article: 'CPL 91' } }];
    }
    case 'prosecution_transfer.decide_not_to_prosecute':
      // CPL 178: a person held is released at once on 不起诉.
      return [{ target: 'held', effect: { kind: 'release', article: 'CPL 178' } }];
    case 'custody_extension.submit':
    case 'custody_extension.resubmit':
      return [{ target: 'named', effect: { kind: 'confirm_expiry', field: 'currentExpiry', article: 'CPL 156' } }];
    case 'custody_extension.approve': {
      const tier = Number(f.data.tier);
      if (tier !== 1 && tier !== 2 && tier !== 3) return [];
      return [{ target: 'named', effect: { kind: 'extend', tier, article: ['CPL 156', 'CPL 158', 'CPL 159'][tier - 1]! } }];
    }
    case 'measure_change.execute':
    case 'measure_change.record_execution': {
      const e = f.decision ? P4_OUTCOME[f.decision] : undefined;
      return e ? [{ target: 'named', effect: e }] : [];
    }
  }
  const stage = STAGE_TIMERS[f.process];
  if (!stage) return [];
  const extended = (f.timersExtended ?? []).flatMap((t) => {
    const s = stage[t.id];
    return s ? [{ target: 'held' as const, effect: { kind: 'extend_stage' as const, period: s.period, amount: t.amount, unit: dayUnit(t.unit), article: s.article } }] : [];
  });
  const staged = (sameStart: boolean) => (t: TStepFacts['timersStarted'][number]) => {
    const s = stage[t.id];
    if (!s) return [];
    const length: TPeriodLength = {
      amount: t.amount, unit: dayUnit(t.unit), plus: t.plus ? { amount: t.plus.amount, unit: dayUnit(t.plus.unit) } : null,
    };
    const article = (t.variant ? s.variants?.[t.variant] : undefined) ?? s.article;
    return [{ target: 'held' as const, effect: { kind: 'stage' as const, period: s.period, length, article, ...(sameStart ? { sameStart } : {}) } }];
  };
  // a procedure decided later (速裁 review, 简易/速裁 trial) runs from the stage's own start
  return [...extended, ...f.timersStarted.flatMap(staged(false)), ...(f.timersRetracked ?? []).flatMap(staged(true))];
}
