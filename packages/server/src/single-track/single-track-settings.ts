/**
 * The sanctioned reasons (data, single-track.md §2: most are unverified) and the backfill
 * deadline: anyone signed in reads them, a platform administrator edits them (audited).
 */
import { isPlatformSystemAdministrator } from '@xietong/core';
import type { z } from 'zod';
import type { ZSingleTrackReason, ZSingleTrackSettings, ZUpdateSingleTrackReason } from '@xietong/core/api';
import { sql } from 'kysely';
import type { TDb } from '../db/database';
import { writeAudit } from '../audit/write-audit';
import { AppError } from '../http/app-error';
import type { TAuthedContext } from '../http/route';

type TReason = z.output<typeof ZSingleTrackReason>;

async function assertAdmin(db: TDb, ctx: TAuthedContext, action: 'single_track.reason_changed' | 'single_track.settings_changed'): Promise<void> {
  if (isPlatformSystemAdministrator(ctx.actor)) return;
  await writeAudit(db, ctx, { action, outcome: 'denied', details: { reason: 'not_admin' } });
  throw new AppError('FORBIDDEN', { message: '只有平台系统管理员可以修改单轨例外原因和补录期限' });
}

export async function listSingleTrackReasons(db: TDb): Promise<{ items: TReason[] }> {
  const rows = await db.selectFrom('single_track_reasons').select(['code', 'zh', 'en', 'evidence', 'active']).orderBy('code').execute();
  return { items: rows };
}

export async function updateSingleTrackReason(db: TDb, ctx: TAuthedContext, code: number, body: z.output<typeof ZUpdateSingleTrackReason>): Promise<TReason> {
  await assertAdmin(db, ctx, 'single_track.reason_changed');
  return db.transaction().execute(async (tx) => {
    const before = await tx.selectFrom('single_track_reasons').selectAll().where('code', '=', code).forUpdate().executeTakeFirst();
    const row = await tx.insertInto('single_track_reasons').values({ code, zh: body.zh, en: body.en, evidence: body.evidence ?? before?.evidence ?? '', active: body.active })
      .onConflict((oc) => oc.column('code').doUpdateSet({ zh: body.zh, en: body.en, evidence: body.evidence ?? before?.evidence ?? '', active: body.active, updated_at: sql`now()` }))
      .returning(['code', 'zh', 'en', 'evidence', 'active']).executeTakeFirstOrThrow();
    await writeAudit(tx, ctx, { action: 'single_track.reason_changed', targetType: 'single_track_reason', targetId: String(code), details: { before: before ?? null, after: row } });
    return row;
  });
}

export async function getSingleTrackSettings(db: TDb): Promise<z.output<typeof ZSingleTrackSettings>> {
  const r = await db.selectFrom('single_track_settings').select('backfill_days').executeTakeFirst();
  return { backfillDays: r?.backfill_days ?? 3 };
}

export async function updateSingleTrackSettings(db: TDb, ctx: TAuthedContext, body: z.output<typeof ZSingleTrackSettings>): Promise<z.output<typeof ZSingleTrackSettings>> {
  await assertAdmin(db, ctx, 'single_track.settings_changed');
  return db.transaction().execute(async (tx) => {
    const before = await getSingleTrackSettings(tx as never);
    await tx.insertInto('single_track_settings').values({ id: true, backfill_days: body.backfillDays })
      .onConflict((oc) => oc.column('id').doUpdateSet({ backfill_days: body.backfillDays, updated_at: sql`now()` })).execute();
    await writeAudit(tx, ctx, { action: 'single_track.settings_changed', details: { before, after: body } });
    return body;
  });
}
