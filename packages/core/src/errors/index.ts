/**
 * The closed catalogue of error codes (STYLE.md §2.7). Every 4xx the API answers carries
 * one of these codes and a Chinese message; details go in `details`, never in new codes.
 * docs/errors.md lists every code; a test fails when the two drift.
 */
export const ERRORS = {
  // --- request shape -------------------------------------------------------------
  VALIDATION_FAILED: { status: 400, zh: '请求内容不符合要求', en: 'The request is invalid' },
  MALFORMED_BODY: { status: 400, zh: '请求体不是有效的 JSON', en: 'The request body is not valid JSON' },
  BODY_TOO_LARGE: { status: 413, zh: '请求体过大', en: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, zh: '不支持的内容类型：该接口接受 JSON（上传接口接受 multipart/form-data）', en: 'Unsupported content type: send JSON (multipart/form-data to an upload route)' },
  URI_TOO_LONG: { status: 414, zh: '请求地址过长：路径参数超过长度限制', en: 'The request URI is too long' },
  HEADERS_TOO_LARGE: { status: 431, zh: '请求头过大：请求地址与请求头合计超过 16 KB', en: 'The request line and headers exceed 16 KB' },
  MALFORMED_REQUEST: { status: 400, zh: '请求不是有效的 HTTP 请求', en: 'The request is not valid HTTP' },
  NOT_FOUND: { status: 404, zh: '请求的资源不存在', en: 'Not found' },
  METHOD_NOT_ALLOWED: { status: 405, zh: '不支持该请求方法', en: 'Method not allowed' },
  // --- authentication ------------------------------------------------------------
  AUTH_REQUIRED: { status: 401, zh: '请先登录', en: 'Please sign in' },
  AUTH_INVALID_CREDENTIALS: { status: 401, zh: '用户名或密码错误', en: 'Wrong username or password' },
  AUTH_LOCKED: { status: 423, zh: '登录失败次数过多，账户已临时锁定，请稍后再试', en: 'Too many failed sign-ins; the account is temporarily locked' },
  AUTH_SESSION_EXPIRED: { status: 401, zh: '登录已过期，请重新登录', en: 'Your session has expired; please sign in again' },
  AUTH_USER_DISABLED: { status: 403, zh: '账户已停用', en: 'The account is disabled' },
  AUTH_WRONG_PASSWORD: { status: 400, zh: '原密码不正确', en: 'The current password is wrong' },
  AUTH_WEAK_PASSWORD: { status: 400, zh: '新密码不符合密码策略（长度、字符类别、不含用户名）', en: 'The new password does not meet the password policy (length, character classes, no username)' },
  AUTH_PASSWORD_CHANGE_REQUIRED: { status: 403, zh: '请先修改密码（初始密码或已到期的密码）后再使用系统', en: 'Change your password (initial or expired) first' },
  AUTH_ADDRESS_NOT_ALLOWED: { status: 403, zh: '管理员账户不允许从该网络地址登录', en: 'Administrator accounts may not sign in from this network address' },
  EXCHANGE_AUTH_FAILED: { status: 401, zh: '业务系统认证失败：API 密钥、时间戳或签名无效', en: 'Agency system authentication failed: API key, timestamp or signature invalid' },
  CSRF_ORIGIN_MISMATCH: { status: 403, zh: '请求来源不被允许', en: 'Request origin not allowed' },
  // --- authorisation ---------------------------------------------------------------
  FORBIDDEN: { status: 403, zh: '当前角色无权执行此操作', en: 'Your role may not do this' },
  // --- state and concurrency --------------------------------------------------------
  CONFLICT: { status: 409, zh: '数据已被他人修改，请刷新后重试', en: 'The record changed meanwhile; reload and retry' },
  ALREADY_EXISTS: { status: 409, zh: '记录已存在', en: 'The record already exists' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, zh: '同一幂等键被用于不同的请求', en: 'The idempotency key was used for a different request' },
  CASE_CLASSIFIED: { status: 422, zh: '涉密案件不得通过本平台流转', en: 'Classified cases may not flow through the platform' },
  DOCUMENT_CLASSIFIED: { status: 422, zh: '文件密级高于本平台允许的密级，不得上传', en: 'The document is classified above the level this platform may hold' },
  PROCESS_ACTION_UNKNOWN: { status: 400, zh: '该流程没有这个操作', en: 'This process has no such action' },
  PROCESS_STATE_CONFLICT: { status: 409, zh: '流程当前状态不允许此操作', en: 'The process state does not allow this action' },
  PROCESS_ACTOR_FORBIDDEN: { status: 403, zh: '您的机构或角色不能执行此流程操作', en: 'Your agency or role may not perform this process action' },
  PROCESS_GUARD_FAILED: { status: 422, zh: '不满足法定条件，操作被拒绝', en: 'A legal condition for this action is not met' },
  PROCESS_INPUT_INVALID: { status: 400, zh: '流程操作缺少必要信息', en: 'The process action lacks required information' },
  SUPERVISION_NOT_OVERDUE: { status: 409, zh: '该期限尚未超期，不能督办', en: 'The period has not run out; no supervision notice yet' },
  JUDGMENT_NOT_EFFECTIVE: { status: 409, zh: '判决尚未发生法律效力，不能交付执行', en: 'The judgment has not taken effect; it cannot be executed yet' },
  EVIDENCE_INCOMPLETE: { status: 422, zh: '证据材料不完整，缺少必备证据', en: 'Mandatory evidence is missing' },
  DOCUMENT_TYPE_REFUSED: { status: 415, zh: '文件类型不被接受', en: 'This file type is not accepted' },
  DOCUMENT_TOO_LARGE: { status: 413, zh: '文件超过大小限制', en: 'The file exceeds the size limit' },
  LAWYER_NOT_VERIFIED: { status: 403, zh: '律师执业证号尚未经管理员核验，暂不能申请辩护', en: 'The lawyer\'s licence number is not verified yet' },
  MANDATE_MISSING: { status: 409, zh: '尚未上传委托书或法律援助公函，不能确认辩护', en: 'The mandate (power of attorney or legal-aid letter) is missing' },
  CLIENT_NOT_DETAINED: { status: 409, zh: '当事人不在看守所羁押，无需预约看守所会见', en: 'The client is not held in a detention centre' },
  SIGNATURE_INVALID: { status: 422, zh: '签名验证失败', en: 'Signature verification failed' },
  // --- server --------------------------------------------------------------------
  RATE_LIMITED: { status: 429, zh: '请求过于频繁，请稍后再试', en: 'Too many requests' },
  SERVICE_UNAVAILABLE: { status: 503, zh: '服务暂不可用，请稍后再试', en: 'Service temporarily unavailable' },
  STORAGE_INTEGRITY_FAILED: { status: 500, zh: '存储的文件与登记的哈希不符，已拒绝提供并告警', en: 'The stored file does not match its recorded hashes; delivery refused and alerted' },
  INTERNAL: { status: 500, zh: '服务器内部错误', en: 'Internal server error' },
} as const satisfies Record<string, { status: number; zh: string; en: string }>;

export type TErrorCode = keyof typeof ERRORS;
export const ERROR_CODES = Object.keys(ERRORS) as TErrorCode[];

/** The body of every error response. */
export type TErrorBody = {
  error: { code: TErrorCode; message: string; messageEn: string; details?: unknown };
};

export function errorBody(code: TErrorCode, details?: unknown, message?: string): TErrorBody {
  const e = ERRORS[code];
  return {
    error: { code, message: message ?? e.zh, messageEn: e.en, ...(details === undefined ? {} : { details }) },
  };
}
