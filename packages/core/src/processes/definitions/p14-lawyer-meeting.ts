/**
 * P14 律师会见申请 — a defence lawyer asks to meet a detained suspect (post-judgment.md §2; CPL 39).
 * The 看守所 registers the request (律师执业证书 + 律师事务所证明 + 委托书 or 法律援助公函) and
 * arranges the meeting within 48 hours. Only in 危害国家安全 / 恐怖活动 cases during 侦查 does the
 * meeting need the 侦查机关's permission, decided within 48 hours (程序规定, sec.). The
 * 办案机关 of the case is the receiver: it is told of the request and decides that permission.
 * A lawyer holding a confirmed representation books online (POST /api/defence/requests/:id/meetings):
 * the instance opens in the 看守所's draft with the lawyer's papers and the time of the request in
 * its data, and the 看守所 registers the booking as it would a paper request; the 48 hours run
 * from the booking either way. The platform says whether CPL 39 ¶3 permission applies.
 */
import { art, defineProcess, type TGuard, type TInputField } from '../definition';
import { DECIDERS, EXECUTORS, noteField, reasonField } from './common';

const detention = ['detention'] as const;
const police = ['police'] as const;

/** When the lawyer asked: the 48 hours run from it (CPL 39 ¶2), not from the click. */
const requestedAtField: TInputField = {
  name: 'requestedAt', type: 'text', required: false, persist: true, maxLength: 40,
  zh: '律师提出会见的时间（YYYY-MM-DDTHH:mm，北京时间；默认当前时间）', en: 'Time of the request (Beijing time; default now)',
};

const requestFields: readonly TInputField[] = [
  { name: 'lawyerName', type: 'text', required: true, persist: true, maxLength: 100, zh: '辩护律师', en: 'Defence lawyer' },
  { name: 'lawyerLicenceNo', type: 'text', required: true, persist: true, maxLength: 40, zh: '律师执业证号', en: 'Licence number' },
  {
    name: 'mandate', type: 'enum', required: true, persist: true, zh: '委托手续', en: 'Mandate',
    values: {
      power_of_attorney: { zh: '委托书', en: 'Power of attorney' },
      legal_aid_letter: { zh: '法律援助公函', en: 'Legal-aid letter' },
    },
  },
  requestedAtField,
];

/** An online booking carries the lawyer's papers in its data: registered without retyping. */
const BOOKED_ONLINE: TGuard = {
  code: 'meeting_not_booked_online',
  zh: '该申请不是律师在线预约的会见，请按纸质申请登记（填写律师信息）',
  en: 'Not an online booking: register it with the lawyer\'s details',
  articles: [art('CPL', '39')],
  check: ({ instance }) => (instance.data.bookedOnline === true ? { ok: true } : { ok: false }),
};

/** CPL 39 ¶3 as the platform computed it at booking (charges and stage): the 看守所 cannot skip or add it. */
const PERMISSION_AS_COMPUTED = (needed: boolean): TGuard => ({
  code: needed ? 'meeting_permission_not_required' : 'meeting_permission_required',
  zh: needed ? '本案不属于须经侦查机关许可会见的情形（CPL 39 ¶3）' : '危害国家安全犯罪、恐怖活动犯罪案件侦查期间会见须经侦查机关许可（CPL 39 ¶3）',
  en: needed ? 'This case needs no permission to meet (CPL 39 ¶3)' : 'Meetings in this case need the investigating agency\'s permission (CPL 39 ¶3)',
  articles: [art('CPL', '39')],
  check: ({ instance }) => ((instance.data.permissionRequired === true) === needed ? { ok: true } : { ok: false }),
});

export const lawyerMeetingProcess = defineProcess({
  code: 'lawyer_meeting',
  ref: 'P14',
  name: { zh: '律师会见申请', en: 'Defence lawyer meeting request' },
  articles: [art('CPL', '34'), art('CPL', '39')],
  initiator: { agencyTypes: detention },
  receiver: { agencyTypes: ['police', 'procuratorate', 'court'] },
  states: {
    DRAFT: { zh: '拟登记', en: 'Draft', kind: 'draft' },
    REGISTERED: { zh: '已登记，待安排会见', en: 'Registered, meeting to be arranged', kind: 'accepted' },
    PERMISSION_PENDING: { zh: '待侦查机关许可', en: 'Awaiting the investigating agency\'s permission', kind: 'sent' },
    REFUSED: { zh: '不予许可会见', en: 'Meeting not permitted', terminal: true, kind: 'closed' },
    ARRANGED: { zh: '已安排会见', en: 'Meeting arranged', terminal: true, kind: 'executed' },
  },
  initialState: 'DRAFT',
  transitions: [
    {
      action: 'register_request',
      from: ['DRAFT'],
      to: 'REGISTERED',
      actor: { side: 'initiator', agencyTypes: detention, roles: EXECUTORS },
      label: { zh: '登记律师会见申请', en: 'Register the meeting request' },
      articles: [art('CPL', '39')],
      input: [...requestFields],
      notify: 'receiver',
      timers: { start: ['meeting_arrangement'] },
    },
    {
      // CPL 39 ¶3: 危害国家安全犯罪、恐怖活动犯罪 during 侦查 — the 侦查机关 permits first
      action: 'register_request_needing_permission',
      from: ['DRAFT'],
      to: 'PERMISSION_PENDING',
      actor: { side: 'initiator', agencyTypes: detention, roles: EXECUTORS },
      label: { zh: '登记会见申请（危害国家安全、恐怖活动犯罪，须经许可）', en: 'Register a request that needs permission' },
      articles: [art('CPL', '39')],
      input: [...requestFields],
      notify: 'receiver',
      timers: { start: ['permission_decision'] },
    },
    {
      action: 'register_booking',
      from: ['DRAFT'],
      to: 'REGISTERED',
      actor: { side: 'initiator', agencyTypes: detention, roles: EXECUTORS },
      label: { zh: '登记律师在线预约的会见', en: 'Register the online booking' },
      articles: [art('CPL', '39')],
      guards: [BOOKED_ONLINE, PERMISSION_AS_COMPUTED(false)],
      notify: 'receiver',
      timers: { start: ['meeting_arrangement'] },
    },
    {
      action: 'register_booking_needing_permission',
      from: ['DRAFT'],
      to: 'PERMISSION_PENDING',
      actor: { side: 'initiator', agencyTypes: detention, roles: EXECUTORS },
      label: { zh: '登记在线预约（危害国家安全、恐怖活动犯罪，须经许可）', en: 'Register an online booking that needs permission' },
      articles: [art('CPL', '39')],
      guards: [BOOKED_ONLINE, PERMISSION_AS_COMPUTED(true)],
      notify: 'receiver',
      timers: { start: ['permission_decision'] },
    },
    {
      action: 'permit_meeting',
      from: ['PERMISSION_PENDING'],
      to: 'REGISTERED',
      actor: { side: 'receiver', agencyTypes: police, roles: DECIDERS },
      label: { zh: '许可会见', en: 'Permit the meeting' },
      articles: [art('CPL', '39'), art('MPS_RULES', '—', 'sec.')],
      input: [noteField],
      notify: 'initiator',
      // arranged within 48 hours of the permission (the request's own 48 hours went to the decision)
      timers: { stop: ['permission_decision'], start: ['meeting_arrangement_after_permission'] },
    },
    {
      action: 'refuse_meeting',
      from: ['PERMISSION_PENDING'],
      to: 'REFUSED',
      actor: { side: 'receiver', agencyTypes: police, roles: DECIDERS },
      label: { zh: '不予许可会见（有碍侦查或者可能泄露国家秘密）', en: 'Refuse: would obstruct the investigation or leak state secrets' },
      articles: [art('CPL', '39'), art('MPS_RULES', '—', 'sec.')],
      input: [reasonField()],
      notify: 'initiator',
    },
    {
      action: 'arrange_meeting',
      from: ['REGISTERED'],
      to: 'ARRANGED',
      actor: { side: 'initiator', agencyTypes: detention, roles: EXECUTORS },
      label: { zh: '安排会见', en: 'Arrange the meeting' },
      articles: [art('CPL', '39')],
      input: [{ name: 'meetingAt', type: 'text', required: true, maxLength: 40, zh: '会见时间', en: 'Meeting time' }],
      notify: 'receiver',
    },
  ],
  timers: {
    meeting_arrangement: {
      zh: '安排律师会见', en: 'Arranging the lawyer meeting', amount: 48, unit: 'hour', inCustody: true,
      startsOn: '律师提出会见', startFrom: 'requestedAt', articles: [art('CPL', '39')], warnDays: 0,
    },
    meeting_arrangement_after_permission: {
      zh: '许可后安排律师会见', en: 'Arranging the meeting after permission', amount: 48, unit: 'hour', inCustody: true,
      startsOn: '侦查机关许可会见', articles: [art('CPL', '39')], warnDays: 0,
    },
    permission_decision: {
      zh: '侦查机关作出是否许可会见的决定', en: 'Decision on permission to meet', amount: 48, unit: 'hour', inCustody: true,
      startsOn: '律师提出会见', startFrom: 'requestedAt', articles: [art('MPS_RULES', '—', 'sec.')], basis: 'sec.', warnDays: 0,
    },
  },
  notes: [
    'The 看守所 registers the request on the lawyer\'s papers, or the lawyer\'s online booking (register_booking), whose data holds the papers and the time of the request.',
    'Meetings are not monitored (CPL 39 ¶4); the platform records the arrangement, not the meeting.',
  ],
});
