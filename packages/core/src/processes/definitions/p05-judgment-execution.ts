/**
 * P5 刑事判决执行（交付执行） — delivery of a convict for execution (processes.md P5).
 * 法 sends the execution documents ≤10 days after the judgment takes effect (CPL 264) to the
 * executing agency: 所 (remaining term ≤3 months, or pending delivery to prison), 公 (拘役),
 * 司/社区矫正机构 (管制, 缓刑, 暂予监外执行); 所/公 deliver to 狱 ≤1 month (监狱法 15);
 * 狱 refuses admission without the four documents (监狱法 16).
 */
import { art, defineProcess, type TGuard } from '../definition';
import type { TAgencyType } from '../../agencies';
import { PRISON_ADMISSION_DOCUMENTS } from '../documents';
import { factDate, maxCount } from '../guards';
import { EXECUTORS, INTAKE, reasonField } from './common';

const court = ['court'] as const;
const executors = ['detention', 'police', 'prison', 'justice', 'correction'] as const;

/**
 * CPL 264 ¶2: the executor the court named receives: 监狱 (delivered by 看守所/公安), 看守所 only
 * for ≤ 3 months remaining, 公安 for 拘役, 社区矫正机构 for 管制/缓刑/暂予监外执行.
 */
const RECEIVERS_BY_EXECUTOR: Record<string, { forExecution: readonly string[]; forPrison: readonly string[] }> = {
  prison: { forExecution: [], forPrison: ['detention', 'police'] },
  detention: { forExecution: ['detention'], forPrison: [] },
  police: { forExecution: ['police'], forPrison: [] },
  community_correction: { forExecution: ['justice', 'correction'], forPrison: [] },
};

function executorGuard(kind: 'forExecution' | 'forPrison'): TGuard {
  return {
    code: 'executor_mismatch',
    zh: '交付执行的机关应为人民法院指定的执行机关：判处死缓、无期、有期徒刑余刑三个月以上的由看守所送交监狱，余刑三个月以下的由看守所代为执行（刑事诉讼法第二百六十四条）',
    en: 'Only the executor the court named may receive (CPL 264 ¶2: the detention centre executes only ≤ 3 months remaining)',
    articles: [art('CPL', '264')],
    check: ({ instance, agencyType }) => {
      const executor = String(instance.data.executor ?? '');
      const allowed = RECEIVERS_BY_EXECUTOR[executor]?.[kind] ?? [];
      return agencyType && allowed.includes(agencyType) ? { ok: true } : { ok: false, details: { executor, agencyType: agencyType ?? null, allowed } };
    },
  };
}

/** 社区矫正法 20: the 执行地社区矫正机构 is notified (5 days) before the documents go to it (10 days). */
const COMMUNITY_NOTICE_FIRST: TGuard = {
  code: 'community_correction_not_notified',
  zh: '社区矫正的，应先在判决生效后五日内通知执行地社区矫正机构，再送达法律文书（社区矫正法第二十条）',
  en: 'For community correction, notify the agency of the place of execution first (Community Correction Law 20)',
  articles: [art('COMMUNITY_CORRECTION_LAW', '20')],
  needsInput: true,
  check: ({ input, instance }) =>
    input.executor === 'community_correction' && !(instance.counters.communityCorrectionNotified ?? 0)
      ? { ok: false, details: { executor: input.executor, counter: 'communityCorrectionNotified' } }
      : { ok: true },
};

/** CPL 264: 执行机关应当将罪犯及时收押，并且通知罪犯家属 — the day the family was told is on record. */
const familyNotifiedField = {
  name: 'familyNotifiedOn', type: 'date', required: true, zh: '通知罪犯家属的日期', en: 'Date the family was notified',
} as const;
const FAMILY_NOTICE_DATE = factDate({
  code: 'family_notice_date_invalid', field: 'familyNotifiedOn',
  zh: '通知家属的日期不能晚于今天，也不能早于案发时间', en: 'The family notice date cannot lie in the future or before the offence',
  articles: [art('CPL', '264')],
});

export const judgmentExecutionProcess = defineProcess({
  code: 'judgment_execution',
  ref: 'P5',
  name: { zh: '刑事判决交付执行', en: 'Delivery of a judgment for execution' },
  articles: [
    art('CPL', '264'),
    art('PRISON_LAW', '15'),
    art('PRISON_LAW', '16'),
    art('COMMUNITY_CORRECTION_LAW', '20'),
    art('COMMUNITY_CORRECTION_LAW', '21'),
  ],
  initiator: { agencyTypes: court },
  receiver: { agencyTypes: executors },
  // the verdict travels along from P3/P11: a suspended sentence is executed in the community (社区矫正法 20)
  inherits: ['verdict'],
  // CPL 259: only an effective judgment is executed; the 10 days of CPL 264 run from 生效.
  startsAfter: {
    process: 'public_prosecution',
    states: ['EFFECTIVE'],
    code: 'JUDGMENT_NOT_EFFECTIVE',
    zh: '判决尚未发生法律效力，不能交付执行（刑事诉讼法第二百五十九条、第二百六十四条）',
    en: 'The judgment has not taken effect; it cannot be delivered for execution (CPL 259, 264)',
    articles: [art('CPL', '259', 'unchecked'), art('CPL', '264')],
  },
  states: {
    EFFECTIVE: { zh: '判决已生效', en: 'Judgment effective', kind: 'draft' },
    DOCS_SENT: { zh: '执行文书已送达', en: 'Execution documents sent', kind: 'sent' },
    RETURNED_FOR_CORRECTION: { zh: '文书退回补正', en: 'Documents returned for correction', kind: 'returned' },
    RECEIVED: {
      zh: '看守所已收到（待送监）',
      en: 'Received by the detention centre (awaiting prison)',
      kind: 'accepted',
    },
    TRANSFERRED_TO_PRISON: { zh: '已交付监狱', en: 'Delivered to prison', kind: 'sent' },
    ADMISSION_REFUSED: { zh: '监狱拒绝收监', en: 'Prison refused admission', kind: 'returned' },
    IN_EXECUTION: { zh: '执行中', en: 'In execution', terminal: true, kind: 'executed' },
  },
  initialState: 'EFFECTIVE',
  initialTimers: ['execution_documents', 'community_correction_notice'],
  transitions: [
    {
      // 社区矫正法 20: within 5 days of 生效 the court tells the 执行地社区矫正机构 (管制, 缓刑, 暂予监外执行)
      action: 'notify_community_correction',
      from: ['EFFECTIVE'],
      to: 'EFFECTIVE',
      actor: { side: 'initiator', agencyTypes: court, roles: EXECUTORS },
      label: { zh: '通知执行地社区矫正机构', en: 'Notify the community-correction agency' },
      articles: [art('COMMUNITY_CORRECTION_LAW', '20')],
      documents: { produces: ['community_correction_notice'] },
      input: [{ name: 'correctionAgency', type: 'text', required: true, persist: true, maxLength: 200, zh: '执行地社区矫正机构', en: 'Community-correction agency of the place' }],
      guards: [maxCount({ code: 'community_correction_notified_once', counter: 'communityCorrectionNotified', max: 1, zh: '已通知执行地社区矫正机构', en: 'Already notified', articles: [art('COMMUNITY_CORRECTION_LAW', '20')] })],
      counters: { communityCorrectionNotified: 1 },
      notify: 'none',
      timers: { stop: ['community_correction_notice'] },
    },
    {
      action: 'send_documents',
      from: ['EFFECTIVE'],
      to: 'DOCS_SENT',
      actor: { side: 'initiator', agencyTypes: court, roles: EXECUTORS },
      label: { zh: '送达执行文书', en: 'Send the execution documents' },
      articles: [art('CPL', '264'), art('SPC_INTERP', '—', 'sec.')],
      // the 判决书 is the one the court issued in P3 and the 起诉书副本 a copy of the procuratorate's
      // 起诉书: both are sent, not issued again; the execution documents are issued here
      documents: { required: ['criminal_judgment', 'indictment_copy'], produces: ['execution_notice', 'case_closure_form'] },
      input: [
        {
          name: 'executor',
          type: 'enum',
          required: true,
          persist: true,
          zh: '执行机关',
          en: 'Executing agency',
          values: {
            prison: {
              zh: '监狱（死缓、无期、余刑三个月以上）',
              en: 'Prison (death w/ reprieve, life, > 3 months left)',
            },
            detention: { zh: '看守所代为执行（余刑三个月以下）', en: 'Detention centre (≤ 3 months left)' },
            police: {
              zh: '公安机关（拘役、剥夺政治权利）',
              en: 'Police (criminal detention, deprivation of political rights)',
            },
            community_correction: { zh: '社区矫正机构（管制、缓刑、暂予监外执行）', en: 'Community correction' },
          },
        },
        // The executing agency is named when the documents go out: the platform opens this
        // process on 生效, before anyone has chosen where the sentence is executed.
        { name: 'executorAgencyId', type: 'text', required: true, zh: '接收执行文书的机关', en: 'Agency receiving the execution documents', maxLength: 64 },
        // 社区矫正法 20; 高法解释 (sec.): copies to the 人民检察院 and 公安机关 of the place, on record
        { name: 'copiesSentTo', type: 'text', required: true, persist: true, maxLength: 500, zh: '抄送的人民检察院、公安机关', en: 'Copies sent to (procuratorate, police)' },
      ],
      guards: [COMMUNITY_NOTICE_FIRST],
      // the agency named must be the executor chosen, or for a 监狱 the 看守所/公安 that delivers the
      // convict to it: a 监狱 named directly could only return the documents (found in review: a dead end)
      handOver: {
        side: 'receiver', agencyTypes: executors, inputField: 'executorAgencyId',
        byInput: {
          field: 'executor',
          agencyTypes: Object.fromEntries(Object.entries(RECEIVERS_BY_EXECUTOR).map(([k, v]) => [k, [...v.forExecution, ...v.forPrison] as TAgencyType[]])),
          zh: '执行机关与执行方式不符：监狱执行的，执行文书送达看守所或公安机关，由其送交监狱（监狱法第十五条）；看守所代为执行的送达看守所；拘役、剥夺政治权利送达公安机关；社区矫正送达社区矫正机构（刑事诉讼法第二百六十四条、第二百六十九条）',
        },
      },
      notify: 'receiver',
      timers: { stop: ['execution_documents'] },
    },
    {
      action: 'return_documents',
      from: ['DOCS_SENT'],
      to: 'RETURNED_FOR_CORRECTION',
      actor: { side: 'receiver', agencyTypes: executors, roles: INTAKE },
      label: { zh: '文书不全，退回补正', en: 'Return incomplete documents' },
      articles: [art('PRISON_LAW', '16')],
      input: [reasonField('缺少或有误的文书', 'Missing or wrong documents')],
      notify: 'initiator',
    },
    {
      action: 'resend_documents',
      from: ['RETURNED_FOR_CORRECTION'],
      to: 'DOCS_SENT',
      actor: { side: 'initiator', agencyTypes: court, roles: EXECUTORS },
      label: { zh: '补正后重新送达', en: 'Resend corrected documents' },
      documents: { required: [...PRISON_ADMISSION_DOCUMENTS] },
      notify: 'receiver',
    },
    {
      // 所 代为执行, 公 (拘役), 社区矫正: received and executed by the same agency.
      action: 'receive_for_execution',
      from: ['DOCS_SENT'],
      to: 'IN_EXECUTION',
      actor: { side: 'receiver', agencyTypes: ['detention', 'police', 'justice', 'correction'], roles: INTAKE },
      label: { zh: '签收并交付执行', en: 'Receive and execute' },
      articles: [art('CPL', '264'), art('COMMUNITY_CORRECTION_LAW', '20'), art('SPC_INTERP_2012', '431', 'sec.')],
      documents: { required: ['criminal_judgment', 'execution_notice'], produces: ['execution_receipt'] },
      input: [familyNotifiedField],
      guards: [executorGuard('forExecution'), FAMILY_NOTICE_DATE],
      flowsBack: true,
      notify: 'initiator',
    },
    {
      action: 'receive_for_prison_delivery',
      from: ['DOCS_SENT'],
      to: 'RECEIVED',
      actor: { side: 'receiver', agencyTypes: ['detention', 'police'], roles: INTAKE },
      label: { zh: '签收（待送监执行）', en: 'Receive for delivery to prison' },
      articles: [art('CPL', '264'), art('PRISON_LAW', '15'), art('SPC_INTERP_2012', '431', 'sec.')],
      documents: { required: ['criminal_judgment', 'execution_notice'], produces: ['execution_receipt'] },
      // 监狱法 15: one month from receipt of the 执行通知书 and 判决书, not from the click
      input: [{ name: 'documentsReceivedOn', type: 'date', required: true, zh: '收到执行通知书、判决书的日期', en: 'Date the execution notice and judgment were received' }],
      guards: [executorGuard('forPrison'), factDate({ code: 'documents_received_date_invalid', field: 'documentsReceivedOn', zh: '收到文书的日期不能晚于今天，也不能早于案发时间', en: 'The date of receipt cannot lie in the future or before the offence', articles: [art('PRISON_LAW', '15')] })],
      flowsBack: true,
      notify: 'initiator',
      timers: { start: ['prison_delivery'] },
    },
    {
      action: 'deliver_to_prison',
      from: ['RECEIVED'],
      to: 'TRANSFERRED_TO_PRISON',
      actor: { side: 'receiver', agencyTypes: ['detention', 'police'], roles: EXECUTORS },
      label: { zh: '送交监狱', en: 'Deliver to prison' },
      articles: [art('PRISON_LAW', '15')],
      input: [{ name: 'prisonAgencyId', type: 'text', required: true, zh: '收监监狱', en: 'Receiving prison', maxLength: 64 }],
      handOver: { side: 'receiver', agencyTypes: ['prison'], inputField: 'prisonAgencyId' },
      notify: 'both',
      timers: { stop: ['prison_delivery'] },
    },
    {
      // 监狱法 16: without the four documents the prison may not admit; the engine refuses
      // `admit_to_prison` unless all four are present.
      action: 'admit_to_prison',
      from: ['TRANSFERRED_TO_PRISON'],
      to: 'IN_EXECUTION',
      actor: { side: 'receiver', agencyTypes: ['prison'], roles: INTAKE },
      label: { zh: '收监', en: 'Admit to prison' },
      articles: [art('PRISON_LAW', '16')],
      documents: { required: [...PRISON_ADMISSION_DOCUMENTS], produces: ['execution_receipt'] },
      input: [familyNotifiedField],
      guards: [FAMILY_NOTICE_DATE],
      flowsBack: true,
      notify: 'both',
    },
    {
      action: 'refuse_admission',
      from: ['TRANSFERRED_TO_PRISON'],
      to: 'ADMISSION_REFUSED',
      actor: { side: 'receiver', agencyTypes: ['prison'], roles: INTAKE },
      label: { zh: '文书不全，拒绝收监', en: 'Refuse admission: documents missing' },
      articles: [art('PRISON_LAW', '16')],
      input: [reasonField('缺少的文书', 'Missing documents')],
      notify: 'both',
    },
    {
      action: 'supply_documents',
      from: ['ADMISSION_REFUSED'],
      to: 'TRANSFERRED_TO_PRISON',
      actor: { side: 'initiator', agencyTypes: court, roles: EXECUTORS },
      label: { zh: '补送执行文书', en: 'Supply the missing documents' },
      articles: [art('PRISON_LAW', '16')],
      documents: { required: [...PRISON_ADMISSION_DOCUMENTS] },
      notify: 'receiver',
    },
  ],
  timers: {
    execution_documents: {
      zh: '交付执行文书送达',
      en: 'Execution documents to the executor',
      amount: 10,
      unit: 'day',
      inCustody: 'person',
      // the server opens the instance with the 生效 day as the start (start-follow-up.ts)
      startsOn: '判决生效',
      articles: [art('CPL', '264')],
      warnDays: 3,
      deadlineId: 'EXECUTION_DOCS',
    },
    community_correction_notice: {
      zh: '通知执行地社区矫正机构', en: 'Notice to the community-correction agency', amount: 5, unit: 'day', inCustody: false,
      // like execution_documents, the server starts it from the 生效 day (start-follow-up.ts)
      startsOn: '判决生效', articles: [art('COMMUNITY_CORRECTION_LAW', '20')], warnDays: 2,
      // a suspended sentence is executed in the community; 管制 is not told apart by the verdict: the step is open to it too
      onlyWhen: { field: 'verdict', values: ['guilty_suspended'] },
    },
    prison_delivery: {
      zh: '送交监狱执行',
      en: 'Delivery to prison',
      amount: 1,
      unit: 'month',
      inCustody: 'person',
      startsOn: '收到执行通知书、判决书',
      startFrom: 'documentsReceivedOn',
      articles: [art('PRISON_LAW', '15')],
      warnDays: 7,
      deadlineId: 'PRISON_DELIVERY',
    },
  },
  notes: [
    'The platform opens the instance in the court\'s draft when P3 reaches EFFECTIVE; its 10-day timer runs from the day of 生效, not from the opening.',
    '无罪 / 免除刑事处罚: release at once (CPL 260); no P5 instance.',
    '罚金、没收财产 (法) and 剥夺政治权利 alone (公) follow CPL 270–272 †: not modelled.',
    '检 supervises execution (CPL 276 †): read access, no transition.',
  ],
});
