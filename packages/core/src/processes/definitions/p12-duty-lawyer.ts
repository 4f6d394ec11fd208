/**
 * P12 值班律师 — the agency handling the case asks the legal-aid office (法律援助中心, under the
 * 司法局) for a duty lawyer; the office assigns one (name and licence number) and the asking agency
 * records the lawyer's help (branches.md). CPL 36: the legal-aid office places duty lawyers; CPL 173
 * ¶3: the procuratorate must make sure the suspect can meet one. The time to assign is not fixed by
 * statute: the timer's length is data (unverified), shown and warned, never used to refuse.
 */
import { art, defineProcess } from '../definition';
import { EXECUTORS, HANDLERS, INTAKE, SENDERS, noteField, reasonField } from './common';

const askers = ['police', 'procuratorate', 'court'] as const;
const legalAid = ['justice'] as const;

export const dutyLawyerProcess = defineProcess({
  code: 'duty_lawyer',
  ref: 'P12',
  name: { zh: '通知值班律师（法律帮助）', en: 'Duty lawyer (legal help)' },
  articles: [art('CPL', '36'), art('CPL', '173'), art('CPL', '174'), art('LEGAL_AID_LAW', '30')],
  initiator: { agencyTypes: askers },
  receiver: { agencyTypes: legalAid, level: 'same' },
  states: {
    DRAFT: { zh: '拟通知值班律师', en: 'Draft', kind: 'draft' },
    REQUESTED: { zh: '已通知法律援助机构', en: 'Requested from the legal-aid office', kind: 'sent' },
    ASSIGNED: { zh: '已指派值班律师', en: 'Duty lawyer assigned', kind: 'decided' },
    RECORDED: { zh: '值班律师已提供法律帮助', en: 'Legal help recorded', terminal: true, kind: 'executed' },
    CANCELLED: { zh: '已撤回通知', en: 'Request withdrawn', terminal: true, kind: 'closed' },
  },
  initialState: 'DRAFT',
  transitions: [
    {
      action: 'request_lawyer',
      from: ['DRAFT'],
      to: 'REQUESTED',
      actor: { side: 'initiator', agencyTypes: askers, roles: SENDERS },
      label: { zh: '通知法律援助机构指派值班律师', en: 'Ask the legal-aid office for a duty lawyer' },
      articles: [art('CPL', '36'), art('CPL', '173')],
      documents: { produces: ['duty_lawyer_request'] },
      input: [
        { name: 'suspectName', type: 'text', required: true, persist: true, maxLength: 50, zh: '犯罪嫌疑人、被告人姓名', en: 'Suspect / defendant' },
        {
          name: 'purpose', type: 'enum', required: true, persist: true, zh: '法律帮助事项', en: 'Purpose',
          values: {
            plea: { zh: '认罪认罚（听取意见、见证签署具结书）', en: 'Guilty plea (views, witnessing the affidavit)' },
            consultation: { zh: '法律咨询、程序选择、申请变更强制措施', en: 'Advice, procedure, measure change' },
          },
        },
      ],
      notify: 'receiver',
      timers: { start: ['assignment'] },
    },
    {
      action: 'assign_lawyer',
      from: ['REQUESTED'],
      to: 'ASSIGNED',
      actor: { side: 'receiver', agencyTypes: legalAid, roles: [...INTAKE, ...HANDLERS] },
      label: { zh: '指派值班律师', en: 'Assign a duty lawyer' },
      articles: [art('CPL', '36'), art('LEGAL_AID_LAW', '30')],
      documents: { produces: ['duty_lawyer_assignment'] },
      input: [
        { name: 'lawyerName', type: 'text', required: true, persist: true, maxLength: 50, zh: '值班律师姓名', en: 'Lawyer' },
        // 律师执业证号: 17 digits in the national format; kept as text, checked for shape by the guard below
        { name: 'lawyerLicenseNo', type: 'text', required: true, persist: true, maxLength: 17, zh: '律师执业证号', en: 'Licence number' },
      ],
      guards: [
        {
          code: 'lawyer_license_format',
          zh: '律师执业证号应为17位数字',
          en: 'A lawyer licence number has 17 digits',
          articles: [art('LEGAL_AID_LAW', '30')],
          needsInput: true,
          check: ({ input }) => (/^\d{17}$/.test(String(input.lawyerLicenseNo ?? '')) ? { ok: true } : { ok: false, details: { field: 'lawyerLicenseNo' } }),
        },
      ],
      flowsBack: true,
      notify: 'initiator',
      timers: { stop: ['assignment'] },
    },
    {
      action: 'record_help',
      from: ['ASSIGNED'],
      to: 'RECORDED',
      actor: { side: 'initiator', agencyTypes: askers, roles: EXECUTORS },
      label: { zh: '记录值班律师会见并提供法律帮助', en: 'Record the lawyer’s help' },
      articles: [art('CPL', '36'), art('CPL', '173')],
      input: [{ name: 'metOn', type: 'date', required: true, zh: '会见日期', en: 'Met on' }, noteField],
      notify: 'receiver',
    },
    {
      action: 'withdraw_request',
      from: ['REQUESTED'],
      to: 'CANCELLED',
      actor: { side: 'initiator', agencyTypes: askers, roles: SENDERS },
      label: { zh: '撤回通知（已委托辩护人等）', en: 'Withdraw the request (counsel retained, …)' },
      input: [reasonField()],
      notify: 'receiver',
    },
  ],
  timers: {
    assignment: {
      zh: '指派值班律师',
      en: 'Assignment of a duty lawyer',
      // local practice (unverified): the office assigns within a few days of the request; data, not statute
      amount: 3,
      unit: 'day',
      inCustody: false,
      startsOn: '收到通知',
      articles: [art('LEGAL_AID_LAW', '—', 'unverified')],
      basis: 'unverified',
      warnDays: 1,
    },
  },
  notes: ['The time to assign is local practice (unverified): the timer warns, it never refuses.'],
});
