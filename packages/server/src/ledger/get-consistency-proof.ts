/** Consistency proof between two tree sizes (normally two checkpoints), from stored nodes. */
import { consistencyProof, rootAt, toHex, type THashAlg } from '@xietong/core/ledger';
import type { z } from 'zod';
import type { ZConsistencyProof } from '@xietong/core/api';
import type { TDb } from '../db/database';
import { AppError } from '../http/app-error';
import { readLedgerMeta } from './meta';
import { createProofNodeReader } from './node-reader';

export async function getConsistencyProof(db: TDb, from: number, to: number): Promise<z.output<typeof ZConsistencyProof>> {
  const meta = await readLedgerMeta(db);
  if (!meta) throw new AppError('NOT_FOUND');
  if (from < 1 || from > to || to > meta.treeSize) {
    throw new AppError('VALIDATION_FAILED', { details: { reason: `need 0 < from <= to <= ${meta.treeSize}` } });
  }
  const reader = createProofNodeReader(db);
  const alg = meta.hashAlg as THashAlg;
  const [proof, fromRoot, toRoot] = await Promise.all([consistencyProof(reader, alg, from, to), rootAt(reader, alg, from), rootAt(reader, alg, to)]);
  return { hashAlg: meta.hashAlg, from, to, fromRootHex: toHex(fromRoot), toRootHex: toHex(toRoot), proof: proof.map(toHex) };
}
