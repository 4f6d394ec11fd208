/**
 * The live-database verifier behind `xietong verify`. Reads one consistent snapshot
 * (REPEATABLE READ, read only — safe while servers run) and checks, without trusting any
 * stored hash:
 *   1. every entry against the row it records (edited / deleted rows), its canonical form
 *      and its leaf hash;
 *   2. leaf indexes 0..n-1 without gaps, every stored node against the tree recomputed from
 *      the leaves (reordered entries are named), every checkpoint root against that tree;
 *   3. every row of a recorded table has an entry (rows inserted behind the platform);
 *   4. every checkpoint's log signature and every agency cosignature;
 *   5. every process instance's state is the replay of its events (a state moved without an
 *      event is named).
 * Stored blobs are re-hashed apart (`verify-blobs.ts`): they live outside the database.
 * Findings are in log order; the first one names the first row that was tampered with.
 */
import {
  appendLeaves, bytesEqual, decodeEntry, EMPTY_FRONTIER, frontierRoot, leafHash, openNote, parseCheckpoint,
  toHex, verifierFromVkey, type TFrontier, type THashAlg, type TStoredNode, type TLedgerEntryV1, type TNoteVerifier,
} from '@xietong/core/ledger';
import { sql } from 'kysely';
import type { TDb, TTx } from '../db/database';
import { encodeRowEntry, isLedgerSource, LEDGER_SOURCES } from './entry-for-row';
import { createNodeReader } from './node-reader';

export type TFindingCode =
  | 'ROW_EDITED' | 'ROW_DELETED' | 'ROW_INSERTED' | 'ENTRY_ALTERED' | 'ENTRY_MISSING' | 'ENTRIES_REORDERED'
  | 'NODE_MISMATCH' | 'CHECKPOINT_MISMATCH' | 'CHECKPOINT_SIGNATURE' | 'COSIGNATURE_INVALID' | 'META_MISMATCH'
  | 'STATE_WITHOUT_EVENT' | 'BLOB_ALTERED' | 'BLOB_MISSING';

export type TFinding = {
  code: TFindingCode;
  /** e.g. "audit_log id 123 edited" */
  message: string;
  table?: string;
  rowId?: string;
  entryId?: string;
  leafIndex?: number;
};

export type TVerifyReport = {
  status: 'intact' | 'tampered';
  hashAlg: THashAlg | null;
  origin: string | null;
  treeSize: number;
  entries: number;
  pendingEntries: number;
  nodesChecked: number;
  rowsChecked: number;
  checkpoints: number;
  cosignatures: number;
  /** process instances replayed from their events */
  instancesChecked?: number;
  /** stored blobs re-hashed (null: skipped with --no-blobs) */
  blobsChecked?: number | null;
  findings: TFinding[];
  /** the first finding's message, or null */
  first: string | null;
};

const BATCH = 5000;
const MAX_FINDINGS = 200;

type TEntryRow = { id: string; kind: string; ref_table: string; ref_id: string; entry: Buffer; leaf_hash: Buffer; leaf_index: string | null };

export async function verifyLedgerDatabase(db: TDb): Promise<TVerifyReport> {
  return db.transaction().setIsolationLevel('repeatable read').execute(async (tx) => {
    await sql`SET TRANSACTION READ ONLY`.execute(tx);
    return verifyIn(tx);
  });
}

async function verifyIn(tx: TTx): Promise<TVerifyReport> {
  const findings: TFinding[] = [];
  const add = (f: TFinding) => {
    if (findings.length < MAX_FINDINGS) findings.push(f);
  };
  const metaRow = await tx.selectFrom('ledger_meta').selectAll().executeTakeFirst();
  const report: TVerifyReport = {
    status: 'intact', hashAlg: null, origin: null, treeSize: 0, entries: 0, pendingEntries: 0, nodesChecked: 0,
    rowsChecked: 0, checkpoints: 0, cosignatures: 0, findings, first: null,
  };
  const tables = await existingSources(tx);
  if (!metaRow) {
    await findInsertedRows(tx, tables, add);
    return finish(report);
  }
  const alg = metaRow.hash_alg as THashAlg;
  report.hashAlg = alg;
  report.origin = metaRow.origin;

  const checkpoints = await tx.selectFrom('ledger_checkpoints').selectAll().orderBy('size').orderBy('id').execute();
  report.checkpoints = checkpoints.length;
  const checkpointsBySize = new Map<number, typeof checkpoints>();
  for (const c of checkpoints) checkpointsBySize.set(Number(c.size), [...(checkpointsBySize.get(Number(c.size)) ?? []), c]);

  // ---- 1 + 2: integrated entries in leaf order, rebuilding the tree -----------------------
  let frontier: TFrontier = EMPTY_FRONTIER;
  let treeBroken = false;
  let lastLeaf = -1;
  const reader = createNodeReader(tx);
  // Checkpoint findings wait until the leaves of their batch are checked, so that the first
  // finding names the row rather than its consequence.
  let deferred: TFinding[] = [];
  const checkRootAt = (size: number, f: TFrontier) => {
    for (const c of checkpointsBySize.get(size) ?? []) {
      if (!bytesEqual(new Uint8Array(c.root), frontierRoot(alg, f))) {
        deferred.push({ code: 'CHECKPOINT_MISMATCH', message: `ledger_checkpoints id ${c.id} (size ${size}) does not match the entries: history before leaf ${size} was rewritten` });
      }
    }
  };
  checkRootAt(0, frontier);
  for (;;) {
    const batch = (await tx.selectFrom('ledger_entries').selectAll().where('leaf_index', 'is not', null)
      .where('leaf_index', '>', String(lastLeaf)).orderBy('leaf_index').limit(BATCH).execute()) as TEntryRow[];
    if (batch.length === 0) break;
    lastLeaf = Number(batch[batch.length - 1]!.leaf_index);
    report.entries += batch.length;
    const hashes = await checkEntries(tx, alg, batch, add, report);
    if (treeBroken) continue;
    // Rebuild the tree over this batch, then compare every node it creates with the stored
    // one in one read.
    const created: { node: TStoredNode; entry: TEntryRow }[] = [];
    for (let i = 0; i < batch.length; i++) {
      const e = batch[i]!;
      const idx = Number(e.leaf_index);
      if (idx !== frontier.size) {
        add({ code: 'ENTRY_MISSING', message: `ledger leaf ${frontier.size}${idx > frontier.size + 1 ? `..${idx - 1}` : ''} missing: ledger entry deleted`, leafIndex: frontier.size });
        treeBroken = true;
        break;
      }
      const appended = appendLeaves(frontier, [hashes[i]!], alg);
      for (const node of appended.newNodes) created.push({ node, entry: e });
      frontier = appended.frontier;
      checkRootAt(frontier.size, frontier);
    }
    const stored = await safeNodes(reader, created.map((c) => c.node));
    report.nodesChecked += created.length;
    let upperReported = false;
    for (let k = 0; k < created.length; k++) {
      const { node: n, entry: e } = created[k]!;
      const s = stored[k];
      if (s && bytesEqual(s, n.hash)) continue;
      const at = { entryId: e.id, leafIndex: n.index, table: e.ref_table, rowId: e.ref_id };
      if (n.level === 0) {
        const moved = s ? await whereIsLeaf(tx, n.hash) : null;
        if (moved !== null && moved !== n.index) {
          const other = await tx.selectFrom('ledger_entries').select(['id', 'ref_table', 'ref_id']).where('leaf_index', '=', String(moved)).executeTakeFirst();
          add({ code: 'ENTRIES_REORDERED', message: `ledger_entries id ${e.id} (${e.ref_table} id ${e.ref_id}) is at leaf ${n.index} but was logged at leaf ${moved}${other ? `, where ledger_entries id ${other.id} (${other.ref_table} id ${other.ref_id}) now is` : ''}: entries reordered`, ...at });
        } else {
          add({ code: 'NODE_MISMATCH', message: `leaf ${n.index} (ledger_entries id ${e.id}, ${e.ref_table} id ${e.ref_id}) does not match the stored tree`, ...at });
        }
      } else if (!upperReported && !findings.some((f) => f.code === 'NODE_MISMATCH' || f.code === 'ENTRIES_REORDERED' || f.code === 'ENTRY_ALTERED')) {
        upperReported = true;
        add({ code: 'NODE_MISMATCH', message: `ledger_nodes (level ${n.level}, idx ${n.index}) ${s ? 'altered' : 'missing'}` });
      }
    }
    deferred.forEach(add);
    deferred = [];
  }
  deferred.forEach(add);
  report.treeSize = frontier.size;
  if (!treeBroken && Number(metaRow.tree_size) !== frontier.size) {
    add({ code: 'META_MISMATCH', message: `ledger_meta.tree_size ${metaRow.tree_size} but ${frontier.size} leaves are stored` });
  }
  for (const c of checkpoints) {
    if (Number(c.size) > frontier.size) add({ code: 'CHECKPOINT_MISMATCH', message: `ledger_checkpoints id ${c.id} (size ${c.size}) is larger than the stored log (${frontier.size}): entries deleted` });
  }

  // ---- pending entries: rows only -------------------------------------------------------------
  let lastPending = '0';
  for (;;) {
    const batch = (await tx.selectFrom('ledger_entries').selectAll().where('leaf_index', 'is', null)
      .where('id', '>', lastPending).orderBy('id').limit(BATCH).execute()) as TEntryRow[];
    if (batch.length === 0) break;
    lastPending = batch[batch.length - 1]!.id;
    report.pendingEntries += batch.length;
    await checkEntries(tx, alg, batch, add, report);
  }

  // ---- 3: rows without entries ---------------------------------------------------------------
  await findInsertedRows(tx, tables, add);

  // ---- 4: signatures -----------------------------------------------------------------------
  const keys = await tx.selectFrom('ledger_keys').selectAll().execute();
  const logVerifiers: TNoteVerifier[] = [];
  const witnessVerifiers = new Map<string, TNoteVerifier>();
  for (const k of keys) {
    try {
      const v = verifierFromVkey(k.vkey);
      if (k.owner === 'platform') logVerifiers.push(v);
      else witnessVerifiers.set(k.key_id, v);
    } catch {
      add({ code: 'CHECKPOINT_SIGNATURE', message: `ledger_keys id ${k.key_id}: malformed vkey` });
    }
  }
  for (const c of checkpoints) {
    const opened = openNote(c.note, logVerifiers);
    let ok = opened.ok;
    if (opened.ok) {
      try {
        const cp = parseCheckpoint(opened.text);
        ok = cp.origin === metaRow.origin && cp.size === Number(c.size) && bytesEqual(cp.root, new Uint8Array(c.root));
      } catch {
        ok = false;
      }
    }
    if (!ok) add({ code: 'CHECKPOINT_SIGNATURE', message: `ledger_checkpoints id ${c.id}: log signature or content invalid` });
  }
  const cos = await tx.selectFrom('ledger_cosignatures as s').innerJoin('ledger_checkpoints as c', 'c.id', 's.checkpoint_id')
    .select(['s.checkpoint_id', 's.agency_id', 's.key_id', 's.line', 'c.note']).execute();
  report.cosignatures = cos.length;
  for (const s of cos) {
    const v = witnessVerifiers.get(s.key_id);
    const text = s.note.slice(0, s.note.indexOf('\n\n') + 1);
    const opened = v ? openNote(`${text}\n${s.line}`, [v]) : null;
    if (!opened?.ok) add({ code: 'COSIGNATURE_INVALID', message: `ledger_cosignatures checkpoint ${s.checkpoint_id} agency ${s.agency_id}: cosignature invalid` });
  }

  // ---- 5: process state = replay of its (ledgered) events ------------------------------------
  await checkInstanceStates(tx, add, report);
  return finish(report);
}

/**
 * Replays each instance's events in order: every event must start where the previous one
 * ended, versions must rise, and the instance row must stand where the last event left it.
 * The events are ledger rows (checked above), so a state moved by hand shows here.
 */
async function checkInstanceStates(tx: TTx, add: (f: TFinding) => void, report: TVerifyReport): Promise<void> {
  let last = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const instances = await tx.selectFrom('process_instances').select(['id', 'state', 'version']).where('id', '>', last).orderBy('id').limit(BATCH).execute();
    if (instances.length === 0) return;
    last = instances[instances.length - 1]!.id;
    const events = await tx.selectFrom('process_events').select(['id', 'instance_id', 'from_state', 'to_state', 'version', 'action'])
      .where('instance_id', 'in', instances.map((i) => i.id)).orderBy('instance_id').orderBy('version').orderBy('id').execute();
    const byInstance = new Map<string, typeof events>();
    for (const e of events) byInstance.set(e.instance_id, [...(byInstance.get(e.instance_id) ?? []), e]);
    for (const i of instances) {
      report.instancesChecked = (report.instancesChecked ?? 0) + 1;
      const evs = byInstance.get(i.id) ?? [];
      let state: string | null = null;
      let version = -Infinity;
      let broken: string | null = null;
      for (const e of evs) {
        if (state !== null && e.from_state !== state) broken = `process_events id ${e.id} (${e.action}) starts from ${e.from_state} but the previous event ended in ${state}`;
        if (state !== null && Number(e.version) <= version) broken = `process_events id ${e.id} (${e.action}) does not advance the version`;
        if (broken) break;
        state = e.to_state;
        version = Number(e.version);
      }
      if (broken) add({ code: 'STATE_WITHOUT_EVENT', message: `process_instances id ${i.id}: ${broken}`, table: 'process_instances', rowId: i.id });
      else if (state !== i.state || version !== Number(i.version)) {
        add({
          code: 'STATE_WITHOUT_EVENT', table: 'process_instances', rowId: i.id,
          message: `process_instances id ${i.id} is in state ${i.state} (version ${i.version}) but its events end in ${state ?? '(none)'} (version ${Number.isFinite(version) ? version : '-'}): state moved without an event`,
        });
      }
    }
  }
}

export function finish(report: TVerifyReport): TVerifyReport {
  report.status = report.findings.length === 0 ? 'intact' : 'tampered';
  report.first = report.findings[0]?.message ?? null;
  return report;
}

async function safeNodes(reader: ReturnType<typeof createNodeReader>, refs: { level: number; index: number }[]): Promise<(Uint8Array | null)[]> {
  try {
    return await reader.getNodes(refs);
  } catch {
    // some node is missing: read them one by one to say which
    return Promise.all(refs.map((r) => reader.getNodes([r]).then((x) => x[0]!, () => null)));
  }
}

async function whereIsLeaf(tx: TTx, h: Uint8Array): Promise<number | null> {
  const r = await tx.selectFrom('ledger_nodes').select('idx').where('level', '=', 0).where('hash', '=', Buffer.from(h)).limit(1).executeTakeFirst();
  return r ? Number(r.idx) : null;
}

/** Entry bytes, leaf hash and source row of each entry; returns the recomputed leaf hashes. */
async function checkEntries(
  tx: TTx, alg: THashAlg, batch: TEntryRow[], add: (f: TFinding) => void, report: TVerifyReport,
): Promise<Uint8Array[]> {
  const decoded = new Map<string, TLedgerEntryV1>();
  const hashes = batch.map((e) => {
    const h = leafHash(alg, new Uint8Array(e.entry));
    const where = `ledger_entries id ${e.id} (${e.ref_table} id ${e.ref_id})`;
    if (!bytesEqual(h, new Uint8Array(e.leaf_hash))) {
      add({ code: 'ENTRY_ALTERED', message: `${where}: leaf hash does not match the entry`, entryId: e.id, table: e.ref_table, rowId: e.ref_id });
    }
    try {
      const d = decodeEntry(new Uint8Array(e.entry));
      if (d.kind !== e.kind || (isLedgerSource(e.ref_table) && (d.table !== e.ref_table || d.id !== e.ref_id))) {
        add({ code: 'ENTRY_ALTERED', message: `${where}: entry names another row`, entryId: e.id, table: e.ref_table, rowId: e.ref_id });
      } else decoded.set(e.id, d);
    } catch {
      add({ code: 'ENTRY_ALTERED', message: `${where}: entry is not canonical`, entryId: e.id, table: e.ref_table, rowId: e.ref_id });
    }
    return h;
  });
  // Source rows, one query per table.
  const byTable = new Map<string, TEntryRow[]>();
  for (const e of batch) if (isLedgerSource(e.ref_table) && decoded.has(e.id)) byTable.set(e.ref_table, [...(byTable.get(e.ref_table) ?? []), e]);
  for (const [table, entries] of byTable) {
    const src = LEDGER_SOURCES[table as keyof typeof LEDGER_SOURCES];
    const idType = await sql<{ t: string }>`
      SELECT format_type(a.atttypid, a.atttypmod) AS t FROM pg_attribute a
      WHERE a.attrelid = to_regclass(${table}) AND a.attname = ${src.idColumn} AND NOT a.attisdropped`.execute(tx);
    const type = idType.rows[0]?.t;
    // the id's own type keeps the primary-key index usable; it comes from the catalogue, not from input
    const rows = type && /^[a-z ]+$/.test(type)
      ? (await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)} WHERE ${sql.ref(src.idColumn)} = ANY(${[...new Set(entries.map((e) => e.ref_id))]}::text[]::${sql.raw(type)}[])`.execute(tx)).rows
      : [];
    const byId = new Map(rows.map((r) => [String(r[src.idColumn]), r]));
    report.rowsChecked += entries.length;
    for (const e of entries) {
      const row = byId.get(e.ref_id);
      if (!row) {
        add({ code: 'ROW_DELETED', message: `${table} id ${e.ref_id} deleted`, table, rowId: e.ref_id, entryId: e.id });
        continue;
      }
      const d = decoded.get(e.id)!;
      const columns = d.row && typeof d.row === 'object' && !Array.isArray(d.row) ? Object.keys(d.row) : [];
      const again = encodeRowEntry(src.kind, table, row, { columns });
      if (!bytesEqual(again, new Uint8Array(e.entry))) {
        const changed = columns.filter((c) => JSON.stringify((d.row as Record<string, unknown>)[c]) !== JSON.stringify((JSON.parse(new TextDecoder().decode(again)) as { row: Record<string, unknown> }).row[c]));
        add({ code: 'ROW_EDITED', message: `${table} id ${e.ref_id} edited${changed.length ? ` (${changed.join(', ')})` : ''}`, table, rowId: e.ref_id, entryId: e.id });
      }
    }
  }
  return hashes;
}

async function existingSources(tx: TTx): Promise<string[]> {
  const out: string[] = [];
  for (const [table, src] of Object.entries(LEDGER_SOURCES)) {
    if (!src.complete) continue;
    const r = await sql<{ t: string | null }>`SELECT to_regclass(${table})::text AS t`.execute(tx);
    if (r.rows[0]?.t) out.push(table);
  }
  return out;
}

async function findInsertedRows(tx: TTx, tables: string[], add: (f: TFinding) => void): Promise<void> {
  for (const table of tables) {
    const src = LEDGER_SOURCES[table as keyof typeof LEDGER_SOURCES];
    const { rows } = await sql<{ id: string }>`
      SELECT s.${sql.ref(src.idColumn)}::text AS id FROM ${sql.table(table)} s
      WHERE NOT EXISTS (SELECT 1 FROM ledger_entries e WHERE e.ref_table = ${table} AND e.ref_id = s.${sql.ref(src.idColumn)}::text)
      ORDER BY s.${sql.ref(src.idColumn)} LIMIT 20`.execute(tx);
    for (const r of rows) add({ code: 'ROW_INSERTED', message: `${table} id ${r.id} inserted without a ledger entry`, table, rowId: r.id });
  }
}

export { toHex };
