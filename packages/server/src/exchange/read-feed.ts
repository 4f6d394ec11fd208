/**
 * The cursor feed (GET /api/exchange/feed?cursor=): the messages addressed to the calling
 * system after `cursor`, in seq order. seq is commit order (the outbox trigger serialises its
 * inserts), so a reader that has passed N never misses a message committed later below N.
 * The reader acknowledges with receipts (POST /api/exchange/receipts).
 */
import type { TExchangeFlowMessage } from '@xietong/core/exchange';
import type { TDb } from '../db/database';
import type { TExchangeSystem } from './authenticate-system';
import { loadFlowMessages } from './load-messages';

export async function readFeed(db: TDb, system: TExchangeSystem, cursor: string, limit: number): Promise<{ messages: TExchangeFlowMessage[]; nextCursor: string }> {
  const rows = await db.selectFrom('exchange_outbox').select(['seq', 'event_id'])
    .where('system_id', '=', system.id).where('seq', '>', cursor).orderBy('seq').limit(limit).execute();
  const messages = await loadFlowMessages(db, rows);
  return { messages, nextCursor: rows.length ? rows[rows.length - 1]!.seq : cursor };
}
