/**
 * Online backup and restore of an embedded data directory (issue #12).
 *
 * The embedded PostgreSQL ships no pg_dump or pg_basebackup, and the machine's client tools
 * refuse a newer server. So the backup uses PostgreSQL's low-level backup API, which needs no
 * client tool: a temporary physical replication slot reserves the WAL, `pg_backup_start`
 * marks the start, the data directory's files are copied while the server runs, and
 * `pg_backup_stop` returns the backup_label; the WAL from start to stop is copied after it.
 * On start, PostgreSQL replays that WAL to a consistent state that contains every
 * transaction committed before the backup ended (and so every one acknowledged before it began).
 *
 * One file, parts in sequence, a manifest at the end:
 *
 *   "XIETONG-BACKUP/1\n"
 *   { u32 header length, header JSON {name, size, dir?}, data }*     pg/…, blobs/… or s3blobs/…, keys.enc
 *   u32 manifest length, {manifest, mac}
 *
 * The manifest lists every part with its size and SM3, and the SM3 of the whole stream before
 * it; it is authenticated with HMAC-SM3 under a key derived (scrypt) from the passphrase.
 * Everything in the data directory that is not the database or a blob — the ledger and agency
 * private keys, the embedded database password — travels only inside `keys.enc`
 * (AES-256-GCM under the same passphrase). Restore writes into a temporary directory and
 * renames it into place only after every hash and the MAC check out: a backup with one byte
 * changed is refused and leaves nothing behind.
 *
 * Blobs: with the directory store, `blobs/` is copied. With an S3-compatible store the objects
 * every row names (document versions, 笔录 images) are streamed from the bucket into
 * `s3blobs/<sha256>` parts, each checked against its name on the way. Restore writes blob parts
 * into the target store (the S3 bucket configured where it runs — each checked against its name
 * before it is written, so a damaged part never lands; content addressing makes a repeated
 * write harmless), or into the restored directory's `blobs/` when no S3 store is configured.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { findFreePort, readEmbeddedMeta } from '../db/embedded';
import { OWNER_LOCK } from '../db/data-dir-owner';
import type { TBlobStore } from '../documents/blob-store';
import { createBlobStore } from '../documents/create-blob-store';
import { documentSettings } from '../documents/settings';
import { Readable } from 'node:stream';

const MAGIC = Buffer.from('XIETONG-BACKUP/1\n');
const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
/** written after each successful backup; the metrics report its age */
export const LAST_BACKUP_FILE = 'last-backup.json';

export class BackupError extends Error {}

type TPart = { name: string; size: number; sm3: string; dir?: boolean };
export type TManifest = {
  format: 'xietong-backup/1';
  createdAt: string;
  pgVersion: string;
  startWal: string;
  stopLsn: string;
  kdf: { alg: 'scrypt'; salt: string; N: number; r: number; p: number };
  parts: TPart[];
  streamSm3: string;
  counts: Record<string, number>;
  /** where the blobs came from: `blobs/` parts (directory) or `s3blobs/` parts (S3 objects) */
  blobStore?: 'fs' | 's3';
};

const S3_BLOB_PART = /^s3blobs\/([0-9a-f]{64})$/;
const FS_BLOB_PART = /^blobs\/[0-9a-f]{2}\/([0-9a-f]{64})$/;

/** Every blob a row names, as of now (document versions, 笔录 signature and fingerprint images). */
async function referencedBlobs(client: pg.Client): Promise<string[]> {
  const r = await client.query<{ sha256: string }>(`
    SELECT sha256 FROM document_versions
    UNION SELECT signature_sha256 FROM verbal_records WHERE signature_sha256 IS NOT NULL
    UNION SELECT fingerprint_sha256 FROM verbal_records WHERE fingerprint_sha256 IS NOT NULL
    ORDER BY 1`);
  return r.rows.map((x) => x.sha256);
}

/** Stream one stored object into the backup as a part, checking it against its name. */
async function addBlobPart(w: TWriter, parts: TPart[], store: TBlobStore, sha256: string): Promise<void> {
  const size = await store.size(sha256);
  if (size === null) throw new BackupError(`材料文件 ${sha256} 在存储中不存在 / blob ${sha256} is missing from the ${store.kind} store (xietong verify names the row)`);
  const name = `s3blobs/${sha256}`;
  const header = Buffer.from(JSON.stringify({ name, size }));
  const len = Buffer.alloc(4);
  len.writeUInt32BE(header.length);
  w.write(len);
  w.write(header);
  const sm3h = crypto.createHash('sm3');
  const sha = crypto.createHash('sha256');
  let got = 0;
  for await (const chunk of await store.get(sha256)) {
    const b = chunk as Buffer;
    got += b.length;
    if (got > size) break;
    w.write(b);
    sm3h.update(b);
    sha.update(b);
  }
  if (got !== size || sha.digest('hex') !== sha256) {
    throw new BackupError(`材料文件 ${sha256} 与其名称不符（已被改动？）/ blob ${sha256} does not match its name (altered in the store? run xietong verify)`);
  }
  parts.push({ name, size, sm3: sm3h.digest('hex') });
}

const sm3 = (b: Buffer | string) => crypto.createHash('sm3').update(b).digest('hex');

function deriveKeys(passphrase: string, salt: Buffer): { enc: Buffer; mac: Buffer } {
  const k = crypto.scryptSync(passphrase, salt, 64, SCRYPT);
  return { enc: k.subarray(0, 32), mac: k.subarray(32) };
}

/** PostgreSQL's own list of what a base backup leaves out (contents of these directories, these files). */
const PG_SKIP_DIR_CONTENTS = new Set(['pg_wal', 'pg_replslot', 'pg_dynshmem', 'pg_notify', 'pg_serial', 'pg_snapshots', 'pg_stat_tmp', 'pg_subtrans']);
const PG_SKIP_FILES = new Set(['postmaster.pid', 'postmaster.opts', 'backup_label', 'tablespace_map', 'pg_internal.init', 'backup_label.old']);

type TWriter = { write: (b: Buffer) => void; bytes: () => number; hash: crypto.Hash };

function walk(root: string, rel: string, onDir: (rel: string) => void, onFile: (rel: string) => void, skip: (rel: string, isDir: boolean) => boolean): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(path.join(root, rel), { withFileTypes: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return; // removed while we copied (e.g. a dropped table)
    throw e;
  }
  for (const d of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const r = rel ? `${rel}/${d.name}` : d.name;
    if (skip(r, d.isDirectory())) continue;
    if (d.isDirectory()) {
      onDir(r);
      walk(root, r, onDir, onFile, skip);
    } else if (d.isFile()) onFile(r);
  }
}

function addPart(w: TWriter, parts: TPart[], name: string, data: Buffer | null): void {
  const header = Buffer.from(JSON.stringify(data ? { name, size: data.length } : { name, size: 0, dir: true }));
  const len = Buffer.alloc(4);
  len.writeUInt32BE(header.length);
  w.write(len);
  w.write(header);
  if (data) w.write(data);
  parts.push(data ? { name, size: data.length, sm3: sm3(data) } : { name, size: 0, sm3: sm3(''), dir: true });
}

function readIfExists(file: string): Buffer | null {
  try {
    return fs.readFileSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null; // removed while we copied: WAL replay recreates what matters
    throw e;
  }
}

/** The files of the data directory that are secrets or settings, not data: encrypted in keys.enc. */
function isSecretSide(rel: string): boolean {
  const top = rel.split('/')[0]!;
  return !['pg', 'blobs', 'backups', OWNER_LOCK, `${OWNER_LOCK}.takeover`, LAST_BACKUP_FILE].includes(top) && !top.includes('.partial-') && !top.startsWith('.write-test');
}

export async function backupDataDir(opts: {
  dataDir: string;
  /** a superuser connection to the data directory's running PostgreSQL */
  url: string;
  file: string;
  passphrase: string;
  progress?: (bytes: number, what: string) => void;
  /** the platform's blob store (default: as configured for this data directory) */
  blobStore?: TBlobStore;
}): Promise<{ manifest: TManifest; bytes: number }> {
  const { dataDir } = opts;
  const store = opts.blobStore ?? createBlobStore(documentSettings(dataDir));
  const pgDir = path.join(dataDir, 'pg');
  if (!fs.existsSync(path.join(pgDir, 'PG_VERSION'))) throw new BackupError(`数据目录 ${dataDir} 中没有内嵌数据库 / no embedded database in ${dataDir}`);
  if (opts.passphrase.length < 8) throw new BackupError('备份口令至少 8 个字符 / the backup passphrase needs at least 8 characters');
  const tmp = `${opts.file}.partial-${process.pid}`;
  const fd = fs.openSync(tmp, 'w', 0o600);
  const hash = crypto.createHash('sm3');
  let written = 0;
  const w: TWriter = {
    write: (b) => {
      fs.writeSync(fd, b);
      hash.update(b);
      written += b.length;
    },
    bytes: () => written,
    hash,
  };
  const parts: TPart[] = [];
  const salt = crypto.randomBytes(16);
  const keys = deriveKeys(opts.passphrase, salt);
  const client = new pg.Client({ connectionString: opts.url, application_name: 'xietong backup' });
  await client.connect();
  let ok = false;
  try {
    w.write(MAGIC);
    const slot = `xietong_backup_${process.pid}`;
    // a temporary slot: held by this session only, gone if we die; keeps the WAL we need
    await client.query('SELECT pg_create_physical_replication_slot($1, true, true)', [slot]);
    await client.query("SELECT pg_backup_start($1, true)", [`xietong ${new Date().toISOString()}`]);
    let stop: { lsn: string; labelfile: string; spcmapfile: string | null };
    try {
      let last = 0;
      walk(pgDir, '', (rel) => addPart(w, parts, `pg/${rel}`, null), (rel) => {
        const data = readIfExists(path.join(pgDir, rel));
        if (data) addPart(w, parts, `pg/${rel}`, data);
        if (opts.progress && Date.now() - last > 500) {
          last = Date.now();
          opts.progress(written, 'database');
        }
      }, (rel, isDir) => {
        const parts2 = rel.split('/');
        if (!isDir && PG_SKIP_FILES.has(parts2[parts2.length - 1]!)) return true;
        if (!isDir && /(^|\/)pgsql_tmp/.test(rel)) return true;
        return parts2.length > 1 && PG_SKIP_DIR_CONTENTS.has(parts2[0]!);
      });
    } finally {
      stop = (await client.query<{ lsn: string; labelfile: string; spcmapfile: string | null }>('SELECT lsn::text, labelfile, spcmapfile FROM pg_backup_stop(false)')).rows[0]!;
    }
    addPart(w, parts, 'pg/backup_label', Buffer.from(stop.labelfile));
    if (stop.spcmapfile) addPart(w, parts, 'pg/tablespace_map', Buffer.from(stop.spcmapfile));
    // the WAL from the start checkpoint to the end of the backup (pg_backup_stop switched segments)
    const startWal = /START WAL LOCATION: \S+ \(file ([0-9A-F]{24})\)/.exec(stop.labelfile)?.[1];
    const stopWal = (await client.query<{ f: string }>('SELECT pg_walfile_name($1::pg_lsn) AS f', [stop.lsn])).rows[0]!.f;
    if (!startWal) throw new BackupError('backup_label 中没有起始 WAL / no start WAL in backup_label');
    const walDir = path.join(pgDir, 'pg_wal');
    for (const f of fs.readdirSync(walDir).sort()) {
      const isSeg = /^[0-9A-F]{24}$/.test(f) && f >= startWal && f <= stopWal;
      if (!isSeg && !/^[0-9A-F]{8}\.history$/.test(f)) continue;
      addPart(w, parts, `pg/pg_wal/${f}`, fs.readFileSync(path.join(walDir, f)));
      opts.progress?.(written, 'WAL');
    }
    await client.query('SELECT pg_drop_replication_slot($1)', [slot]);
    const pgVersion = fs.readFileSync(path.join(pgDir, 'PG_VERSION'), 'utf8').trim();
    // counts at the end of the backup (restore reports them for comparison)
    const counts: Record<string, number> = {};
    for (const t of ['cases', 'process_events', 'documents', 'ledger_entries', 'audit_log', 'users']) {
      const r = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${t}`).catch(() => null);
      if (r) counts[t] = Number(r.rows[0]!.n);
    }

    // blobs: content-addressed and immutable, written before the rows that name them commit,
    // so copying them after the database covers every blob the snapshot references
    const blobDir = path.join(dataDir, 'blobs');
    if (store.kind === 's3') {
      const names = await referencedBlobs(client);
      let last = 0;
      for (const sha of names) {
        await addBlobPart(w, parts, store, sha);
        if (opts.progress && Date.now() - last > 500) {
          last = Date.now();
          opts.progress(written, 'S3 objects');
        }
      }
      counts.blobs = names.length;
    } else if (fs.existsSync(blobDir)) {
      addPart(w, parts, 'blobs', null);
      walk(blobDir, '', (rel) => addPart(w, parts, `blobs/${rel}`, null), (rel) => {
        const data = readIfExists(path.join(blobDir, rel));
        if (data) addPart(w, parts, `blobs/${rel}`, data);
      }, (rel) => rel === 'tmp' || rel.startsWith('tmp/'));
      opts.progress?.(written, 'blobs');
    }

    // keys and settings, encrypted
    const secret: { path: string; mode: number; data: string }[] = [];
    walk(dataDir, '', () => {}, (rel) => {
      const st = fs.statSync(path.join(dataDir, rel));
      secret.push({ path: rel, mode: st.mode & 0o777, data: fs.readFileSync(path.join(dataDir, rel)).toString('base64') });
    }, (rel) => !isSecretSide(rel));
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', keys.enc, iv);
    const ct = Buffer.concat([cipher.update(JSON.stringify(secret)), cipher.final()]);
    addPart(w, parts, 'keys.enc', Buffer.concat([iv, cipher.getAuthTag(), ct]));

    const manifest: TManifest = {
      format: 'xietong-backup/1', createdAt: new Date().toISOString(), pgVersion, startWal, stopLsn: stop.lsn,
      kdf: { alg: 'scrypt', salt: salt.toString('hex'), N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p },
      parts, streamSm3: hash.copy().digest('hex'), counts, blobStore: store.kind,
    };
    const manifestJson = JSON.stringify(manifest);
    const mac = crypto.createHmac('sm3', keys.mac).update(manifestJson).digest('hex');
    const trailer = Buffer.from(JSON.stringify({ manifest: manifestJson, mac }));
    const len = Buffer.alloc(4);
    len.writeUInt32BE(trailer.length);
    fs.writeSync(fd, len);
    fs.writeSync(fd, trailer);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(tmp, opts.file);
    fs.writeFileSync(path.join(dataDir, LAST_BACKUP_FILE), JSON.stringify({ at: manifest.createdAt, file: path.resolve(opts.file), bytes: written }));
    ok = true;
    return { manifest, bytes: written + 4 + trailer.length };
  } finally {
    await client.end().catch(() => {});
    if (!ok) {
      try { fs.closeSync(fd); } catch { /* closed */ }
      fs.rmSync(tmp, { force: true });
    }
  }
}

/** Seconds since the last successful backup of this data directory, or null. */
export function lastBackupAge(dataDir: string): number | null {
  try {
    const { at } = JSON.parse(fs.readFileSync(path.join(dataDir, LAST_BACKUP_FILE), 'utf8')) as { at: string };
    return Math.max(0, (Date.now() - Date.parse(at)) / 1000);
  } catch {
    return null;
  }
}

const corrupt = (why: string) => new BackupError(`备份文件已损坏或被改动，拒绝恢复（${why}）。 / The backup file is damaged or was altered; refusing to restore (${why}).`);

function safeRel(name: string): string {
  const n = path.posix.normalize(name);
  if (n.startsWith('..') || path.posix.isAbsolute(n) || n.includes('\0')) throw corrupt(`unsafe path ${name}`);
  return n;
}

export async function restoreDataDir(opts: {
  file: string;
  dataDir: string;
  passphrase: string;
  progress?: (bytes: number, total: number) => void;
  /** where blobs go: default the S3 store configured for the target (XIETONG_BLOB_S3_*), else its blobs/ directory */
  blobStore?: TBlobStore | null;
}): Promise<{ manifest: TManifest; pgPort: number }> {
  const target = path.resolve(opts.dataDir);
  const targetSettings = documentSettings(target);

  if (fs.existsSync(target) && fs.readdirSync(target).length > 0) {
    throw new BackupError(`目标目录 ${target} 不为空；请指定一个新目录 / target ${target} is not empty; restore into a new directory`);
  }
  const total = fs.statSync(opts.file).size;
  const fd = fs.openSync(opts.file, 'r');
  const work = `${target}.restoring-${process.pid}`;
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true, mode: 0o755 }); // like a data directory the platform makes: postgres (as root) must enter it
  // uploads to S3 spool beside the restore, never inside the (still empty) target
  const store = opts.blobStore !== undefined ? opts.blobStore : targetSettings.s3 ? createBlobStore({ ...targetSettings, tmpDir: path.join(work, '.spool') }) : null;
  const intoStore = store?.kind === 's3' ? store : null;
  let done = false;
  try {
    let pos = 0;
    const hash = crypto.createHash('sm3');
    const read = (n: number, hashIt = true): Buffer => {
      if (n < 0 || pos + n > total) throw corrupt('truncated');
      const b = Buffer.alloc(n);
      let got = 0;
      while (got < n) {
        const r = fs.readSync(fd, b, got, n - got, pos + got);
        if (r === 0) throw corrupt('truncated');
        got += r;
      }
      pos += n;
      if (hashIt) hash.update(b);
      return b;
    };
    if (!read(MAGIC.length).equals(MAGIC)) throw corrupt('not a xietong backup');
    const seen: TPart[] = [];
    let secret: Buffer | null = null;
    let lastProgress = 0;
    for (;;) {
      if (pos + 4 > total) throw corrupt('truncated');
      const len = read(4, false).readUInt32BE();
      if (pos + len === total) {
        pos -= 4; // this is the manifest
        break;
      }
      hash.update(Buffer.from([len >>> 24, (len >>> 16) & 255, (len >>> 8) & 255, len & 255]));
      let header: { name: string; size: number; dir?: boolean };
      try {
        header = JSON.parse(read(len).toString('utf8')) as typeof header;
      } catch {
        throw corrupt('part header');
      }
      if (typeof header.name !== 'string' || !Number.isSafeInteger(header.size)) throw corrupt('part header');
      const data = read(header.size);
      seen.push(header.dir ? { name: header.name, size: 0, sm3: sm3(''), dir: true } : { name: header.name, size: data.length, sm3: sm3(data) });
      const rel = safeRel(header.name);
      const blob = S3_BLOB_PART.exec(rel)?.[1] ?? FS_BLOB_PART.exec(rel)?.[1];
      if (blob && crypto.createHash('sha256').update(data).digest('hex') !== blob) throw corrupt(`content of ${rel}`);
      if (rel === 'keys.enc') secret = data;
      else if (blob && intoStore) await intoStore.put(Readable.from([data]));
      else if (blob && rel.startsWith('s3blobs/')) {
        const p = path.join(work, 'blobs', blob.slice(0, 2), blob);
        fs.mkdirSync(path.dirname(p), { recursive: true, mode: 0o700 });
        fs.writeFileSync(p, data, { mode: 0o400 });
      } else if (intoStore && header.dir && (rel === 'blobs' || /^blobs\/[0-9a-f]{2}$/.test(rel))) { /* blobs go to the store */ }
      else if (header.dir) fs.mkdirSync(path.join(work, rel), { recursive: true, mode: 0o700 });
      else {
        fs.mkdirSync(path.dirname(path.join(work, rel)), { recursive: true, mode: 0o700 });
        fs.writeFileSync(path.join(work, rel), data, { mode: 0o600 });
      }
      if (opts.progress && Date.now() - lastProgress > 500) {
        lastProgress = Date.now();
        opts.progress(pos, total);
      }
    }
    const streamSm3 = hash.digest('hex');
    const tlen = read(4, false).readUInt32BE();
    let trailer: { manifest: string; mac: string };
    try {
      trailer = JSON.parse(read(tlen, false).toString('utf8')) as typeof trailer;
    } catch {
      throw corrupt('manifest');
    }
    const manifest = JSON.parse(trailer.manifest) as TManifest;
    const keys = deriveKeys(opts.passphrase, Buffer.from(manifest.kdf.salt, 'hex'));
    const mac = crypto.createHmac('sm3', keys.mac).update(trailer.manifest).digest();
    const given = Buffer.from(String(trailer.mac), 'hex');
    if (given.length !== mac.length || !crypto.timingSafeEqual(given, mac)) {
      throw new BackupError('口令错误，或备份清单被改动 / wrong passphrase, or the manifest was altered');
    }
    if (streamSm3 !== manifest.streamSm3) throw corrupt('SM3 of the parts');
    if (seen.length !== manifest.parts.length) throw corrupt('part count');
    seen.forEach((p, i) => {
      const m = manifest.parts[i]!;
      if (p.name !== m.name || p.size !== m.size || p.sm3 !== m.sm3) throw corrupt(`SM3 of ${m.name}`);
    });
    if (!secret) throw corrupt('no keys part');
    const decipher = crypto.createDecipheriv('aes-256-gcm', keys.enc, secret.subarray(0, 12));
    decipher.setAuthTag(secret.subarray(12, 28));
    let files: { path: string; mode: number; data: string }[];
    try {
      files = JSON.parse(Buffer.concat([decipher.update(secret.subarray(28)), decipher.final()]).toString('utf8')) as typeof files;
    } catch {
      throw corrupt('keys');
    }
    for (const f of files) {
      const p = path.join(work, safeRel(f.path));
      fs.mkdirSync(path.dirname(p), { recursive: true, mode: 0o700 });
      fs.writeFileSync(p, Buffer.from(f.data, 'base64'), { mode: f.mode || 0o600 });
    }
    // the restored cluster must be private to the account PostgreSQL runs as
    const pgDir = path.join(work, 'pg');
    fs.chmodSync(pgDir, 0o700);
    if (process.getuid?.() === 0) chownTree(pgDir, postgresIds());
    // keep the database port unless something on this machine (e.g. the original) holds it
    let meta = readEmbeddedMeta(work);
    if (!meta) throw corrupt('no embedded.json');
    if (!(await portFree(meta.port))) {
      meta = { ...meta, port: await findFreePort() };
      fs.writeFileSync(path.join(work, 'embedded.json'), JSON.stringify(meta, null, 2), { mode: 0o600 });
    }
    if (fs.existsSync(target)) fs.rmdirSync(target);
    fs.rmSync(path.join(work, '.spool'), { recursive: true, force: true });
    fs.renameSync(work, target);
    done = true;
    return { manifest, pgPort: meta.port };
  } finally {
    fs.closeSync(fd);
    if (!done) fs.rmSync(work, { recursive: true, force: true });
  }
}

function portFree(port: number): Promise<boolean> {
  return import('node:net').then((net) => new Promise<boolean>((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  }));
}

function postgresIds(): { uid: number; gid: number } {
  for (const line of fs.readFileSync('/etc/passwd', 'utf8').split('\n')) {
    const f = line.split(':');
    if (f[0] === 'postgres') return { uid: Number(f[2]), gid: Number(f[3]) };
  }
  throw new BackupError('以 root 身份恢复需要系统中存在 postgres 用户 / restoring as root needs a postgres user (start the platform once to create it)');
}

function chownTree(dir: string, ids: { uid: number; gid: number }): void {
  fs.chownSync(dir, ids.uid, ids.gid);
  for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) chownTree(p, ids);
    else fs.chownSync(p, ids.uid, ids.gid);
  }
}
