/**
 * P16 电子换押 — a detained person passes to another 办案机关 or stage while held in the same
 * 看守所 (post-judgment.md §1; 公监管〔2014〕96号 notice, number unverified, content sec.): the
 * sender (移送机关) fills and seals the 换押证; the receiver (接收机关) fills in the 承接时间 and
 * sends it to the 看守所; the 看守所 acknowledges. "及时" is the rule; the 3 days often quoted are
 * (unverified) and only shown. Which stage changes need one: `custody/custody-transfer.ts`.
 */
import { CUSTODY_TRANSFER_KINDS } from '../../custody/custody-transfer';
import { personIdField } from '../../custody/fields';
import { art, defineProcess } from '../definition';
import { factDate } from '../guards';
import { EXECUTORS, INTAKE, SENDERS, reasonField } from './common';

const handlingAgencies = ['police', 'procuratorate', 'court'] as const;
const detention = ['detention'] as const;
const NOTICE = art('CUSTODY_TRANSFER_NOTICE_2014', '—', 'sec.');

export const custodyTransferProcess = defineProcess({
  code: 'custody_transfer',
  ref: 'P16',
  name: { zh: '电子换押', en: 'Electronic custody transfer' },
  articles: [NOTICE],
  initiator: { agencyTypes: handlingAgencies },
  receiver: { agencyTypes: [...handlingAgencies, 'detention'] },
  states: {
    DRAFT: { zh: '拟换押', en: 'Draft', kind: 'draft' },
    ISSUED: { zh: '移送机关已填发换押证', en: 'Certificate issued by the sender', kind: 'sent' },
    TAKEN_OVER: { zh: '接收机关已承接，待看守所确认', en: 'Taken over, awaiting the detention centre', kind: 'accepted' },
    ACKNOWLEDGED: { zh: '看守所已办理换押', en: 'Acknowledged by the detention centre', terminal: true, kind: 'executed' },
    DECLINED: { zh: '看守所退回换押证', en: 'Returned by the detention centre', terminal: true, kind: 'closed' },
  },
  initialState: 'DRAFT',
  transitions: [
    {
      action: 'issue_certificate',
      from: ['DRAFT'],
      to: 'ISSUED',
      actor: { side: 'initiator', agencyTypes: handlingAgencies, roles: SENDERS },
      label: { zh: '填发换押证', en: 'Issue the custody transfer certificate' },
      articles: [NOTICE],
      documents: { produces: ['custody_transfer_certificate'] },
      input: [
        personIdField,
        {
          name: 'transferKind', type: 'enum', required: true, persist: true, zh: '换押事由', en: 'Stage change',
          values: Object.fromEntries(Object.entries(CUSTODY_TRANSFER_KINDS).map(([k, v]) => [k, { zh: v.zh, en: v.en }])),
        },
      ],
      notify: 'receiver',
      timers: { start: ['custody_transfer'] },
    },
    {
      action: 'take_over',
      from: ['ISSUED'],
      to: 'TAKEN_OVER',
      actor: { side: 'receiver', agencyTypes: handlingAgencies, roles: EXECUTORS },
      label: { zh: '填写承接时间，送看守所', en: 'Record the takeover and send to the detention centre' },
      articles: [NOTICE],
      input: [
        { name: 'takenOverOn', type: 'date', required: true, persist: true, zh: '承接时间', en: 'Takeover date' },
        { name: 'detentionCentreId', type: 'text', required: true, zh: '羁押看守所', en: 'Detention centre', maxLength: 64 },
      ],
      guards: [factDate({
        code: 'takeover_date_invalid', field: 'takenOverOn', zh: '承接时间不能晚于今天，也不能早于案发时间', en: 'The takeover date cannot lie in the future or before the offence', articles: [NOTICE],
      })],
      handOver: { side: 'receiver', agencyTypes: detention, inputField: 'detentionCentreId' },
      notify: 'both',
    },
    {
      action: 'acknowledge_transfer',
      from: ['TAKEN_OVER'],
      to: 'ACKNOWLEDGED',
      actor: { side: 'receiver', agencyTypes: detention, roles: INTAKE },
      label: { zh: '办理换押（在提讯证上注明新的办案机关和期限）', en: 'Acknowledge: the new authority and period are recorded' },
      articles: [NOTICE],
      notify: 'both',
      timers: { stop: ['custody_transfer'] },
    },
    {
      action: 'decline_transfer',
      from: ['TAKEN_OVER'],
      to: 'DECLINED',
      actor: { side: 'receiver', agencyTypes: detention, roles: INTAKE },
      label: { zh: '退回换押证（人员不在本所或手续不全）', en: 'Return the certificate (person not held here, papers incomplete)' },
      articles: [NOTICE],
      input: [reasonField('退回理由', 'Reason')],
      notify: 'both',
    },
  ],
  timers: {
    custody_transfer: {
      zh: '办理换押', en: 'Custody transfer', amount: 3, unit: 'day', inCustody: true,
      startsOn: '填发换押证', articles: [NOTICE], basis: 'unverified', warnDays: 1,
    },
  },
  notes: [
    'The 看守所 list shows a held person whose custody entered a new stage period (审查起诉, 补充侦查, 审理, 二审) without an acknowledged 换押 as an exception (custody/custody-transfer.ts).',
    'A 变更羁押期限通知书 (same authority, new period) is not a 换押: P8 and the custody actions record it.',
  ],
});
