/**
 * Audit trail (全程留痕): the closed union of audited actions. Stored JSON is a schema too:
 * once written, an action name and its meaning never change (add new names instead).
 */
export const AUDIT_ACTIONS = {
  'auth.login': '登录',
  'auth.login_failed': '登录失败',
  'auth.logout': '退出登录',
  'auth.password_changed': '修改密码',
  'auth.password_change_failed': '修改密码失败（原密码错误或账户锁定）',
  'user.created': '创建用户',
  'user.updated': '修改用户',
  'user.security_changed': '安全管理员变更账户（角色、锁定、停用、重置密码）',
  'auth.password_expired': '密码到期，须修改后使用',
  'case.person_viewed': '查看当事人完整身份信息（身份证号）',
  'agency.created': '创建机构',
  'case.created': '创建案件',
  'case.read': '查看案件',
  'case.updated': '修改案件',
  'case.listed': '查询案件列表',
  'process.started': '发起流程',
  'process.transition': '流程操作',
  'process.voided': '流程作废（所依据的状态被撤销，如判决未生效）',
  'process.read': '查看流程',
  'document.uploaded': '上传文件',
  'document.superseded': '替换文件版本',
  'document.downloaded': '下载文件',
  'document.viewed': '查看文件',
  'document.integrity_failed': '文件完整性校验失败（存储内容与登记哈希不符）',
  'document.generated': '生成文书',
  'document.signed': '签章文书',
  'dossier.exported': '导出卷宗',
  'dossier.viewed': '查看卷宗目录',
  'document.tagged': '关联证据指引条目',
  'document.searched': '案件内全文检索',
  'record.created': '制作笔录',
  'record.confirmed': '笔录签名捺印确认',
  'signature.verified': '验证文书签名',
  'evidence.override': '证据不全强制发送',
  'audit.queried': '查询审计日志',
  'ledger.checkpoint': '签发树头',
  'ledger.proof_read': '读取存证包含证明',
  'deadline.calculated': '期限计算',
  'deadline.overdue': '办案期限超期告警',
  'calendar.changed': '修改节假日调整表',
  'custody.listed': '查询在押人员',
  'custody.recalculated': '重新计算侦查羁押期限',
  'custody.paused': '羁押期限中止计算（不计入期限）',
  'custody.resumed': '羁押期限恢复计算',
  'custody.identified': '查清身份，侦查羁押期限自查清之日起计算',
  'supervision.listed': '查询监督期限（临期/超期）',
  'supervision.notice_sent': '发出督办',
  'audit.exported': '导出审计日志',
} as const;
export type TAuditAction = keyof typeof AUDIT_ACTIONS;

export type TAuditOutcome = 'ok' | 'denied' | 'failed';

export * from './describe';
