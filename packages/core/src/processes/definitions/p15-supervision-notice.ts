/**
 * P15 督办 — a supervision notice (issue 14). A 政法委 or procuratorate supervisor who sees a
 * statutory period run out (超期羁押 above all) sends the agency responsible for it a notice to
 * act and report; the agency answers (what it did, why the period ran out); the supervisor closes
 * the matter or presses again. The reply period is data on the timer below (unverified: no
 * statute fixes it; each 政法委 sets its own in practice).
 *
 * Basis: 政法委 督促、检查 the handling of cases (中国共产党政法工作条例, unverified article);
 * the procuratorate's 法律监督 over criminal proceedings (CPL 8).
 */
import { art, defineProcess } from '../definition';
import { SENDERS, noteField, reasonField } from './common';

/** The agencies a period can be overdue at: whoever handles a case or holds a person. */
const responsible = ['police', 'procuratorate', 'court', 'detention', 'prison', 'justice', 'correction'] as const;
/** 检察监督 is done by the 检察官 (handler) and the supervision office; 政法委 by its supervisors. */
const supervisors = ['supervisor', 'handler', 'approver'] as const;
const supervising = ['procuratorate', 'plc'] as const;

export const supervisionNoticeProcess = defineProcess({
  code: 'supervision_notice',
  ref: 'P15',
  name: { zh: '督办', en: 'Supervision notice' },
  articles: [art('PLC_WORK_REGULATION', '—', 'unverified'), art('CPL', '8')],
  initiator: { agencyTypes: supervising },
  receiver: { agencyTypes: responsible },
  states: {
    SENT: { zh: '已督办，待回复', en: 'Sent, awaiting the answer', kind: 'sent' },
    ANSWERED: { zh: '已回复', en: 'Answered', kind: 'review' },
    CLOSED: { zh: '督办办结', en: 'Closed', terminal: true, kind: 'closed' },
  },
  initialState: 'SENT',
  initialTimers: ['reply_due'],
  transitions: [
    {
      action: 'answer',
      from: ['SENT'],
      to: 'ANSWERED',
      actor: { side: 'receiver', agencyTypes: responsible, roles: SENDERS },
      label: { zh: '回复督办（说明原因及整改情况）', en: 'Answer: reasons and what was done' },
      basis: 'unverified',
      input: [reasonField('原因及整改情况', 'Reasons and remedy')],
      flowsBack: true,
      notify: 'initiator',
      timers: { stop: ['reply_due'] },
    },
    {
      action: 'close',
      from: ['ANSWERED'],
      to: 'CLOSED',
      actor: { side: 'initiator', agencyTypes: supervising, roles: supervisors },
      label: { zh: '督办办结', en: 'Close the notice' },
      basis: 'unverified',
      input: [noteField],
      notify: 'receiver',
    },
    {
      action: 'press_again',
      from: ['ANSWERED'],
      to: 'SENT',
      actor: { side: 'initiator', agencyTypes: supervising, roles: supervisors },
      label: { zh: '再次督办', en: 'Press again' },
      basis: 'unverified',
      input: [reasonField('再次督办理由', 'Why the answer does not suffice')],
      counters: { pressed: 1 },
      notify: 'receiver',
      timers: { start: ['reply_due'] },
    },
  ],
  timers: {
    reply_due: {
      zh: '督办回复期限',
      en: 'Reply to the supervision notice',
      amount: 5,
      unit: 'day',
      inCustody: false,
      articles: [art('PLC_WORK_REGULATION', '—', 'unverified')],
      basis: 'unverified',
      startsOn: '收到督办',
      warnDays: 2,
    },
  },
  notes: [
    'The reply period (5 days) is not fixed by statute: it is data on the timer, to be set per 政法委.',
    'No withdrawal while SENT: only the receiver acts then, so the notice sits in its 待办 alone and reaches the supervisor\'s 待办 with the answer.',
    'A supervisor sends it through POST /api/supervision/notices naming an overdue deadline; a procuratorate handler who is party to the case may also start it as any process.',
  ],
});
