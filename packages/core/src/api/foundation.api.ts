/**
 * HTTP contract of the foundation: health, authentication, agencies, users, audit.
 */
import { z } from 'zod';
import { ZAgencyLevel, ZAgencyType, ZRegionCode, ZRole } from '../agencies';
import { ZPasswordPolicy } from '../access/password-policy';
import { defineEndpoint, ZIsoDateTime, ZOk, ZPageQuery, ZUuid } from './contract';

export const ZHealth = z.object({
  status: z.literal('ok'),
  db: z.enum(['embedded', 'external']),
  version: z.string(),
});

export const ZLoginRequest = z.strictObject({
  username: z.string({ message: '请输入用户名' }).trim().min(1, '请输入用户名').max(64, '用户名过长'),
  password: z.string({ message: '请输入密码' }).min(1, '请输入密码').max(256, '密码过长'),
});
export type TLoginRequest = z.infer<typeof ZLoginRequest>;

export const ZAgency = z.object({
  id: ZUuid,
  parentId: ZUuid.nullable(),
  type: ZAgencyType,
  level: ZAgencyLevel,
  regionCode: z.string(),
  name: z.string(),
  shortName: z.string(),
  unitCode: z.string(),
});
export type TAgency = z.infer<typeof ZAgency>;

export const ZMe = z.object({
  id: ZUuid,
  username: z.string(),
  displayName: z.string(),
  roles: z.array(ZRole),
  platformAdmin: z.boolean(),
  agency: ZAgency,
  mustChangePassword: z.boolean(),
});
export type TMe = z.infer<typeof ZMe>;

export const ZChangePasswordRequest = z.strictObject({
  currentPassword: z.string().min(1, '请输入原密码').max(256),
  newPassword: z.string().min(1, '请输入新密码').max(256, '密码过长'),
});

export const ZCreateAgencyRequest = z.strictObject({
  parentId: ZUuid.nullable().default(null),
  type: ZAgencyType,
  level: ZAgencyLevel,
  regionCode: ZRegionCode,
  name: z.string().trim().min(2, '机构名称至少2个字').max(100, '机构名称过长'),
  shortName: z.string().trim().min(1, '请输入机构简称').max(20, '机构简称过长'),
  unitCode: z.string().regex(/^[0-9A-Z]{6,12}$/, '机构代码应为6–12位数字或大写字母'),
});

export const ZUser = z.object({
  id: ZUuid,
  username: z.string(),
  displayName: z.string(),
  agencyId: ZUuid,
  roles: z.array(ZRole),
  disabled: z.boolean(),
  createdAt: ZIsoDateTime,
  /** locked after too many failed sign-ins (the security administrator may unlock) */
  locked: z.boolean().optional(),
});

/** 安全管理员: roles, unlock, disable/enable, temporary password (must be changed at next sign-in). */
export const ZUpdateUserSecurityRequest = z.strictObject({
  roles: z.array(ZRole).min(1, '至少选择一个角色').max(6).optional(),
  disabled: z.boolean().optional(),
  unlock: z.literal(true).optional(),
  temporaryPassword: z.string().min(1, '请输入临时密码').max(256, '密码过长').optional(),
}).refine((b) => Object.keys(b).length > 0, '至少修改一项：角色、停用、解锁或临时密码');

export const ZPasswordPolicyView = ZPasswordPolicy.extend({ zh: z.string(), en: z.string() });

export const ZCreateUserRequest = z.strictObject({
  username: z.string().trim().regex(/^[a-z0-9_.-]{3,32}$/, '用户名应为3–32位小写字母、数字、下划线、点或连字符'),
  displayName: z.string().trim().min(1, '请输入姓名').max(50, '姓名过长'),
  agencyId: ZUuid,
  roles: z.array(ZRole).min(1, '至少选择一个角色').max(6),
  password: z.string().min(10, '初始密码至少10位').max(256, '密码过长'),
});

export const ZAuditRow = z.object({
  id: z.string(),
  at: ZIsoDateTime,
  userId: z.string().nullable(),
  username: z.string().nullable(),
  displayName: z.string().nullable(),
  agencyId: z.string().nullable(),
  agencyName: z.string().nullable(),
  roles: z.array(z.string()),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  caseId: z.string().nullable(),
  outcome: z.enum(['ok', 'denied', 'failed']),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  details: z.unknown(),
  /** readable (issue 14): the action's name, the case's title and number, the details as sentences */
  actionLabel: z.object({ zh: z.string(), en: z.string() }),
  caseTitle: z.string().nullable(),
  caseNumber: z.string().nullable(),
  description: z.array(z.object({ zh: z.string(), en: z.string() })),
});

/** A day (Beijing, YYYY-MM-DD: from its start / to its end) or an ISO 8601 instant. */
const ZAuditTime = z.union([z.iso.datetime({ offset: true }), z.iso.date()], { message: '应为日期（YYYY-MM-DD）或ISO 8601时间' });

export const ZAuditQuery = ZPageQuery.extend({
  caseId: ZUuid.optional(),
  userId: ZUuid.optional(),
  agencyId: ZUuid.optional(),
  action: z.string().max(64).optional(),
  outcome: z.enum(['ok', 'denied', 'failed']).optional(),
  from: ZAuditTime.optional(),
  to: ZAuditTime.optional(),
  /** 案件名称或案号（受案号、检察院/法院案号） */
  q: z.string().trim().min(1).max(100).optional(),
  /** the acting person's name or username */
  person: z.string().trim().min(1).max(50).optional(),
});

export const foundationApi = {
  health: defineEndpoint({
    method: 'GET', path: '/api/health', summary: '健康检查 Health', tags: ['system'], auth: false, response: ZHealth,
  }),
  login: defineEndpoint({
    method: 'POST', path: '/api/auth/login', summary: '登录 Sign in', tags: ['auth'], auth: false, body: ZLoginRequest, response: ZMe,
  }),
  logout: defineEndpoint({
    method: 'POST', path: '/api/auth/logout', summary: '退出 Sign out', tags: ['auth'], auth: true, response: ZOk,
  }),
  changePassword: defineEndpoint({
    method: 'POST', path: '/api/auth/password', summary: '修改密码 Change password', tags: ['auth'], auth: true, body: ZChangePasswordRequest, response: ZOk,
  }),
  passwordPolicy: defineEndpoint({
    method: 'GET', path: '/api/auth/password-policy', summary: '密码策略 Password policy (等保 §8.1.4.1)', tags: ['auth'], auth: false, response: ZPasswordPolicyView,
  }),
  me: defineEndpoint({
    method: 'GET', path: '/api/me', summary: '当前用户 Current user', tags: ['auth'], auth: true, response: ZMe,
  }),
  listAgencies: defineEndpoint({
    method: 'GET', path: '/api/agencies', summary: '机构列表 Agencies', tags: ['admin'], auth: true,
    response: z.object({ items: z.array(ZAgency) }),
  }),
  createAgency: defineEndpoint({
    method: 'POST', path: '/api/agencies', summary: '创建机构 Create agency', tags: ['admin'], auth: true, status: 201,
    body: ZCreateAgencyRequest, response: ZAgency,
  }),
  listUsers: defineEndpoint({
    method: 'GET', path: '/api/users', summary: '用户列表 Users', tags: ['admin'], auth: true,
    query: ZPageQuery.extend({ agencyId: ZUuid.optional() }),
    response: z.object({ items: z.array(ZUser), total: z.number() }),
  }),
  createUser: defineEndpoint({
    method: 'POST', path: '/api/users', summary: '创建用户 Create user', tags: ['admin'], auth: true, status: 201,
    body: ZCreateUserRequest, response: ZUser,
  }),
  updateUserSecurity: defineEndpoint({
    method: 'PATCH', path: '/api/users/:id', summary: '账户安全管理 Roles, lock, disable, temporary password (安全管理员)', tags: ['admin'], auth: true,
    params: z.object({ id: ZUuid }), body: ZUpdateUserSecurityRequest, response: ZUser,
  }),
  audit: defineEndpoint({
    method: 'GET', path: '/api/audit', summary: '审计日志 Audit trail', tags: ['audit'], auth: true,
    query: ZAuditQuery, response: z.object({ items: z.array(ZAuditRow), total: z.number() }),
  }),
  exportAudit: defineEndpoint({
    method: 'GET', path: '/api/audit/export', summary: '导出审计日志（CSV，至多 10000 行） Export the audit trail as CSV', tags: ['audit'], auth: true,
    query: ZAuditQuery.omit({ page: true, pageSize: true }), response: z.any().describe('text/csv'),
  }),
} as const;
