/**
 * A stored checkpoint as the API shows it: the log-signed note, the agencies that
 * cosigned it (their lines appended give `cosignedNote`), and how many witnesses refused it.
 */
import { toHex } from '@xietong/core/ledger';
import type { TLedgerCheckpoint } from '@xietong/core/api';
import type { TDb } from '../db/database';

export async function checkpointViews(db: TDb, ids: string[]): Promise<TLedgerCheckpoint[]> {
  if (ids.length === 0) return [];
  const meta = await db.selectFrom('ledger_meta').select(['hash_alg', 'origin']).executeTakeFirstOrThrow();
  const cps = await db.selectFrom('ledger_checkpoints').selectAll().where('id', 'in', ids).execute();
  const cos = await db.selectFrom('ledger_cosignatures as c').innerJoin('agencies as a', 'a.id', 'c.agency_id')
    .select(['c.checkpoint_id', 'c.agency_id', 'a.name', 'c.key_id', 'c.line', 'c.at'])
    .where('c.checkpoint_id', 'in', ids).orderBy('a.name').execute();
  const refusals = await db.selectFrom('ledger_witness_refusals').select(['checkpoint_id', (eb) => eb.fn.countAll<string>().as('n')])
    .where('checkpoint_id', 'in', ids).groupBy('checkpoint_id').execute();
  const byId = new Map(cps.map((c) => [c.id, c]));
  return ids.flatMap((id) => {
    const c = byId.get(id);
    if (!c) return [];
    const mine = cos.filter((x) => x.checkpoint_id === id);
    return [{
      id: c.id, origin: meta.origin, hashAlg: meta.hash_alg as 'sm3' | 'sha256', size: Number(c.size), rootHex: toHex(c.root),
      note: c.note, cosignedNote: c.note + mine.map((x) => x.line).join(''), keyId: c.key_id, signedAt: c.signed_at.toISOString(),
      cosignatures: mine.map((x) => ({ agencyId: x.agency_id, agencyName: x.name, keyId: x.key_id, line: x.line, at: x.at.toISOString() })),
      refusals: Number(refusals.find((r) => r.checkpoint_id === id)?.n ?? 0),
    }];
  });
}
