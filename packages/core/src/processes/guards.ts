/**
 * Reusable guard builders for the definitions. Each returns a `TGuard`: a pure predicate on
 * (instance, input, now) with a stable code and the article it enforces.
 */
import type { TGuard, TGuardVerdict, TStatuteRef } from './definition';

const OK: TGuardVerdict = { ok: true };

/** At most `max` firings, counted in `instance.counters[counter]` (CPL 175: 退回补充侦查 ≤ 2). */
export function maxCount(opts: {
  code: string;
  counter: string;
  max: number;
  zh: string;
  en: string;
  articles: readonly TStatuteRef[];
}): TGuard {
  return {
    code: opts.code,
    zh: opts.zh,
    en: opts.en,
    articles: opts.articles,
    check: ({ instance }) => {
      const used = instance.counters[opts.counter] ?? 0;
      return used < opts.max ? OK : { ok: false, details: { counter: opts.counter, used, max: opts.max } };
    },
  };
}

const DAY_MS = 86_400_000;
/** Beijing time has had a fixed +08:00 offset since 1991: no DST, no tz database needed. */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** The civil date (YYYY-MM-DD) in Asia/Shanghai at instant `now`. */
export function shanghaiDate(now: Date): string {
  return new Date(now.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The civil date after `date` (YYYY-MM-DD): a judgment takes effect the day after its window's last day. */
export function dayAfter(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/** Whole calendar days from civil date `a` to civil date `b` (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

/**
 * The action must happen at least `days` calendar days before the date in input field `field`
 * (P8: the extension request is filed ≥ 7 days before custody expires, 程序规定 148–150 sec.).
 * Counted on Asia/Shanghai civil dates; the boundary day (exactly `days` before) is allowed.
 */
export function leadTimeBefore(opts: {
  code: string;
  field: string;
  days: number;
  zh: string;
  en: string;
  articles: readonly TStatuteRef[];
}): TGuard {
  return {
    code: opts.code,
    zh: opts.zh,
    en: opts.en,
    articles: opts.articles,
    needsInput: true,
    check: ({ input, instance, now }) => {
      const expiry = (input[opts.field] ?? instance.data[opts.field]) as string | undefined;
      if (typeof expiry !== 'string') return { ok: false, details: { field: opts.field, problem: 'missing' } };
      const today = shanghaiDate(now);
      const lead = daysBetween(today, expiry);
      return lead >= opts.days
        ? OK
        : { ok: false, details: { field: opts.field, today, expiry, leadDays: lead, minLeadDays: opts.days } };
    },
  };
}

/**
 * The action is only possible once the last day of `timer` (computed by the platform from its
 * stored due date, never typed) is over, on Asia/Shanghai civil dates: P3 a judgment takes
 * effect when the appeal window has passed (CPL 230).
 */
export function afterTimerDue(opts: {
  code: string;
  timer: string;
  zh: string;
  en: string;
  articles: readonly TStatuteRef[];
}): TGuard {
  return {
    code: opts.code,
    zh: opts.zh,
    en: opts.en,
    articles: opts.articles,
    needsInput: true,
    check: ({ facts, now }) => {
      const last = facts?.timerDue?.[opts.timer];
      if (typeof last !== 'string') return { ok: false, details: { timer: opts.timer, problem: 'not_started' } };
      const today = shanghaiDate(now);
      return today > last ? OK : { ok: false, details: { timer: opts.timer, today, lastDay: last } };
    },
  };
}

/**
 * The act (dated by input field `field`, or today when absent) falls on or before the last day
 * of `timer`. A document posted before the last day counts as in time (CPL 105 ¶3).
 */
export function withinTimer(opts: {
  code: string;
  timer: string;
  field?: string;
  zh: string;
  en: string;
  articles: readonly TStatuteRef[];
}): TGuard {
  return {
    code: opts.code,
    zh: opts.zh,
    en: opts.en,
    articles: opts.articles,
    needsInput: true,
    check: ({ facts, input, now }) => {
      const last = facts?.timerDue?.[opts.timer];
      if (typeof last !== 'string') return { ok: false, details: { timer: opts.timer, problem: 'not_started' } };
      const on = opts.field && typeof input[opts.field] === 'string' ? (input[opts.field] as string) : shanghaiDate(now);
      return on <= last ? OK : { ok: false, details: { timer: opts.timer, date: on, lastDay: last } };
    },
  };
}

/**
 * A fact date (input field `field`) may not lie in the future, nor before the offence (the
 * platform's `caseOccurredOn`), nor before `notBefore` in the instance data.
 */
export function factDate(opts: {
  code: string;
  field: string;
  notBefore?: string;
  zh: string;
  en: string;
  articles: readonly TStatuteRef[];
}): TGuard {
  return {
    code: opts.code,
    zh: opts.zh,
    en: opts.en,
    articles: opts.articles,
    needsInput: true,
    check: ({ input, instance, now, facts }) => {
      const v = input[opts.field];
      if (typeof v !== 'string') return OK; // absence is the input validator's business
      const today = shanghaiDate(now);
      if (v > today) return { ok: false, details: { field: opts.field, problem: 'future', date: v, today } };
      if (facts?.caseOccurredOn && v < facts.caseOccurredOn)
        return { ok: false, details: { field: opts.field, problem: 'before_offence', date: v, occurredOn: facts.caseOccurredOn } };
      const floor = opts.notBefore ? instance.data[opts.notBefore] : undefined;
      if (typeof floor === 'string' && v < floor)
        return { ok: false, details: { field: opts.field, problem: 'before', date: v, notBefore: floor } };
      return OK;
    },
  };
}
