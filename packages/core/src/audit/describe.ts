/**
 * 审计日志可读化 (issue 14): an audit row as a reader understands it — the action in Chinese
 * (English in English mode), and its details as sentences with names, not raw JSON. Pure: the
 * server hands in the names of the cases, agencies and users the details refer to.
 */
import { AUDIT_ACTIONS, type TAuditAction } from './index';
import { getProcess } from '../processes/registry';

/** English labels; an action missing here (added by another module later) shows its code. */
export const AUDIT_ACTIONS_EN: Partial<Record<TAuditAction, string>> = {
  'auth.login': 'Signed in', 'auth.login_failed': 'Sign-in failed', 'auth.logout': 'Signed out',
  'auth.password_changed': 'Changed password', 'auth.password_change_failed': 'Password change failed',
  'user.created': 'Created user', 'user.updated': 'Updated user', 'user.security_changed': 'Account security changed',
  'auth.password_expired': 'Password expired', 'case.person_viewed': 'Viewed full identity of a person',
  'agency.created': 'Created agency', 'case.created': 'Created case', 'case.read': 'Opened case', 'case.updated': 'Updated case',
  'case.listed': 'Listed cases', 'process.started': 'Started process', 'process.transition': 'Process step',
  'process.voided': 'Process voided', 'process.read': 'Opened process', 'document.uploaded': 'Uploaded file',
  'document.superseded': 'Replaced file version', 'document.downloaded': 'Downloaded file', 'document.viewed': 'Viewed file',
  'document.integrity_failed': 'File integrity check failed', 'document.generated': 'Generated document',
  'document.signed': 'Signed document', 'dossier.exported': 'Exported dossier', 'dossier.viewed': 'Viewed dossier catalogue',
  'document.tagged': 'Linked to evidence guide', 'document.searched': 'Searched case documents', 'record.created': 'Made a record',
  'record.confirmed': 'Record signed and fingerprinted', 'signature.verified': 'Verified signature', 'evidence.override': 'Sent despite missing evidence',
  'audit.queried': 'Queried audit log', 'ledger.checkpoint': 'Signed tree head', 'ledger.proof_read': 'Read inclusion proof',
  'deadline.calculated': 'Calculated deadline', 'deadline.overdue': 'Deadline overdue alert', 'calendar.changed': 'Changed holiday calendar',
  'custody.listed': 'Listed detainees', 'custody.recalculated': 'Recalculated custody period', 'custody.paused': 'Custody period paused',
  'custody.resumed': 'Custody period resumed', 'custody.identified': 'Identity established', 'supervision.listed': 'Listed supervised deadlines',
  'supervision.notice_sent': 'Sent supervision notice', 'audit.exported': 'Exported audit log',
};

export function auditActionLabel(action: string): { zh: string; en: string } {
  const zh = (AUDIT_ACTIONS as Record<string, string>)[action];
  return { zh: zh ?? action, en: (AUDIT_ACTIONS_EN as Record<string, string>)[action] ?? action };
}

export const AUDIT_OUTCOMES = { ok: { zh: '成功', en: 'OK' }, denied: { zh: '拒绝', en: 'Denied' }, failed: { zh: '失败', en: 'Failed' } } as const;

/** Why a request was refused, as the details record it. */
const REASONS: Record<string, { zh: string; en: string }> = {
  out_of_scope: { zh: '案件不在本人访问范围内', en: 'the case is outside the caller’s reach' },
  no_such_case: { zh: '案件不存在', en: 'no such case' },
  read_only_role: { zh: '当前角色只能查阅，不能修改', en: 'the role may read only' },
  bad_credentials: { zh: '用户名或密码错误', en: 'wrong username or password' },
  disabled: { zh: '账户已停用', en: 'account disabled' },
  address_not_allowed: { zh: '网络地址不在允许范围内', en: 'address not allowed' },
  initiator_type: { zh: '本机关类型不能发起该流程', en: 'this agency type may not start the process' },
  not_a_supervisor: { zh: '不是监督员', en: 'not a supervisor' },
  out_of_jurisdiction: { zh: '不在本机关监督范围内', en: 'outside the jurisdiction' },
  no_such_period: { zh: '期限不存在或已结束', en: 'no such running period' },
  classification: { zh: '密级超出平台允许范围', en: 'classified above the platform level' },
};

/** Names of what the details refer to, by id. */
export type TAuditNames = { agencies: ReadonlyMap<string, string>; users: ReadonlyMap<string, string>; cases: ReadonlyMap<string, string> };

type TLine = { zh: string; en: string };

function str(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map(str).join('、');
  return Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined && x !== '' && x !== null)
    .map(([k, x]) => `${FIELD[k]?.zh ?? k}：${str(x)}`).join('；');
}

/** Detail keys and how they read. */
const FIELD: Record<string, { zh: string; en: string }> = {
  count: { zh: '条数', en: 'rows' }, reason: { zh: '原因', en: 'reason' }, due: { zh: '最后一日', en: 'last day' },
  previousDue: { zh: '原最后一日', en: 'previous last day' }, name: { zh: '名称', en: 'name' }, status: { zh: '状态', en: 'status' },
  q: { zh: '检索词', en: 'search' }, hits: { zh: '命中', en: 'hits' }, articles: { zh: '法律依据', en: 'articles' },
  from: { zh: '从', en: 'from' }, to: { zh: '至', en: 'to' }, period: { zh: '期限', en: 'period' }, article: { zh: '法条', en: 'article' },
  page: { zh: '页码', en: 'page' }, pageSize: { zh: '每页', en: 'page size' }, action: { zh: '操作', en: 'action' }, outcome: { zh: '结果', en: 'outcome' },
  code: { zh: '代码', en: 'code' }, classification: { zh: '密级', en: 'classification' }, kind: { zh: '类别', en: 'kind' },
  title: { zh: '标题', en: 'title' }, policeNumber: { zh: '受案号', en: 'police number' }, format: { zh: '格式', en: 'format' }, roles: { zh: '角色', en: 'roles' }, person: { zh: '人员', en: 'person' },
};

/**
 * The details of a row as readable lines: process steps name the process, the step and the
 * states; ids name the agency, user or case; refusals say why; what is left reads `字段：值`.
 */
export function describeAudit(row: { action: string; outcome: string; details: unknown }, names: TAuditNames): TLine[] {
  const d = (row.details && typeof row.details === 'object' && !Array.isArray(row.details) ? row.details : {}) as Record<string, unknown>;
  const lines: TLine[] = [];
  const used = new Set<string>();
  const take = (k: string) => { used.add(k); return d[k]; };
  const process = typeof d.process === 'string' ? getProcess(d.process) : undefined;
  if (process) {
    take('process');
    lines.push({ zh: `流程：${process.name.zh}（${process.ref}）`, en: `Process: ${process.name.en} (${process.ref})` });
    const action = take('action');
    const t = typeof action === 'string' ? process.transitions.find((x) => x.action === action) : undefined;
    if (t) lines.push({ zh: `操作：${t.label.zh}`, en: `Step: ${t.label.en}` });
    const from = take('from'), to = take('to');
    const st = (s: unknown) => (typeof s === 'string' ? process.states[s] : undefined);
    if (st(from) && st(to)) lines.push({ zh: `状态：${st(from)!.zh} → ${st(to)!.zh}`, en: `State: ${st(from)!.en} → ${st(to)!.en}` });
    if (typeof d.state === 'string' && st(take('state'))) lines.push({ zh: `状态：${st(d.state)!.zh}`, en: `State: ${st(d.state)!.en}` });
  }
  for (const [k, label] of [['receiver', { zh: '接收机关', en: 'Receiver' }], ['agencyId', { zh: '机关', en: 'Agency' }]] as const) {
    const id = take(k);
    if (typeof id === 'string') lines.push({ zh: `${label.zh}：${names.agencies.get(id) ?? id}`, en: `${label.en}: ${names.agencies.get(id) ?? id}` });
  }
  if (typeof d.caseId === 'string') {
    const id = take('caseId') as string;
    lines.push({ zh: `案件：${names.cases.get(id) ?? id}`, en: `Case: ${names.cases.get(id) ?? id}` });
  }
  if (typeof d.userId === 'string') {
    const id = take('userId') as string;
    lines.push({ zh: `用户：${names.users.get(id) ?? id}`, en: `User: ${names.users.get(id) ?? id}` });
  }
  if (typeof d.reason === 'string' && REASONS[d.reason]) {
    take('reason');
    lines.push({ zh: `原因：${REASONS[d.reason]!.zh}`, en: `Reason: ${REASONS[d.reason]!.en}` });
  }
  const filter = take('filter') ?? take('query');
  if (filter && typeof filter === 'object') {
    const f = Object.entries(filter as Record<string, unknown>).filter(([k, v]) => v !== undefined && v !== '' && k !== 'page' && k !== 'pageSize');
    if (f.length) lines.push({ zh: `查询条件：${f.map(([k, v]) => `${FIELD[k]?.zh ?? k}=${str(v)}`).join('，')}`, en: `Filter: ${f.map(([k, v]) => `${FIELD[k]?.en ?? k}=${str(v)}`).join(', ')}` });
  }
  for (const [k, v] of Object.entries(d)) {
    if (used.has(k) || v === undefined || v === null || v === '') continue;
    if (typeof v === 'object' && !Array.isArray(v)) {
      lines.push({ zh: `${FIELD[k]?.zh ?? k}：${str(v)}`, en: `${FIELD[k]?.en ?? k}: ${str(v)}` });
    } else {
      lines.push({ zh: `${FIELD[k]?.zh ?? k}：${str(v)}`, en: `${FIELD[k]?.en ?? k}: ${str(v)}` });
    }
  }
  return lines;
}
