/**
 * Shared vocabulary for the definition files: role sets and the reason field. Kept tiny on
 * purpose; a definition file should read on its own.
 */
import type { TRole } from '../../agencies';
import type { TInputField } from '../definition';

/** Sends a prepared, internally approved document (承办人 or 审批人 after 审批). */
export const SENDERS = ['handler', 'approver'] as const satisfies readonly TRole[];
/** Intake desk: 案管 (procuratorate), 立案庭 (court), 收押/内勤 (detention, prison). */
export const INTAKE = ['clerk'] as const satisfies readonly TRole[];
/** The person working the case. */
export const HANDLERS = ['handler'] as const satisfies readonly TRole[];
/** Legal decisions (检察长/检委会, 负责人, 院长/庭长): the handler proposes, the approver decides. */
export const DECIDERS = ['approver'] as const satisfies readonly TRole[];
/** Recording an execution or a receipt. */
export const EXECUTORS = ['handler', 'clerk'] as const satisfies readonly TRole[];

export const reasonField = (zh = '理由', en = 'Reason'): TInputField => ({
  name: 'reason',
  type: 'text',
  required: true,
  zh,
  en,
});
export const noteField: TInputField = { name: 'note', type: 'text', required: false, zh: '备注', en: 'Note' };
