/**
 * Every agency has an account for each role its type needs in any process step (内勤 for the
 * intake steps: 受理, 签收, 收监…); `demo-agencies.test.ts` checks it against the definitions.
 *
 * The demo pilot: Changchun (长春, 220100) with a municipal and a district (朝阳区, 220104)
 * unit of each agency type, plus the provincial procuratorate and court that decide
 * 复核 / custody extensions. Codes per ../shared/domain/cases-and-codes.md (court codes
 * there are inferred, marked unverified).
 */
import type { TAgencyLevel, TAgencyType, TRole } from '@xietong/core';

export type TDemoAgency = {
  key: string; type: TAgencyType; level: TAgencyLevel; regionCode: string; name: string; shortName: string;
  unitCode: string; parent?: string; roles: TRole[];
  /** 机关简称 printed in its 文号 where the short name is a code (courts: 吉0104). */
  numberOrg?: string;
};

export const DEMO_AGENCIES: TDemoAgency[] = [
  { key: 'jl-proc', type: 'procuratorate', level: 'province', regionCode: '220000', name: '吉林省人民检察院', shortName: '吉检', unitCode: '220000', roles: ['handler', 'approver', 'clerk'] },
  { key: 'jl-court', type: 'court', level: 'province', regionCode: '220000', name: '吉林省高级人民法院', shortName: '吉', numberOrg: '吉高法', unitCode: '220000', roles: ['handler', 'approver', 'clerk'] },
  { key: 'cc-plc', type: 'plc', level: 'city', regionCode: '220100', name: '中共长春市委政法委员会', shortName: '长政法委', unitCode: '220100', roles: ['supervisor', 'admin'] },
  { key: 'cc-police', type: 'police', level: 'city', regionCode: '220100', name: '长春市公安局', shortName: '长公', unitCode: '220100000000', roles: ['handler', 'approver', 'clerk', 'admin'] },
  { key: 'cy-police', type: 'police', level: 'district', regionCode: '220104', name: '长春市公安局朝阳分局', shortName: '长朝公', unitCode: '220104000000', parent: 'cc-police', roles: ['handler', 'approver', 'clerk', 'admin'] },
  { key: 'cc-proc', type: 'procuratorate', level: 'city', regionCode: '220100', name: '长春市人民检察院', shortName: '长检', unitCode: '220100', parent: 'jl-proc', roles: ['handler', 'approver', 'clerk', 'supervisor', 'admin'] },
  { key: 'cy-proc', type: 'procuratorate', level: 'district', regionCode: '220104', name: '长春市朝阳区人民检察院', shortName: '长朝检', unitCode: '220104', parent: 'cc-proc', roles: ['handler', 'approver', 'clerk', 'admin'] },
  { key: 'cc-court', type: 'court', level: 'city', regionCode: '220100', name: '长春市中级人民法院', shortName: '吉01', numberOrg: '长中法', unitCode: '220100', parent: 'jl-court', roles: ['handler', 'approver', 'clerk', 'admin'] },
  { key: 'cy-court', type: 'court', level: 'district', regionCode: '220104', name: '长春市朝阳区人民法院', shortName: '吉0104', numberOrg: '长朝法', unitCode: '220104', parent: 'cc-court', roles: ['handler', 'approver', 'clerk', 'admin'] },
  { key: 'cc-justice', type: 'justice', level: 'city', regionCode: '220100', name: '长春市司法局', shortName: '长司', unitCode: '220100', roles: ['handler', 'approver', 'clerk', 'admin'] },
  { key: 'cy-justice', type: 'justice', level: 'district', regionCode: '220104', name: '长春市朝阳区司法局', shortName: '长朝司', unitCode: '220104', parent: 'cc-justice', roles: ['handler', 'approver', 'clerk'] },
  { key: 'cc-detention', type: 'detention', level: 'city', regionCode: '220100', name: '长春市看守所', shortName: '长看', unitCode: '220100', parent: 'cc-police', roles: ['handler', 'approver', 'clerk', 'admin'] },
  { key: 'cy-detention', type: 'detention', level: 'district', regionCode: '220104', name: '长春市朝阳区看守所', shortName: '长朝看', unitCode: '220104', parent: 'cy-police', roles: ['handler', 'approver', 'clerk'] },
  { key: 'cc-prison', type: 'prison', level: 'city', regionCode: '220100', name: '吉林省长春监狱', shortName: '长狱', unitCode: '220100', roles: ['handler', 'approver', 'clerk', 'admin'] },
  { key: 'gzl-prison', type: 'prison', level: 'district', regionCode: '220184', name: '吉林省公主岭监狱', shortName: '公狱', unitCode: '220184', roles: ['handler', 'approver', 'clerk'] },
  { key: 'cc-correction', type: 'correction', level: 'city', regionCode: '220100', name: '长春市社区矫正管理局', shortName: '长矫', unitCode: '220100', parent: 'cc-justice', roles: ['handler', 'approver', 'clerk', 'admin'] },
  { key: 'cy-correction', type: 'correction', level: 'district', regionCode: '220104', name: '长春市朝阳区社区矫正中心', shortName: '长朝矫', unitCode: '220104', parent: 'cy-justice', roles: ['handler', 'approver', 'clerk'] },
  { key: 'cy-plc', type: 'plc', level: 'district', regionCode: '220104', name: '中共长春市朝阳区委政法委员会', shortName: '朝政法委', unitCode: '220104', parent: 'cc-plc', roles: ['supervisor'] },
  { key: 'cc-lawfirm', type: 'lawfirm', level: 'city', regionCode: '220100', name: '吉林长春正义律师事务所', shortName: '正义所', unitCode: '220100', roles: ['lawyer'] },
  { key: 'cy-lawfirm', type: 'lawfirm', level: 'district', regionCode: '220104', name: '吉林朝阳明德律师事务所', shortName: '明德所', unitCode: '220104', roles: ['lawyer'] },
  // 交通警察支队: registers 危险驾驶 cases and receives the surge alert (issue 14, demo-analytics.ts)
  { key: 'cc-traffic', type: 'police', level: 'city', regionCode: '220100', name: '长春市公安局交通警察支队', shortName: '长交警', unitCode: '220100110000', parent: 'cc-police', roles: ['handler', 'approver', 'clerk'] },
];

/** Every demo account uses this password (README lists the accounts). */
export const DEMO_PASSWORD = 'xietong2026';

export const ROLE_NAMES_ZH: Record<TRole, string> = {
  handler: '承办人', approver: '审批人', clerk: '内勤', supervisor: '监督员', admin: '系统管理员', lawyer: '律师',
  security_admin: '安全管理员', audit_admin: '审计管理员',
};

export function demoUsername(agencyKey: string, role: TRole): string {
  return `${agencyKey}-${role}`;
}

/**
 * Titles (职务) as the people doing each role are called in each kind of agency; the role
 * (承办人, 审批人 …) is the platform's permission, the title what a colleague would write.
 */
export const DEMO_TITLES: Record<TAgencyType, Partial<Record<TRole, string>>> = {
  police: { handler: '侦查员', approver: '副局长', clerk: '法制大队内勤', admin: '科技信息化科民警' },
  procuratorate: { handler: '检察官', approver: '副检察长', clerk: '案件管理部门内勤', supervisor: '检察官（侦查监督）', admin: '检察技术人员' },
  court: { handler: '审判员', approver: '刑事审判庭庭长', clerk: '立案庭书记员', admin: '信息技术处干部' },
  justice: { handler: '科员', approver: '社区矫正科科长', clerk: '办公室内勤', admin: '信息科科员' },
  detention: { handler: '管教民警', approver: '所长', clerk: '收押室内勤', admin: '信息科民警' },
  prison: { handler: '狱政管理民警', approver: '副监狱长', clerk: '刑罚执行科内勤', admin: '信息中心民警' },
  correction: { handler: '社区矫正工作人员', approver: '中心主任', clerk: '档案内勤', admin: '信息科科员' },
  plc: { supervisor: '执法监督科科长', admin: '信息中心干部' },
  lawfirm: { lawyer: '执业律师' },
};

// Common surnames and given names, paired in order: the accounts (fewer than the surnames) get
// distinct, ordinary names (张伟, 李娜, 王敏 …) that stay the same on every seed.
const SURNAMES = '张李王刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段'.split('');
const GIVEN = [
  '伟', '娜', '敏', '静', '磊', '丽', '强', '艳', '军', '洋', '勇', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平', '刚',
  '桂英', '建华', '晓东', '海燕', '志强', '雪梅', '春雷', '立新', '玉兰', '国庆', '红梅', '建军', '丹', '鹏', '婷', '浩然',
  '晓燕', '文博', '佳怡', '子涵', '宇航', '思远', '秀兰', '德明', '海峰', '丽华', '少华', '欣然', '振宇', '晨', '冬梅', '志刚',
];

/** A plausible, stable person name for the n-th demo account (0 → 张伟, 1 → 李娜). */
export function demoPersonName(n: number): string {
  return `${SURNAMES[n % SURNAMES.length]}${GIVEN[n % GIVEN.length]}`;
}

export type TDemoPerson = { username: string; agencyKey: string; role: TRole; name: string; title: string };

/**
 * 三员 of the platform (GB/T 22239-2019 §8.1.4.2), in the platform's own agency (协同平台管理中心):
 * the bootstrap `admin` is the system administrator; these two complete the three. Platform-wide
 * (`platformAdmin`): the security administrator over every account, the audit administrator
 * over the whole trail.
 */
export const DEMO_PLATFORM_ADMINS = [
  { username: 'secadmin', role: 'security_admin' },
  { username: 'auditadmin', role: 'audit_admin' },
] as const satisfies readonly { username: string; role: TRole }[];

/** Every demo account with its person: name, title (职务), agency and role. */
export function demoPeople(): TDemoPerson[] {
  const agencyPeople = DEMO_AGENCIES.flatMap((a) => a.roles.map((role) => ({ agencyKey: a.key, role, agencyType: a.type }))).map((x, i) => ({
    username: demoUsername(x.agencyKey, x.role), agencyKey: x.agencyKey, role: x.role,
    name: demoPersonName(i), title: DEMO_TITLES[x.agencyType][x.role] ?? ROLE_NAMES_ZH[x.role],
  }));
  // appended, so the agency accounts keep their names
  return [...agencyPeople, ...DEMO_PLATFORM_ADMINS.map((p, j) => ({
    username: p.username, agencyKey: 'platform', role: p.role, name: demoPersonName(agencyPeople.length + j), title: ROLE_NAMES_ZH[p.role],
  }))];
}
