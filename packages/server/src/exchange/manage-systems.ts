/**
 * 业务系统账户 (an agency system on the exchange API), administered by the agency's 系统管理员
 * (or the platform administrator): register one (a user of the agency with ordinary roles,
 * an API key shown once, the SM2 public key its requests and receipts are signed with),
 * list them with their delivery backlog, pause or resume webhook delivery, disable one.
 */
import crypto from 'node:crypto';
import { canAdministerAgency, type TRole } from '@xietong/core';
import { importSm2PublicKey, publicKeyFingerprint } from '@xietong/core/ledger';
import { sql } from 'kysely';
import type { TDb, TTx } from '../db/database';
import { writeAudit } from '../audit/write-audit';
import { hashPassword } from '../auth/password';
import { AppError } from '../http/app-error';
import type { TAuthedContext } from '../http/route';
import { checkRoles, rethrowUsernameTaken, usernameTaken } from '../users/create-user';
import { hashApiKey } from './authenticate-system';

type TCreate = { agencyId: string; username: string; name: string; roles: TRole[]; publicKeyPem: string; webhookUrl: string | null };

async function loadSystems(db: TDb | TTx, where: { id?: string; agencyId?: string | null }) {
  const rows = await db.selectFrom('exchange_systems as s').innerJoin('users as u', 'u.id', 's.user_id')
    .select([
      's.id', 's.agency_id', 's.user_id', 'u.username', 's.name', 's.key_id', 's.webhook_url', 's.webhook_paused', 's.disabled', 's.created_at',
      sql<number>`(SELECT count(*)::int FROM exchange_outbox o WHERE o.system_id = s.id AND o.delivered_at IS NULL)`.as('backlog'),
    ])
    .$if(!!where.id, (b) => b.where('s.id', '=', where.id!))
    .$if(!!where.agencyId, (b) => b.where('s.agency_id', '=', where.agencyId!))
    .orderBy('s.created_at').orderBy('s.id').execute();
  return rows.map((r) => ({
    id: r.id, agencyId: r.agency_id, userId: r.user_id, username: r.username, name: r.name, keyId: r.key_id, webhookUrl: r.webhook_url,
    webhookPaused: r.webhook_paused, disabled: r.disabled, backlog: r.backlog, createdAt: r.created_at.toISOString(),
  }));
}

export async function createExchangeSystem(db: TDb, ctx: TAuthedContext, input: TCreate) {
  if (!canAdministerAgency(ctx.actor, input.agencyId)) throw new AppError('FORBIDDEN');
  const agency = await db.selectFrom('agencies').select(['id', 'type']).where('id', '=', input.agencyId).executeTakeFirst();
  if (!agency) throw new AppError('NOT_FOUND', { message: '机构不存在' });
  checkRoles(agency.type, input.roles);
  let keyId: string;
  try {
    importSm2PublicKey(input.publicKeyPem);
    keyId = publicKeyFingerprint(input.publicKeyPem);
  } catch {
    throw new AppError('VALIDATION_FAILED', { message: '请求内容不符合要求：body.publicKeyPem 应为 SM2（sm2p256v1）公钥的 PEM（SubjectPublicKeyInfo）', details: { issues: [{ path: 'body.publicKeyPem', message: '不是 SM2 公钥' }] } });
  }
  const apiKey = `xtk_${crypto.randomBytes(32).toString('base64url')}`;
  // the account never signs in with a password: a random one nobody knows
  const passwordHash = await hashPassword(crypto.randomBytes(32).toString('base64url'));
  const id = await db.transaction().execute(async (tx) => {
    const exists = await tx.selectFrom('users').select('id').where('username', '=', input.username).executeTakeFirst();
    if (exists) throw usernameTaken(input.username);
    const user = await tx.insertInto('users').values({
      username: input.username, display_name: input.name, agency_id: input.agencyId, roles: input.roles, password_hash: passwordHash,
    }).returning('id').executeTakeFirstOrThrow();
    const sys = await tx.insertInto('exchange_systems').values({
      user_id: user.id, agency_id: input.agencyId, name: input.name, api_key_hash: hashApiKey(apiKey),
      public_key_pem: input.publicKeyPem, key_id: keyId, webhook_url: input.webhookUrl,
    }).returning('id').executeTakeFirstOrThrow();
    await writeAudit(tx, ctx, {
      action: 'exchange.system_created', targetType: 'exchange_system', targetId: sys.id,
      details: { agencyId: input.agencyId, username: input.username, roles: input.roles, keyId, webhookUrl: input.webhookUrl },
    });
    return sys.id;
  }).catch(rethrowUsernameTaken(input.username));
  const [system] = await loadSystems(db, { id });
  return { system: system!, apiKey };
}

export async function listExchangeSystems(db: TDb, ctx: TAuthedContext) {
  if (!ctx.actor.roles.includes('admin')) throw new AppError('FORBIDDEN');
  return { items: await loadSystems(db, { agencyId: ctx.actor.platformAdmin ? null : ctx.actor.agencyId }) };
}

export async function updateExchangeSystem(db: TDb, ctx: TAuthedContext, id: string, patch: { webhookPaused?: boolean | undefined; webhookUrl?: string | null | undefined; disabled?: boolean | undefined }) {
  const row = await db.selectFrom('exchange_systems').select(['id', 'agency_id', 'user_id']).where('id', '=', id).executeTakeFirst();
  // another agency's system is outside the caller's reach: 404, as for a case
  if (!row || !canAdministerAgency(ctx.actor, row.agency_id)) throw new AppError('NOT_FOUND');
  await db.transaction().execute(async (tx) => {
    const set = {
      ...(patch.webhookPaused !== undefined ? { webhook_paused: patch.webhookPaused } : {}),
      ...(patch.webhookUrl !== undefined ? { webhook_url: patch.webhookUrl } : {}),
      ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}),
    };
    if (Object.keys(set).length) await tx.updateTable('exchange_systems').set(set).where('id', '=', id).execute();
    if (patch.disabled !== undefined) await tx.updateTable('users').set({ disabled: patch.disabled }).where('id', '=', row.user_id).execute();
    await writeAudit(tx, ctx, { action: 'exchange.system_updated', targetType: 'exchange_system', targetId: id, details: { ...patch } });
  });
  const [system] = await loadSystems(db, { id });
  return system!;
}
