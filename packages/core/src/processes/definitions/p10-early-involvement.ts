/**
 * P10 介入侦查引导取证（提前介入） — early procuratorial involvement in major, difficult or
 * complex cases (processes.md P10; CPL 87, 规则 256). Started by 公 (商请) or by 检 on its own
 * motion: whichever starts is the initiator, so 检's steps accept either side. No statutory
 * time limit; document names vary locally (unverified).
 */
import { art, defineProcess } from '../definition';
import { DECIDERS, HANDLERS, SENDERS, noteField, reasonField } from './common';

const police = ['police'] as const;
const procuratorate = ['procuratorate'] as const;
const bothSides = ['initiator', 'receiver'] as const;

export const earlyInvolvementProcess = defineProcess({
  code: 'early_involvement',
  ref: 'P10',
  name: { zh: '介入侦查引导取证', en: 'Early procuratorial involvement in investigation' },
  articles: [art('CPL', '87'), art('SPP_RULES', '256')],
  initiator: { agencyTypes: ['police', 'procuratorate'] },
  receiver: { agencyTypes: ['procuratorate', 'police'], level: 'same' },
  states: {
    DRAFT: { zh: '拟稿', en: 'Draft', kind: 'draft' },
    REQUESTED: { zh: '已商请介入', en: 'Involvement requested', kind: 'sent' },
    DECLINED: { zh: '不介入', en: 'Declined', terminal: true, kind: 'closed' },
    ASSIGNED: { zh: '已指派检察官', en: 'Prosecutor assigned', kind: 'accepted' },
    ACTIVE: { zh: '介入中', en: 'Involved', kind: 'review' },
    FEEDBACK: { zh: '已反馈采纳情况', en: 'Feedback given', kind: 'review' },
    CLOSED: { zh: '介入结束', en: 'Closed', terminal: true, kind: 'closed' },
  },
  initialState: 'DRAFT',
  transitions: [
    {
      action: 'request',
      from: ['DRAFT'],
      to: 'REQUESTED',
      actor: { side: 'initiator', agencyTypes: police, roles: SENDERS },
      label: { zh: '商请检察机关介入', en: 'Ask the procuratorate to join' },
      basis: 'unverified',
      articles: [art('CPL', '87'), art('SPP_RULES', '256')],
      documents: { produces: ['involvement_request_letter'] },
      input: [reasonField('案情及介入事项', 'Case and what is asked')],
      notify: 'receiver',
    },
    {
      action: 'self_initiate',
      from: ['DRAFT'],
      to: 'ASSIGNED',
      actor: { side: 'initiator', agencyTypes: procuratorate, roles: DECIDERS },
      label: { zh: '依职权介入并指派检察官', en: 'Join on own motion and assign a prosecutor' },
      articles: [art('SPP_RULES', '256')],
      input: [
        {
          name: 'assignee',
          type: 'text',
          required: true,
          persist: true,
          zh: '指派的检察官',
          en: 'Assigned prosecutor',
        },
      ],
      notify: 'receiver',
    },
    {
      action: 'decline',
      from: ['REQUESTED'],
      to: 'DECLINED',
      actor: { side: 'receiver', agencyTypes: procuratorate, roles: DECIDERS },
      label: { zh: '不予介入', en: 'Decline' },
      basis: 'unverified',
      input: [reasonField()],
      notify: 'initiator',
    },
    {
      action: 'assign_prosecutor',
      from: ['REQUESTED'],
      to: 'ASSIGNED',
      actor: { side: 'receiver', agencyTypes: procuratorate, roles: DECIDERS },
      label: { zh: '指派检察官', en: 'Assign a prosecutor' },
      articles: [art('SPP_RULES', '256')],
      input: [
        {
          name: 'assignee',
          type: 'text',
          required: true,
          persist: true,
          zh: '指派的检察官',
          en: 'Assigned prosecutor',
        },
      ],
      notify: 'initiator',
    },
    {
      action: 'begin_involvement',
      from: ['ASSIGNED'],
      to: 'ACTIVE',
      actor: { side: bothSides, agencyTypes: procuratorate, roles: HANDLERS },
      label: { zh: '开始介入（现场勘查、案件讨论）', en: 'Begin (scene, case discussion)' },
      articles: [art('CPL', '87'), art('SPP_RULES', '256')],
      notify: 'both',
    },
    {
      action: 'give_guidance',
      from: ['ACTIVE', 'FEEDBACK'],
      to: 'ACTIVE',
      actor: { side: bothSides, agencyTypes: procuratorate, roles: HANDLERS },
      label: { zh: '提出引导取证意见', en: 'Give evidence-gathering guidance' },
      articles: [art('SPP_RULES', '256')],
      documents: { optional: ['guidance_opinion'] },
      input: [reasonField('意见内容', 'Guidance')],
      counters: { guidanceOpinions: 1 },
      notify: 'both',
    },
    {
      action: 'report_feedback',
      from: ['ACTIVE'],
      to: 'FEEDBACK',
      actor: { side: bothSides, agencyTypes: police, roles: HANDLERS },
      label: { zh: '反馈采纳情况', en: 'Report what was adopted' },
      input: [reasonField('采纳情况', 'What was adopted')],
      notify: 'both',
    },
    {
      action: 'close',
      from: ['FEEDBACK'],
      to: 'CLOSED',
      actor: { side: bothSides, agencyTypes: ['police', 'procuratorate'], roles: [...HANDLERS, ...DECIDERS] },
      label: { zh: '结束介入', en: 'Close' },
      input: [
        {
          name: 'closedAt',
          type: 'enum',
          required: true,
          zh: '结束节点',
          en: 'Closed at',
          values: {
            arrest_request: { zh: '提请批准逮捕', en: 'Arrest request (P1)' },
            prosecution_transfer: { zh: '移送审查起诉', en: 'Transfer for prosecution (P2)' },
            other: { zh: '其他', en: 'Other' },
          },
        },
        noteField,
      ],
      notify: 'both',
    },
  ],
  timers: {},
  notes: ['No statutory time limit found (processes.md P10).'],
});
