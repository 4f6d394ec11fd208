/**
 * Every setting the platform reads from the environment, in one place (README lists them).
 */
import net from 'node:net';
import path from 'node:path';
import { DEFAULT_PASSWORD_POLICY, type TPasswordPolicy } from '@xietong/core/access';
import { CLASSIFICATION_CODES, type TClassification } from '@xietong/core/cases';

export type TConfig = {
  port: number;
  host: string;
  databaseUrl: string | null;
  dataDir: string;
  embeddedPgPort: number | null;
  adminPassword: string | null;
  demo: boolean;
  /** XIETONG_ALLOW_DEMO_ON_NETWORK=1: a training deployment may listen on the network with demo accounts (each must change its password first) */
  allowDemoOnNetwork: boolean;
  logLevel: string;
  sessionIdleMinutes: number;
  /** XIETONG_SESSION_CACHE_SECONDS: how long a node trusts a session it looked up (revocations reach every node at once: db/cache-bus.ts); 0 = never; default 5 */
  sessionCacheSeconds?: number;
  /** XIETONG_NODE_CACHES=0: no in-memory agencies/sessions on this node (db/cache-bus.ts); default on */
  nodeCaches?: boolean;
  /** DATABASE_REPLICA_URL: a streaming replica of the database that serves the statistics (issue 13); they may lag it by the replay delay */
  databaseReplicaUrl?: string | null;
  sessionMaxHours: number;
  lockoutThreshold: number;
  lockoutMinutes: number;
  secureCookies: boolean;
  trustProxy: boolean;
  webDist: string | null;
  bodyLimitBytes: number;
  /** ms a request waits for a pooled database connection before answering 503 */
  dbCheckoutTimeoutMs: number;
  version: string;
  /** GET /metrics is served only with this bearer token (issue #12) */
  metricsToken: string | null;
  /** readiness fails when the oldest unintegrated ledger entry is older than this */
  readyMaxLedgerLagSeconds: number;
  /** 等保 §8.1.4.1 a: complexity and expiry (XIETONG_PASSWORD_MIN_LENGTH / _MIN_CLASSES / _MAX_AGE_DAYS) */
  passwordPolicy: TPasswordPolicy;
  /** 等保 §8.1.4.3 d: audit records are kept at least 6 months (XIETONG_AUDIT_RETENTION_DAYS ≥ 180) */
  auditRetentionDays: number;
  /** 等保 §8.1.4.1 d: administrator accounts sign in only from these networks (XIETONG_ADMIN_ALLOWED_CIDRS); null = anywhere */
  adminAllowedCidrs: string[] | null;
  /** the highest 密级 the platform holds (XIETONG_MAX_CLASSIFICATION, default internal = 内部) */
  maxClassification: TClassification;
};

/** 网络安全法 第二十一条 and GB/T 22239-2019 §8.1.4.3 d: logs kept no less than six months. */
export const MIN_AUDIT_RETENTION_DAYS = 180;

/** `10.0.0.0/8, 192.168.1.5, ::1/128` → normalised CIDRs; throws naming the bad entry. */
export function parseCidrs(v: string): string[] {
  return v.split(/[\s,]+/).filter(Boolean).map((item) => {
    const [addr = '', bits] = item.split('/');
    const family = net.isIP(addr);
    const max = family === 4 ? 32 : 128;
    const prefix = bits === undefined ? max : Number(bits);
    if (!family || !Number.isInteger(prefix) || prefix < 0 || prefix > max || (bits !== undefined && !/^\d+$/.test(bits))) {
      throw new Error(`环境变量 XIETONG_ADMIN_ALLOWED_CIDRS 中的 "${item}" 不是有效的地址或 CIDR 网段`);
    }
    return `${addr}/${prefix}`;
  });
}

function int(v: string | undefined, def: number, name: string): number {
  if (v === undefined || v === '') return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`环境变量 ${name} 应为非负整数 (got "${v}")`);
  return n;
}

export const VERSION = '0.1.0';

export function loadConfig(env: NodeJS.ProcessEnv = process.env): TConfig {
  return {
    port: int(env.PORT, 3000, 'PORT'),
    // safe default: only this machine; listening on the network is a decision (HOST=0.0.0.0)
    host: env.HOST || '127.0.0.1',
    databaseUrl: env.DATABASE_URL || null,
    databaseReplicaUrl: env.DATABASE_REPLICA_URL || null,
    dataDir: path.resolve(env.XIETONG_DATA_DIR || './data'),
    embeddedPgPort: env.XIETONG_PG_PORT ? int(env.XIETONG_PG_PORT, 0, 'XIETONG_PG_PORT') : null,
    adminPassword: env.XIETONG_ADMIN_PASSWORD || null,
    demo: env.XIETONG_DEMO !== '0',
    allowDemoOnNetwork: env.XIETONG_ALLOW_DEMO_ON_NETWORK === '1',
    logLevel: env.LOG_LEVEL || 'info',
    sessionIdleMinutes: int(env.XIETONG_SESSION_IDLE_MINUTES, 30, 'XIETONG_SESSION_IDLE_MINUTES'),
    sessionCacheSeconds: int(env.XIETONG_SESSION_CACHE_SECONDS, 5, 'XIETONG_SESSION_CACHE_SECONDS'),
    nodeCaches: env.XIETONG_NODE_CACHES !== '0',
    sessionMaxHours: int(env.XIETONG_SESSION_MAX_HOURS, 12, 'XIETONG_SESSION_MAX_HOURS'),
    lockoutThreshold: int(env.XIETONG_LOCKOUT_THRESHOLD, 5, 'XIETONG_LOCKOUT_THRESHOLD'),
    lockoutMinutes: int(env.XIETONG_LOCKOUT_MINUTES, 15, 'XIETONG_LOCKOUT_MINUTES'),
    secureCookies: env.XIETONG_SECURE_COOKIES === '1',
    trustProxy: env.XIETONG_TRUST_PROXY === '1',
    webDist: env.XIETONG_WEB_DIST || null,
    bodyLimitBytes: int(env.XIETONG_BODY_LIMIT, 1_048_576, 'XIETONG_BODY_LIMIT'),
    dbCheckoutTimeoutMs: int(env.XIETONG_DB_CHECKOUT_TIMEOUT_MS, 10_000, 'XIETONG_DB_CHECKOUT_TIMEOUT_MS'),
    version: VERSION,
    metricsToken: env.XIETONG_METRICS_TOKEN || null,
    readyMaxLedgerLagSeconds: int(env.XIETONG_READY_MAX_LEDGER_LAG, 300, 'XIETONG_READY_MAX_LEDGER_LAG'),
    passwordPolicy: passwordPolicy(env),
    auditRetentionDays: auditRetention(env),
    adminAllowedCidrs: env.XIETONG_ADMIN_ALLOWED_CIDRS?.trim() ? parseCidrs(env.XIETONG_ADMIN_ALLOWED_CIDRS) : null,
    maxClassification: classification(env.XIETONG_MAX_CLASSIFICATION),
  };
}

function passwordPolicy(env: NodeJS.ProcessEnv): TPasswordPolicy {
  const d = DEFAULT_PASSWORD_POLICY;
  const minLength = int(env.XIETONG_PASSWORD_MIN_LENGTH, d.minLength, 'XIETONG_PASSWORD_MIN_LENGTH');
  const minClasses = int(env.XIETONG_PASSWORD_MIN_CLASSES, d.minClasses, 'XIETONG_PASSWORD_MIN_CLASSES');
  if (minLength < 8) throw new Error(`环境变量 XIETONG_PASSWORD_MIN_LENGTH 不得小于8 (got ${minLength})`);
  if (minClasses < 1 || minClasses > 4) throw new Error(`环境变量 XIETONG_PASSWORD_MIN_CLASSES 应为1至4 (got ${minClasses})`);
  return { minLength, minClasses, maxAgeDays: int(env.XIETONG_PASSWORD_MAX_AGE_DAYS, d.maxAgeDays, 'XIETONG_PASSWORD_MAX_AGE_DAYS') };
}

function auditRetention(env: NodeJS.ProcessEnv): number {
  const days = int(env.XIETONG_AUDIT_RETENTION_DAYS, 365, 'XIETONG_AUDIT_RETENTION_DAYS');
  if (days < MIN_AUDIT_RETENTION_DAYS) {
    throw new Error(`环境变量 XIETONG_AUDIT_RETENTION_DAYS 不得少于${MIN_AUDIT_RETENTION_DAYS}天（审计记录至少保存6个月）(got ${days})`);
  }
  return days;
}

function classification(v: string | undefined): TClassification {
  if (v === undefined || v === '') return 'internal';
  if (!(CLASSIFICATION_CODES as string[]).includes(v)) throw new Error(`环境变量 XIETONG_MAX_CLASSIFICATION 应为 ${CLASSIFICATION_CODES.join(' / ')} 之一 (got "${v}")`);
  return v as TClassification;
}

/** Is this client address inside the allow-list? IPv4-mapped IPv6 (::ffff:a.b.c.d) counts as IPv4. */
export function addressAllowed(cidrs: readonly string[] | null, ip: string | null): boolean {
  if (!cidrs) return true;
  if (!ip) return false;
  const addr = ip.startsWith('::ffff:') && net.isIPv4(ip.slice(7)) ? ip.slice(7) : ip;
  const family = net.isIP(addr);
  if (!family) return false;
  const list = new net.BlockList();
  for (const c of cidrs) {
    const [a, bits] = c.split('/') as [string, string];
    list.addSubnet(a, Number(bits), net.isIPv4(a) ? 'ipv4' : 'ipv6');
  }
  return list.check(addr, family === 4 ? 'ipv4' : 'ipv6');
}
