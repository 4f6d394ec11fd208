/**
 * Agencies (机构) and roles (角色). The closed unions every other module refers to.
 */
import { z } from 'zod';

/** 机构类型 — the kinds of agency that take part in a case. */
export const AGENCY_TYPES = {
  police: { zh: '公安机关', en: 'Public security' },
  procuratorate: { zh: '检察院', en: 'Procuratorate' },
  court: { zh: '法院', en: 'Court' },
  justice: { zh: '司法局', en: 'Justice bureau' },
  detention: { zh: '看守所', en: 'Detention centre' },
  prison: { zh: '监狱', en: 'Prison' },
  correction: { zh: '社区矫正机构', en: 'Community correction' },
  plc: { zh: '政法委', en: 'Political-legal committee' },
  lawfirm: { zh: '律师事务所', en: 'Law firm' },
} as const;
export type TAgencyType = keyof typeof AGENCY_TYPES;
export const ZAgencyType = z.enum(Object.keys(AGENCY_TYPES) as [TAgencyType, ...TAgencyType[]]);

/** 角色 — what a user does inside their agency. */
export const ROLES = {
  handler: { zh: '承办人', en: 'Case handler' },
  approver: { zh: '审批人', en: 'Approver' },
  clerk: { zh: '内勤', en: 'Clerk' },
  supervisor: { zh: '监督员', en: 'Supervisor' },
  /** 三员 (GB/T 22239-2019 §8.1.4.2): 系统管理员 — agencies, accounts with business roles, operations; no audit trail. */
  admin: { zh: '系统管理员', en: 'System administrator' },
  lawyer: { zh: '律师', en: 'Lawyer' },
  /** 三员: 安全管理员 — grants roles, unlocks, disables, resets passwords; reads no case and no audit trail. */
  security_admin: { zh: '安全管理员', en: 'Security administrator' },
  /** 三员: 审计管理员 — reads the audit trail and nothing else. */
  audit_admin: { zh: '审计管理员', en: 'Audit administrator' },
} as const;
export type TRole = keyof typeof ROLES;
export const ZRole = z.enum(Object.keys(ROLES) as [TRole, ...TRole[]]);

/** Agency levels, from the province down (省级 / 市级 / 区县级). */
export const AGENCY_LEVELS = {
  province: { zh: '省级', en: 'Provincial' },
  city: { zh: '市级', en: 'Municipal' },
  district: { zh: '区县级', en: 'District' },
} as const;
export type TAgencyLevel = keyof typeof AGENCY_LEVELS;
export const ZAgencyLevel = z.enum(Object.keys(AGENCY_LEVELS) as [TAgencyLevel, ...TAgencyLevel[]]);

/** GB/T 2260 region code: six digits. */
export const ZRegionCode = z.string().regex(/^\d{6}$/, '行政区划代码应为6位数字');
