/**
 * Every setting the platform reads from the environment, in one place (README lists them).
 */
import path from 'node:path';

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
};

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
    dataDir: path.resolve(env.XIETONG_DATA_DIR || './data'),
    embeddedPgPort: env.XIETONG_PG_PORT ? int(env.XIETONG_PG_PORT, 0, 'XIETONG_PG_PORT') : null,
    adminPassword: env.XIETONG_ADMIN_PASSWORD || null,
    demo: env.XIETONG_DEMO !== '0',
    allowDemoOnNetwork: env.XIETONG_ALLOW_DEMO_ON_NETWORK === '1',
    logLevel: env.LOG_LEVEL || 'info',
    sessionIdleMinutes: int(env.XIETONG_SESSION_IDLE_MINUTES, 30, 'XIETONG_SESSION_IDLE_MINUTES'),
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
  };
}
