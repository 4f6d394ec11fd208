/**
 * What P18 减刑假释 and P19 暂予监外执行 share: the procuratorate beside the deciding authority (the
 * superior side) gives one written opinion on the copy of the proposal (CPL 266, 273 ¶2), without
 * moving the flow; its 10 days (规则 630, 635, sec.) stop when it does.
 */
import { type TStatuteRef, type TTransitionSpec } from '../definition';
import { maxCount } from '../guards';
import { SENDERS } from './common';

export function procuratorateOpinionStep<S extends string>(state: S, articles: readonly TStatuteRef[]) {
  return {
    action: 'give_opinion',
    from: [state],
    to: state,
    actor: { side: 'superior', agencyTypes: ['procuratorate'], roles: SENDERS },
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
