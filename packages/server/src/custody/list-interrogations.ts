/**
 * `GET /api/interrogations`: 提讯 bookings from today on — a 看守所 sees those at it, a case agency
 * those it made; soonest first. Both sides see the same slot and its status.
 */
import { sql } from 'kysely';
import type { TDb } from '../db/database';
import { writeAudit } from '../audit/write-audit';
import type { TAuthedContext } from '../http/route';
import { interrogationView, selectInterrogations, type TInterrogationView } from './interrogation-view';

export async function listInterrogations(db: TDb, ctx: TAuthedContext): Promise<{ items: TInterrogationView[] }> {
  const me = ctx.actor.agencyId;
  const rows = await selectInterrogations(db)
    .where((eb) => eb.or([eb('b.detention_centre_id', '=', me), eb('b.agency_id', '=', me)]))
    .where('b.ends_at', '>=', sql<Date>`date_trunc('day', now() AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai'`)
    .orderBy('b.starts_at').limit(500).execute();
  await writeAudit(db, ctx, { action: 'custody.interrogations_listed', details: { count: rows.length } });
  return { items: rows.map(interrogationView) };
}
