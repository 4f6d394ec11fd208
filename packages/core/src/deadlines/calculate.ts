/**
 * CPL 105 period arithmetic. Pure: the caller passes the start, the calendar and (for hours)
 * the start time; nothing here reads the clock.
 *
 * CPL 105: periods are counted in hours, days and months; the starting hour/day is not counted;
 * a period whose last day is a holiday ends on the first day after the holiday — except that a
 * period during which a suspect, defendant or convict is held in custody (在押期间) ends on its
 * last day and is never extended for holidays.
 * Months (SPC interpretation of the CPL, article on 以月计算的期限): from a day of one month to the
 * same day of the next month; a start on the last day of a month ends on the last day of the
 * target month; a target month without that day ends on its last day; half a month is 15 days.
 */
import {
  addDays,
  civilDateFromParts,
  civilDateParts,
  daysInMonth,
  diffDays,
  fromEpochDay,
  isLastDayOfMonth,
  shanghaiInstant,
  toEpochDay,
  type TCivilDate,
} from './civil-date';
import { isRestDay, isYearCovered, nextWorkday, previousWorkday, type TCalendar } from './calendar';

export const ARTICLES = {
  CPL_105: 'CPL 105',
  /** 2012 edition art. 165 per secondary sources; the 2021 edition's number is unverified. */
  SPC_MONTHS: '高法解释·以月计算的期限',
  CALENDAR: '国务院节假日安排通知',
} as const;

export const EXPLANATION_CODES = {
  START_EXCLUDED: 'The start day is not counted',
  START_HOUR_EXCLUDED: 'The start hour is not counted',
  ADD_HOURS: 'Hours added',
  ADD_DAYS: 'Days added',
  ADD_MONTHS: 'Months added, same day of the target month',
  START_MONTH_END: 'Start on a month end: ends on the target month end',
  MONTH_END_CLAMP: 'Target month lacks the day: ends on its last day',
  HALF_MONTH: 'Half a month counted as 15 days',
  HOLIDAY_MOVE: 'Last day is a rest day: moved to the next workday',
  CUSTODY_NO_MOVE: 'Custody period: not extended for the rest day',
  LAST_DAY_WORKDAY: 'Last day is a working day',
  HOURS_NO_MOVE: 'Hour periods are not extended for rest days',
  CALENDAR_UNKNOWN_YEAR: 'No holiday data for the year: weekends only',
  EXTENSION: 'Extension counted from the previous expiry',
  PAUSE_EXCLUDED: 'Days not counted (paused) are added to the period',
  LEAD_BEFORE_EXPIRY: 'Lead time counted back from the expiry',
  LEAD_ON_REST_DAY: 'Lead date is a rest day',
  END_OF_DAY: 'The period ends at 24:00 of the last day',
} as const;
export type TExplanationCode = keyof typeof EXPLANATION_CODES;

export type TExplanationStep = {
  code: TExplanationCode;
  article: string;
  zh: string;
  en: string;
  /** The date this step produced, when it produced one. */
  date?: TCivilDate;
};

export const PERIOD_UNITS = {
  hour: { zh: '小时', en: 'hour' },
  day: { zh: '日', en: 'day' },
  month: { zh: '个月', en: 'month' },
} as const;
export type TPeriodUnit = keyof typeof PERIOD_UNITS;

export type TCalculateDeadlineInput = {
  /** The day of the triggering event (receipt, detention, arrest…). Not counted. */
  start: TCivilDate;
  /** Positive. Integer for hours/days; a multiple of 0.5 for months (0.5 month = 15 days). */
  amount: number;
  unit: TPeriodUnit;
  /** A custody period of a person held in custody: never extended for rest days (CPL 105). */
  inCustody: boolean;
  calendar: TCalendar;
  /** Required for hours: Shanghai wall time of the event, 'HH:mm' or 'HH:mm:ss'. */
  startTime?: string;
  /**
   * How an hour period is read (configurable, see HOUR_READING): 'next_full_hour' (default) skips
   * the starting hour and counts from the next full hour (CPL 105 ¶1: 开始的时不计算在期间以内);
   * 'exact' runs from the exact minute entered.
   */
  hourReading?: THourReading;
};

export type THourReading = 'next_full_hour' | 'exact';
/** The calculator's default reading of an hour period; callers may pass another one per call. */
export const HOUR_READING: THourReading = 'next_full_hour';

export type TDeadlineResult = {
  /** The legal last day (after any holiday move). */
  due: TCivilDate;
  /**
   * The instant the period has run out, ISO with +08:00. For days/months this is 00:00 of the day
   * after `due` (= 24:00 of `due`); for hours the exact hour. Use it for display AND expiry.
   */
  dueInstant: string;
  /** The last day by pure arithmetic, before any holiday move. */
  arithmeticDue: TCivilDate;
  /** False if a year without holiday data was consulted (weekends-only fallback). */
  calendarComplete: boolean;
  explanation: TExplanationStep[];
};

/** The instant a day/month period ends: 24:00 of `due` = 00:00 of the next day, Shanghai. */
export function deadlineEndInstant(due: TCivilDate): string {
  return shanghaiInstant(addDays(due, 1), 0);
}

function step(code: TExplanationCode, article: string, zh: string, en: string, date?: TCivilDate): TExplanationStep {
  return date ? { code, article, zh, en, date } : { code, article, zh, en };
}

function assertAmount(amount: number, unit: TPeriodUnit): void {
  // 0 days = 立即 (at once): the period ends with the day of the event itself (CPL 91 ¶3, 202 ¶2).
  if (amount === 0 && unit === 'day') return;
  const ok =
    Number.isFinite(amount) &&
    amount > 0 &&
    (unit === 'month' ? Number.isInteger(amount * 2) : Number.isInteger(amount));
  if (!ok) {
    throw new RangeError(
      unit === 'month'
        ? `Month periods must be a positive multiple of 0.5, got ${amount}`
        : `${unit} periods must be a positive integer, got ${amount}`,
    );
  }
}

/** Same-day-of-month addition with the SPC month rules; returns the date and how it was found. */
export function addMonths(
  start: TCivilDate,
  months: number,
): { date: TCivilDate; rule: 'SAME_DAY' | 'START_MONTH_END' | 'MONTH_END_CLAMP' } {
  const { year, month, day } = civilDateParts(start);
  const index = year * 12 + (month - 1) + months;
  const ty = Math.floor(index / 12);
  const tm = (index % 12) + 1;
  const last = daysInMonth(ty, tm);
  if (isLastDayOfMonth(start)) return { date: civilDateFromParts(ty, tm, last), rule: 'START_MONTH_END' };
  if (day > last) return { date: civilDateFromParts(ty, tm, last), rule: 'MONTH_END_CLAMP' };
  return { date: civilDateFromParts(ty, tm, day), rule: 'SAME_DAY' };
}

function parseStartHour(startTime: string | undefined): number {
  const m = startTime === undefined ? null : /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/.exec(startTime);
  if (!m) throw new RangeError(`Hour periods need startTime 'HH:mm' (Shanghai time), got ${String(startTime)}`);
  return Number(m[1]);
}

function calculateExactHours(input: TCalculateDeadlineInput): TDeadlineResult {
  parseStartHour(input.startTime);
  const [hh, mm] = (input.startTime ?? '00:00').split(':').map(Number) as [number, number];
  const endMin = toEpochDay(input.start) * 1440 + hh * 60 + mm + input.amount * 60;
  const endDay = fromEpochDay(Math.floor(endMin / 1440));
  const clock = endMin % 1440;
  const hm = `${String(Math.floor(clock / 60)).padStart(2, '0')}:${String(clock % 60).padStart(2, '0')}`;
  const dueInstant = `${endDay}T${hm}:00+08:00`;
  // an end at 00:00 is the end (24:00) of the previous day
  const due = clock === 0 ? addDays(endDay, -1) : endDay;
  const at = `${endDay} ${hm}`;
  return {
    due, dueInstant, arithmeticDue: due, calendarComplete: true,
    explanation: [
      step('ADD_HOURS', ARTICLES.CPL_105, `自 ${input.start} ${input.startTime} 起加 ${input.amount} 小时，于 ${at}（北京时间）届满。`,
        `Add ${input.amount} hours from ${input.start} ${input.startTime}: expires at ${at} (Beijing time).`, due),
      step('HOURS_NO_MOVE', ARTICLES.CPL_105, '以时计算的期间不因节假日顺延（顺延规则只适用于期间的最后一日）。',
        'Hour periods are not extended for rest days (the holiday rule concerns the last day of a period).'),
    ],
  };
}

function calculateHours(input: TCalculateDeadlineInput): TDeadlineResult {
  if ((input.hourReading ?? HOUR_READING) === 'exact') return calculateExactHours(input);
  const hour = parseStartHour(input.startTime);
  // CPL 105: the starting hour is not counted, so counting begins at the next full hour.
  const beginHour = toEpochDay(input.start) * 24 + hour + 1;
  const endHour = beginHour + input.amount;
  const endDay = fromEpochDay(Math.floor(endHour / 24));
  const endClock = endHour % 24;
  const dueInstant = shanghaiInstant(endDay, endClock);
  // An end at 00:00 is the end (24:00) of the previous day.
  const due = endClock === 0 ? addDays(endDay, -1) : endDay;
  const beginInstant = shanghaiInstant(fromEpochDay(Math.floor(beginHour / 24)), beginHour % 24);
  return {
    due,
    dueInstant,
    arithmeticDue: due,
    calendarComplete: true,
    explanation: [
      step(
        'START_HOUR_EXCLUDED',
        ARTICLES.CPL_105,
        `期间开始的时不计算在期间以内：${input.start} ${input.startTime} 所在的小时不计，自 ${beginInstant.slice(0, 16).replace('T', ' ')} 起算。`,
        `The starting hour is not counted: the hour of ${input.start} ${input.startTime} is skipped; counting starts at ${beginInstant.slice(0, 16).replace('T', ' ')}.`,
      ),
      step(
        'ADD_HOURS',
        ARTICLES.CPL_105,
        `加 ${input.amount} 小时，于 ${dueInstant.slice(0, 16).replace('T', ' ')}（北京时间）届满。`,
        `Add ${input.amount} hours: expires at ${dueInstant.slice(0, 16).replace('T', ' ')} (Beijing time).`,
        due,
      ),
      step(
        'HOURS_NO_MOVE',
        ARTICLES.CPL_105,
        '以时计算的期间不因节假日顺延（顺延规则只适用于期间的最后一日）。',
        'Hour periods are not extended for rest days (the holiday rule concerns the last day of a period).',
      ),
    ],
  };
}

/** Pure arithmetic for days/months (start day excluded), with its explanation. */
function arithmetic(
  start: TCivilDate,
  amount: number,
  unit: 'day' | 'month',
): { date: TCivilDate; steps: TExplanationStep[] } {
  const steps: TExplanationStep[] = [
    step(
      'START_EXCLUDED',
      ARTICLES.CPL_105,
      `期间开始的日不算在期间以内：${start} 不计，自 ${addDays(start, 1)} 起算。`,
      `The start day is not counted: ${start} is skipped; counting starts on ${addDays(start, 1)}.`,
    ),
  ];
  if (unit === 'day') {
    const date = addDays(start, amount);
    steps.push(
      step(
        'ADD_DAYS',
        ARTICLES.CPL_105,
        `${start} 加 ${amount} 日，最后一日为 ${date}。`,
        `${start} plus ${amount} days: the last day is ${date}.`,
        date,
      ),
    );
    return { date, steps };
  }
  const whole = Math.floor(amount);
  const half = amount - whole === 0.5;
  let date = start;
  if (whole > 0) {
    const r = addMonths(start, whole);
    date = r.date;
    steps.push(
      step(
        'ADD_MONTHS',
        ARTICLES.SPC_MONTHS,
        `以月计算的期限，自本月某日至下月同日为一个月：${start} 加 ${whole} 个月。`,
        `A month runs from a day of one month to the same day of the next: ${start} plus ${whole} month(s).`,
        r.rule === 'SAME_DAY' ? date : undefined,
      ),
    );
    if (r.rule === 'START_MONTH_END') {
      steps.push(
        step(
          'START_MONTH_END',
          ARTICLES.SPC_MONTHS,
          `期限起算日 ${start} 为本月最后一日，至目标月最后一日 ${date} 届满。`,
          `The start ${start} is the last day of its month, so the period ends on the last day of the target month, ${date}.`,
          date,
        ),
      );
    } else if (r.rule === 'MONTH_END_CLAMP') {
      steps.push(
        step(
          'MONTH_END_CLAMP',
          ARTICLES.SPC_MONTHS,
          `目标月没有第 ${civilDateParts(start).day} 日，至该月最后一日 ${date} 届满。`,
          `The target month has no day ${civilDateParts(start).day}, so the period ends on its last day, ${date}.`,
          date,
        ),
      );
    }
  }
  if (half) {
    const from = date;
    date = addDays(from, 15);
    steps.push(
      step(
        'HALF_MONTH',
        ARTICLES.SPC_MONTHS,
        `半个月一律按十五日计算：${from} 加 15 日为 ${date}。`,
        `Half a month is always 15 days: ${from} plus 15 days is ${date}.`,
        date,
      ),
    );
  }
  return { date, steps };
}

/** Applies the CPL 105 holiday rule (or its custody exception) to an arithmetic last day. */
function applyHolidayRule(
  arithmeticDue: TCivilDate,
  inCustody: boolean,
  cal: TCalendar,
): { due: TCivilDate; calendarComplete: boolean; steps: TExplanationStep[] } {
  const steps: TExplanationStep[] = [];
  const rest = isRestDay(cal, arithmeticDue);
  let due = arithmeticDue;
  if (inCustody) {
    if (rest) {
      steps.push(
        step(
          'CUSTODY_NO_MOVE',
          ARTICLES.CPL_105,
          `${arithmeticDue} 为节假日，但在押期间应当至期满之日为止，不得因节假日而延长。`,
          `${arithmeticDue} is a rest day, but a period of a person in custody ends on its last day and is never extended for holidays.`,
          due,
        ),
      );
    }
    // The calendar cannot change a custody deadline, so its coverage does not matter.
    return { due, calendarComplete: true, steps };
  }
  if (rest) {
    due = nextWorkday(cal, arithmeticDue);
    steps.push(
      step(
        'HOLIDAY_MOVE',
        ARTICLES.CPL_105,
        `期间的最后一日 ${arithmeticDue} 为节假日，以节假日后的第一个工作日 ${due} 为期满日期。`,
        `The last day ${arithmeticDue} is a rest day; the period ends on the first working day after it, ${due}.`,
        due,
      ),
    );
  } else {
    steps.push(
      step(
        'LAST_DAY_WORKDAY',
        ARTICLES.CPL_105,
        `最后一日 ${due} 为工作日，不顺延。`,
        `The last day ${due} is a working day; no move.`,
        due,
      ),
    );
  }
  const uncovered = yearsBetween(arithmeticDue, due).filter((y) => !isYearCovered(cal, y));
  if (uncovered.length) {
    steps.push(
      step(
        'CALENDAR_UNKNOWN_YEAR',
        ARTICLES.CALENDAR,
        `尚无 ${uncovered.join('、')} 年节假日安排数据，仅按周末计算，结果可能需要更正。`,
        `No holiday data for ${uncovered.join(', ')}: only weekends were treated as rest days; the result may need correction.`,
      ),
    );
  }
  return { due, calendarComplete: uncovered.length === 0, steps };
}

function yearsBetween(a: TCivilDate, b: TCivilDate): number[] {
  const ya = civilDateParts(a).year;
  const yb = civilDateParts(b).year;
  const years: number[] = [];
  for (let y = ya; y <= yb; y++) years.push(y);
  return years;
}

function endOfDayStep(due: TCivilDate): TExplanationStep {
  return step(
    'END_OF_DAY',
    ARTICLES.CPL_105,
    `期间于 ${due} 24:00（北京时间）届满。`,
    `The period ends at 24:00 on ${due} (Beijing time).`,
    due,
  );
}

/** CPL 105 deadline for a period of `amount` `unit`s starting on `start`. */
export function calculateDeadline(input: TCalculateDeadlineInput): TDeadlineResult {
  assertAmount(input.amount, input.unit);
  if (input.unit === 'hour') return calculateHours(input);
  if (input.amount === 0) {
    // 立即: due the day of the event, never moved (a holiday does not postpone 'at once')
    return {
      due: input.start, dueInstant: deadlineEndInstant(input.start), arithmeticDue: input.start, calendarComplete: true,
      explanation: [
        step('ADD_DAYS', ARTICLES.CPL_105, `法律规定“立即”办理：应于 ${input.start} 当日办结。`, `Required at once: due on ${input.start} itself.`, input.start),
        endOfDayStep(input.start),
      ],
    };
  }
  const a = arithmetic(input.start, input.amount, input.unit);
  const h = applyHolidayRule(a.date, input.inCustody, input.calendar);
  return {
    due: h.due,
    dueInstant: deadlineEndInstant(h.due),
    arithmeticDue: a.date,
    calendarComplete: h.calendarComplete,
    explanation: [...a.steps, ...h.steps, endOfDayStep(h.due)],
  };
}

export type TExtendDeadlineInput = Omit<TCalculateDeadlineInput, 'start' | 'startTime'> & {
  /** The legal expiry (`due`) of the period being extended. */
  previousDue: TCivilDate;
  article?: string;
};

/**
 * An approved extension (延长…个月/日) runs on from the legal expiry of the period it extends:
 * the old last day is the (uncounted) start of the extension.
 */
export function extendDeadline(input: TExtendDeadlineInput): TDeadlineResult {
  if (input.unit === 'hour') throw new RangeError('Hour periods are not extended');
  const r = calculateDeadline({ ...input, start: input.previousDue });
  const label = `${input.amount} ${PERIOD_UNITS[input.unit].en}(s)`;
  return {
    ...r,
    explanation: [
      step(
        'EXTENSION',
        input.article ?? ARTICLES.CPL_105,
        `延长 ${input.amount}${PERIOD_UNITS[input.unit].zh}，自原期限届满日 ${input.previousDue} 的次日起算。`,
        `Extended by ${label}, counted from the day after the previous expiry ${input.previousDue}.`,
      ),
      ...r.explanation,
    ],
  };
}

export type TExcludePausedInput = Omit<TCalculateDeadlineInput, 'start' | 'startTime' | 'amount' | 'unit'> & {
  /** The last day by arithmetic of the period before the pause (its `arithmeticDue`). */
  previousDue: TCivilDate;
  /** The day the period stopped running (e.g. 精神病鉴定 began). */
  pausedOn: TCivilDate;
  /** The day it runs again (e.g. the 鉴定意见 received); not before `pausedOn`. */
  resumedOn: TCivilDate;
  /** Why the time is not counted, e.g. 'CPL 149' (精神病鉴定) or 'CPL 235' (二审检察院阅卷). */
  article: string;
  /** What the excluded time was, for the explanation: '精神病鉴定'. */
  reasonZh: string;
};

/**
 * Time not counted in a period (不计入办案期限, CPL 149; CPL 235): the days from the pause to the
 * resumption are added to the period, counted on from its arithmetic last day, so a 20-day pause
 * moves the last day by exactly 20 days (before any holiday move of a non-custody period).
 * The one implementation behind a paused process timer and a paused custody period.
 */
export function excludePausedDays(input: TExcludePausedInput): TDeadlineResult {
  const days = diffDays(input.pausedOn, input.resumedOn);
  if (days < 0) throw new RangeError(`resumedOn ${input.resumedOn} lies before pausedOn ${input.pausedOn}`);
  const r = calculateDeadline({ ...input, start: input.previousDue, amount: days, unit: 'day' });
  return {
    ...r,
    explanation: [
      step(
        'PAUSE_EXCLUDED',
        input.article,
        `${input.reasonZh}期间（${input.pausedOn} 至 ${input.resumedOn}，共 ${days} 日）不计入期限，期限顺延 ${days} 日，自原期限届满日 ${input.previousDue} 起续算。`,
        `Time not counted (${input.pausedOn} to ${input.resumedOn}, ${days} day(s)): the period runs ${days} day(s) longer, from the previous last day ${input.previousDue}.`,
        input.resumedOn,
      ),
      ...r.explanation.filter((s) => s.code !== 'START_EXCLUDED'),
    ],
  };
}

export type TLeadDateResult = {
  /** Latest day on which the act is still `days` days before the expiry. */
  due: TCivilDate;
  /** The last working day on or before `due` (advisory: offices may be closed on `due`). */
  latestWorkday: TCivilDate;
  explanation: TExplanationStep[];
};

/**
 * "At least N days before expiry" (e.g. an extension request ≥7 days before custody expires).
 * Not a CPL 105 period: nothing moves later, since that would shorten the lead.
 */
export function calculateLeadDate(input: {
  expiry: TCivilDate;
  days: number;
  calendar: TCalendar;
  article: string;
}): TLeadDateResult {
  assertAmount(input.days, 'day');
  const due = addDays(input.expiry, -input.days);
  const latestWorkday = isRestDay(input.calendar, due) ? previousWorkday(input.calendar, due) : due;
  const explanation: TExplanationStep[] = [
    step(
      'LEAD_BEFORE_EXPIRY',
      input.article,
      `应在期限届满（${input.expiry}）${input.days} 日以前提出：最迟 ${due}。`,
      `Must be made at least ${input.days} days before the expiry on ${input.expiry}: by ${due}.`,
      due,
    ),
  ];
  if (latestWorkday !== due) {
    explanation.push(
      step(
        'LEAD_ON_REST_DAY',
        ARTICLES.CPL_105,
        `${due} 为节假日，不顺延；建议在 ${latestWorkday}（工作日）前提出。`,
        `${due} is a rest day and does not move later; file by the working day ${latestWorkday} to be safe.`,
        latestWorkday,
      ),
    );
  }
  return { due, latestWorkday, explanation };
}

/** Days the holiday rule added (0 when not moved). */
export function daysMoved(result: TDeadlineResult): number {
  return diffDays(result.arithmeticDue, result.due);
}
