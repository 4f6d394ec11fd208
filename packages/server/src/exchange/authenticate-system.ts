/**
 * Who is calling the exchange API: an agency system, by its API key, with an SM2 signature
 * (its registered key) over timestamp, method, path and body, the timestamp within the replay
 * window. The system then acts as its user: the same gate, engine, audit and ledger as a person.
 */
import crypto from 'node:crypto';
import type { TActor, TAgencyLevel, TAgencyType, TRole } from '@xietong/core';
import { checkTimestamp, EXCHANGE_HEADERS, requestSigningBytes, verifyBase64 } from '@xietong/core/exchange';
import type { FastifyRequest } from 'fastify';
import type { TDb } from '../db/database';
import { writeAudit } from '../audit/write-audit';
import { AppError } from '../http/app-error';

export type TExchangeSystem = { id: string; agencyId: string; userId: string; keyId: string; publicKeyPem: string };

export function hashApiKey(apiKey: string): Buffer {
  return crypto.createHash('sha256').update(apiKey).digest();
}

function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  return typeof v === 'string' ? v : undefined;
}

function refuse(reason: string, zh: string): never {
  throw new AppError('EXCHANGE_AUTH_FAILED', { message: `业务系统认证失败：${zh}`, details: { reason } });
}

export async function authenticateSystem(db: TDb, req: FastifyRequest, rawBody: Buffer | undefined, nowMs: number): Promise<{ actor: TActor; system: TExchangeSystem }> {
  const key = header(req, EXCHANGE_HEADERS.key);
  if (!key || key.length > 200) refuse('key', '缺少或无效的 API 密钥（x-xietong-key）');
  const row = await db.selectFrom('exchange_systems as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .innerJoin('agencies as a', 'a.id', 's.agency_id')
    .select([
      's.id', 's.agency_id', 's.user_id', 's.key_id', 's.public_key_pem', 's.disabled',
      'u.username', 'u.display_name', 'u.roles', 'u.disabled as user_disabled',
      'a.type as agency_type', 'a.level as agency_level', 'a.region_code',
    ])
    .where('s.api_key_hash', '=', hashApiKey(key)).executeTakeFirst();
  if (!row || row.disabled || row.user_disabled) refuse('key', '缺少或无效的 API 密钥（x-xietong-key）');
  const actor: TActor = {
    userId: row.user_id, username: row.username, displayName: row.display_name, agencyId: row.agency_id,
    agencyType: row.agency_type as TAgencyType, agencyLevel: row.agency_level as TAgencyLevel, regionCode: row.region_code,
    roles: row.roles as TRole[], platformAdmin: false,
  };
  const ts = header(req, EXCHANGE_HEADERS.timestamp);
  const t = checkTimestamp(ts, nowMs);
  const signed = t === 'ok' && verifyBase64(row.public_key_pem, requestSigningBytes(ts!, req.method, req.url, rawBody ?? Buffer.alloc(0)), header(req, EXCHANGE_HEADERS.signature));
  if (!signed) {
    // a known key with a bad signature or an old timestamp: a replay or a stolen key, worth a trace
    await writeAudit(db, { actor, ip: req.ip ?? null, userAgent: header(req, 'user-agent') ?? null }, {
      action: 'exchange.auth_failed', outcome: 'denied', targetType: 'exchange_system', targetId: row.id,
      details: { reason: t === 'ok' ? 'signature' : 'timestamp', method: req.method, path: req.url.split('?')[0] },
    });
    if (t !== 'ok') refuse('timestamp', '时间戳（x-xietong-timestamp）缺失或超出允许的时间窗口，请校准时钟');
    refuse('signature', '签名（x-xietong-signature）与请求内容不符');
  }
  return { actor, system: { id: row.id, agencyId: row.agency_id, userId: row.user_id, keyId: row.key_id, publicKeyPem: row.public_key_pem } };
}
