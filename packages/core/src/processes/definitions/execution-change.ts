/**
 * What P18 减刑假释 and P19 暂予监外执行 share (post-judgment.md §6, §7): the procuratorate beside
 * the deciding authority (the superior side) receives a copy of the proposal and gives one written
 * opinion within 10 days (规则 630, 635, sec.) without moving the flow (CPL 266, 273 ¶2); it receives
 * a copy of the decision and may object within a window the law sets per process (CPL 274: 20 days
 * for a ruling; CPL 267: 1 month for a decision), which sends the matter back for another look.
 */
import { type TStatuteRef, type TTimerSpec, type TTransitionSpec } from '../definition';
import { maxCount, withinTimer } from '../guards';
import { SENDERS, reasonField } from './common';

const PROCURATORATE = ['procuratorate'] as const;

export function procuratorateOpinionStep<S extends string>(state: S, articles: readonly TStatuteRef[]) {
  return {
    action: 'give_opinion',
    from: [state],
    to: state,
    actor: { side: 'superior', agencyTypes: PROCURATORATE, roles: SENDERS },
    label: { zh: '提出书面检察意见', en: 'Give the written opinion' },
    articles,
    documents: { produces: ['execution_change_opinion'] },
    input: [{
      name: 'opinion', type: 'enum', required: true, persist: true, zh: '检察意见', en: 'Opinion',
      values: { agree: { zh: '同意', en: 'Agree' }, disagree: { zh: '不同意', en: 'Disagree' } },
    }],
    guards: [maxCount({ code: 'procuratorate_opinion_given', counter: 'procuratorateOpinions', max: 1, zh: '检察意见已提出', en: 'The procuratorate has already given its opinion', articles: articles.slice(0, 1) })],
    counters: { procuratorateOpinions: 1 },
    notify: 'all',
    timers: { stop: ['procuratorate_opinion'] },
  } satisfies TTransitionSpec<S, 'procuratorate_opinion'>;
}

/** The 10 days for the opinion (规则 635 for 减刑假释, 630 for 暂予监外执行; sec.), from receiving the copy. */
export function procuratorateOpinionTimer(startsOn: string, rule: TStatuteRef): TTimerSpec {
  return {
    zh: '检察院提出检察意见', en: 'Procuratorate opinion', amount: 10, unit: 'day', inCustody: false,
    startsOn, articles: [rule], basis: 'sec.', warnDays: 3,
  };
}

/** The objection window, run from receiving the copy of the decision: its length is the process's law. */
export function objectionWindowTimer(o: {
  zh: string; amount: number; unit: 'day' | 'month'; startsOn: string; articles: readonly TStatuteRef[]; warnDays: number;
}): TTimerSpec {
  return {
    zh: o.zh, en: 'Procuratorate objection window', amount: o.amount, unit: o.unit, inCustody: false,
    startsOn: o.startsOn, articles: o.articles, warnDays: o.warnDays,
  };
}

/**
 * The procuratorate objects in writing to a decision while its window runs; past the window the
 * step is refused (`objection_window_over`). `then` starts the authority's period to look again.
 */
export function objectionStep<const S extends string, const T extends string = never>(o: {
  from: S;
  to: S;
  label: { zh: string; en: string };
  reason: { zh: string; en: string };
  /** What the refusal says once the window is over. */
  late: { zh: string; en: string };
  articles: readonly TStatuteRef[];
  then?: readonly T[];
}) {
  return {
    action: 'lodge_objection',
    from: [o.from],
    to: o.to,
    actor: { side: 'superior', agencyTypes: PROCURATORATE, roles: SENDERS },
    label: o.label,
    articles: o.articles,
    documents: { produces: ['execution_change_objection'] },
    input: [reasonField(o.reason.zh, o.reason.en)],
    guards: [withinTimer({ code: 'objection_window_over', timer: 'objection_window', ...o.late, articles: o.articles })],
    notify: 'all',
    timers: { stop: ['objection_window'], ...(o.then ? { start: o.then } : {}) },
  } satisfies TTransitionSpec<S, 'objection_window' | T>;
}
