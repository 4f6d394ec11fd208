/**
 * P13 调查评估 — for a probable 缓刑 (or 管制, 暂予监外执行) the procuratorate or the court asks the
 * 社区矫正机构 where the person lives to assess the effect on the community (社区矫正法 18); the
 * opinion returns to the asker. Period: 10 working days, 5 in 速裁 cases (实施办法 14, sec.); the
 * calendar counts days, so the length is data (10 / 5 days) until working days are modelled.
 */
import { art, defineProcess } from '../definition';
import { EXECUTORS, HANDLERS, SENDERS, noteField } from './common';

const askers = ['procuratorate', 'court'] as const;
const correction = ['correction'] as const;

export const communityAssessmentProcess = defineProcess({
  code: 'community_assessment',
  ref: 'P13',
  name: { zh: '社区矫正调查评估', en: 'Pre-sentence community assessment' },
  articles: [art('COMMUNITY_CORRECTION_LAW', '18'), art('COMMUNITY_CORRECTION_RULES', '14', 'sec.')],
  initiator: { agencyTypes: askers },
  receiver: { agencyTypes: correction, level: 'same' },
  states: {
    DRAFT: { zh: '拟委托调查评估', en: 'Draft', kind: 'draft' },
    REQUESTED: { zh: '已委托调查评估', en: 'Assessment requested', kind: 'sent' },
    REPORTED: { zh: '已出具调查评估意见', en: 'Opinion delivered', kind: 'decided' },
    CLOSED: { zh: '已接收评估意见', en: 'Opinion received', terminal: true, kind: 'closed' },
  },
  initialState: 'DRAFT',
  transitions: [
    {
      action: 'request_assessment',
      from: ['DRAFT'],
      to: 'REQUESTED',
      actor: { side: 'initiator', agencyTypes: askers, roles: SENDERS },
      label: { zh: '委托调查评估', en: 'Request the assessment' },
      articles: [art('COMMUNITY_CORRECTION_LAW', '18')],
      documents: { produces: ['assessment_request'] },
      input: [
        { name: 'personName', type: 'text', required: true, persist: true, maxLength: 50, zh: '被调查评估人', en: 'Person assessed' },
        {
          name: 'assessmentTrack', type: 'enum', required: true, persist: true, zh: '案件程序', en: 'Procedure',
          values: {
            ordinary: { zh: '普通、简易程序（10个工作日）', en: 'Ordinary / summary (10 working days)' },
            fast_track: { zh: '速裁程序（5个工作日）', en: 'Fast-track (5 working days)' },
          },
        },
      ],
      notify: 'receiver',
      timers: { start: ['assessment'] },
    },
    {
      action: 'deliver_opinion',
      from: ['REQUESTED'],
      to: 'REPORTED',
      actor: { side: 'receiver', agencyTypes: correction, roles: [...HANDLERS, 'approver'] },
      label: { zh: '出具调查评估意见', en: 'Deliver the assessment opinion' },
      articles: [art('COMMUNITY_CORRECTION_LAW', '18'), art('COMMUNITY_CORRECTION_RULES', '14', 'sec.')],
      documents: { produces: ['assessment_opinion'] },
      input: [
        {
          name: 'assessment', type: 'enum', required: true, persist: true, zh: '评估意见', en: 'Opinion',
          values: {
            suitable: { zh: '适宜社区矫正', en: 'Suitable for community correction' },
            unsuitable: { zh: '不适宜社区矫正', en: 'Not suitable' },
          },
        },
      ],
      flowsBack: true,
      notify: 'initiator',
      timers: { stop: ['assessment'] },
    },
    {
      action: 'receive_opinion',
      from: ['REPORTED'],
      to: 'CLOSED',
      actor: { side: 'initiator', agencyTypes: askers, roles: EXECUTORS },
      label: { zh: '接收调查评估意见', en: 'Receive the opinion' },
      input: [noteField],
      notify: 'none',
    },
  ],
  timers: {
    assessment: {
      zh: '调查评估',
      en: 'Community assessment',
      amount: 10,
      unit: 'day',
      inCustody: false,
      startsOn: '收到调查评估委托函',
      articles: [art('COMMUNITY_CORRECTION_RULES', '14', 'sec.')],
      // the rule says working days; counted as calendar days with a last-day holiday moved (CPL 105) until the calendar has working-day periods
      basis: 'sec.',
      variantBy: 'assessmentTrack',
      variants: { fast_track: { zh: '速裁', en: 'fast-track', amount: 5, unit: 'day', basis: 'sec.' } },
      warnDays: 2,
    },
  },
  notes: ['实施办法 14 counts working days; the platform counts calendar days with the CPL 105 holiday rule (the period is data).'],
});
