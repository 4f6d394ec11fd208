/**
 * `xietong gateway` (前置机): the process an agency runs at its boundary, between its own
 * system and the platform.
 *
 * Inbound (agency → platform): the agency system drops flow actions as JSON files in a drop
 * directory, or POSTs them to the gateway's local HTTP endpoint. Each is written to the
 * journal (fsync) before it is taken — the file removed, the HTTP answer 202 — so work is
 * accepted while the platform is unreachable and survives a crash of the gateway. A sender
 * pushes them to the platform with their idempotency key, one at a time per case (lane) in
 * the order they were taken, several cases at once; a failure (network, 5xx, platform
 * restarting) is retried with the same key until the platform answers with its signed receipt
 * (回执), which is journalled. So nothing is lost, nothing is applied twice, each case's order is kept.
 *
 * Outbound (platform → agency, optional): messages read from the cursor feed are written to an
 * out directory (one file per message, written then renamed), acknowledged with a receipt
 * signed by the system's key, and the cursor journalled after both.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { EXCHANGE_SCHEMAS, parseJsonObject, type TExchangeFlowMessage } from '@xietong/core/exchange';
import { exchangeRequest, signReceipt, type TExchangeCredentials } from '@xietong/server/exchange/exchange-client';
import { openJournal, type TJournal } from './journal';

export type TGatewayFlow = { instanceId: string; action: string; input?: Record<string, unknown>; documents?: string[]; expectedVersion?: number; evidenceOverrideReason?: string };

type TRecord =
  | { t: 'in'; key: string; lane: string; flow: TGatewayFlow; at: string }
  | { t: 'done'; key: string; status: 'accepted' | 'rejected' | 'refused'; receipt: unknown; eventId: string | null; error: string | null; at: string }
  | { t: 'cursor'; value: string };

export type TGatewayReceipt = Extract<TRecord, { t: 'done' }>;

export type TGatewayOptions = {
  platform: TExchangeCredentials;
  stateDir: string;
  dropDir?: string;
  outDir?: string;
  httpPort?: number;
  httpHost?: string;
  /** cases sent at the same time */
  concurrency?: number;
  pollMs?: number;
  log?: (m: string) => void;
};

export type TGateway = {
  /** the local HTTP endpoint, when one was asked for */
  url: string | null;
  status(): { taken: number; done: number; waiting: number; platformReachable: boolean; cursor: string };
  receipts(): Map<string, TGatewayReceipt>;
  /** accept a flow (what the HTTP endpoint and the drop directory call) */
  take(key: string, flow: TGatewayFlow, lane?: string): Promise<'taken' | 'known'>;
  stop(): Promise<void>;
};

const KEY = /^[A-Za-z0-9._:-]{1,200}$/;

function flowOf(v: Record<string, unknown> | null): TGatewayFlow | null {
  if (!v || typeof v.instanceId !== 'string' || typeof v.action !== 'string') return null;
  return {
    instanceId: v.instanceId, action: v.action,
    ...(v.input && typeof v.input === 'object' ? { input: v.input as Record<string, unknown> } : {}),
    ...(Array.isArray(v.documents) ? { documents: v.documents as string[] } : {}),
    ...(typeof v.expectedVersion === 'number' ? { expectedVersion: v.expectedVersion } : {}),
    ...(typeof v.evidenceOverrideReason === 'string' ? { evidenceOverrideReason: v.evidenceOverrideReason } : {}),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startGateway(o: TGatewayOptions): Promise<TGateway> {
  const log = o.log ?? (() => {});
  const pollMs = o.pollMs ?? 200;
  const taken = new Map<string, Extract<TRecord, { t: 'in' }>>();
  const done = new Map<string, TGatewayReceipt>();
  let cursor = '0';
  const journal: TJournal<TRecord> = openJournal<TRecord>(path.join(o.stateDir, 'journal.jsonl'), (r) => {
    if (r.t === 'in') taken.set(r.key, r);
    else if (r.t === 'done') done.set(r.key, r);
    else cursor = r.value;
  });
  // lanes: per case, in the order taken
  const lanes = new Map<string, string[]>();
  const enqueue = (r: Extract<TRecord, { t: 'in' }>) => {
    const q = lanes.get(r.lane) ?? [];
    q.push(r.key);
    lanes.set(r.lane, q);
  };
  for (const r of taken.values()) if (!done.has(r.key)) enqueue(r);

  let stopping = false;
  let reachable = true;
  const wake = new Set<() => void>();
  const notify = () => { for (const w of wake) w(); wake.clear(); };
  const idle = (ms: number) => new Promise<void>((resolve) => {
    const t = setTimeout(() => { wake.delete(done_); resolve(); }, ms);
    const done_ = () => { clearTimeout(t); resolve(); };
    wake.add(done_);
  });

  const take = async (key: string, flow: TGatewayFlow, lane = flow.instanceId): Promise<'taken' | 'known'> => {
    if (taken.has(key)) return 'known';
    const rec = { t: 'in' as const, key, lane, flow, at: new Date().toISOString() };
    taken.set(key, rec);
    await journal.append(rec);
    enqueue(rec);
    notify();
    return 'taken';
  };

  // ---- sender: one lane per case, up to `concurrency` lanes at once -----------------------
  const active = new Set<string>();
  const runLane = async (lane: string) => {
    let backoff = 100;
    while (!stopping) {
      const q = lanes.get(lane);
      const key = q?.[0];
      if (!key) break;
      const rec = taken.get(key)!;
      let res;
      try {
        res = await exchangeRequest(o.platform, 'POST', '/api/exchange/actions', { schema: EXCHANGE_SCHEMAS.flowAction, ...rec.flow }, { 'idempotency-key': key });
      } catch (e) {
        res = { status: 0, json: String(e) };
      }
      const retry = res.status === 0 || res.status >= 500 || res.status === 401 || res.status === 429 || res.status === 408;
      if (retry) {
        if (reachable) log(`平台暂不可达，稍后重试 / platform unreachable (${res.status}), retrying`);
        reachable = false;
        await sleep(backoff);
        backoff = Math.min(backoff * 2, 5000);
        continue;
      }
      reachable = true;
      backoff = 100;
      const body = res.json as { receipt?: { status: 'accepted' | 'rejected' }; eventId?: string | null; error?: { code: string; message: string } };
      const rec2: TGatewayReceipt = res.status === 200 && body.receipt
        ? { t: 'done', key, status: body.receipt.status, receipt: body.receipt, eventId: body.eventId ?? null, error: null, at: new Date().toISOString() }
        // the platform refused the request itself (malformed, key reused for another flow): not retried
        : { t: 'done', key, status: 'refused', receipt: null, eventId: null, error: body.error ? `${body.error.code}: ${body.error.message}` : `HTTP ${res.status}`, at: new Date().toISOString() };
      await journal.append(rec2);
      done.set(key, rec2);
      q!.shift();
    }
    if (!lanes.get(lane)?.length) lanes.delete(lane);
    active.delete(lane);
    notify();
  };
  const sender = (async () => {
    while (!stopping) {
      for (const lane of lanes.keys()) {
        if (active.size >= (o.concurrency ?? 8)) break;
        if (active.has(lane)) continue;
        active.add(lane);
        void runLane(lane);
      }
      await idle(pollMs);
    }
  })();

  // ---- drop directory --------------------------------------------------------------------
  const scanDrop = async () => {
    if (!o.dropDir) return;
    const names = fs.readdirSync(o.dropDir).filter((n) => n.endsWith('.json')).sort();
    for (const name of names) {
      const file = path.join(o.dropDir, name);
      const key = name.slice(0, -'.json'.length);
      let text: string;
      try { text = fs.readFileSync(file, 'utf8'); } catch { continue; }
      const v = parseJsonObject(text);
      const flow = flowOf(v);
      if (!flow || !KEY.test(key)) {
        fs.mkdirSync(path.join(o.dropDir, 'rejected'), { recursive: true });
        fs.renameSync(file, path.join(o.dropDir, 'rejected', name));
        log(`无法识别的文件 / not a flow action, moved to rejected/: ${name}`);
        continue;
      }
      await take(key, flow, typeof v!.caseId === 'string' ? v!.caseId : flow.instanceId);
      // journalled first: a crash before this unlink takes the file again, and it is known
      fs.unlinkSync(file);
    }
  };
  if (o.dropDir) fs.mkdirSync(o.dropDir, { recursive: true });
  const dropper = (async () => {
    while (!stopping) {
      try { await scanDrop(); } catch (e) { log(`drop directory: ${String(e)}`); }
      await sleep(pollMs);
    }
  })();

  // ---- outbound feed ---------------------------------------------------------------------
  const feeder = (async () => {
    if (!o.outDir) return;
    fs.mkdirSync(o.outDir, { recursive: true });
    while (!stopping) {
      try {
        const res = await exchangeRequest(o.platform, 'GET', `/api/exchange/feed?cursor=${cursor}&limit=100`);
        const page = res.json as { messages?: TExchangeFlowMessage[]; nextCursor?: string };
        if (res.status === 200 && page.messages?.length) {
          for (const m of page.messages) {
            const tmp = path.join(o.outDir, `.${m.messageId}.tmp`);
            fs.writeFileSync(tmp, JSON.stringify(m, null, 2));
            const fd = fs.openSync(tmp, 'r');
            fs.fsyncSync(fd);
            fs.closeSync(fd);
            fs.renameSync(tmp, path.join(o.outDir, `${m.messageId.padStart(12, '0')}.json`));
          }
          const receipts = await Promise.all(page.messages.map((m) => signReceipt(o.platform.signer, m.messageId, 'received')));
          const ack = await exchangeRequest(o.platform, 'POST', '/api/exchange/receipts', { receipts });
          if (ack.status === 200) {
            cursor = page.nextCursor!;
            await journal.append({ t: 'cursor', value: cursor });
            continue;
          }
        }
      } catch { /* platform unreachable: try again */ }
      await sleep(pollMs * 5);
    }
  })();

  // ---- local HTTP endpoint ---------------------------------------------------------------
  let server: http.Server | null = null;
  let url: string | null = null;
  if (o.httpPort !== undefined) {
    server = http.createServer((req, res) => {
      const send = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (req.method === 'GET' && req.url === '/status') return send(200, status());
        if (req.method !== 'POST' || req.url !== '/flows') return send(404, { error: 'POST /flows or GET /status' });
        const v = parseJsonObject(Buffer.concat(chunks).toString('utf8'));
        const flow = flowOf(v);
        const key = typeof v?.idempotencyKey === 'string' ? v.idempotencyKey : null;
        if (!flow || !key || !KEY.test(key)) return send(400, { error: '需要 idempotencyKey、instanceId、action / idempotencyKey, instanceId and action are required' });
        take(key, flow, typeof v!.caseId === 'string' ? v!.caseId : flow.instanceId)
          .then((r) => send(202, { key, result: r }), (e: unknown) => send(503, { error: String(e) }));
      });
    });
    await new Promise<void>((resolve) => server!.listen(o.httpPort, o.httpHost ?? '127.0.0.1', resolve));
    url = `http://${o.httpHost ?? '127.0.0.1'}:${(server.address() as { port: number }).port}`;
  }

  const status = () => ({ taken: taken.size, done: done.size, waiting: taken.size - done.size, platformReachable: reachable, cursor });
  return {
    url, status, take,
    receipts: () => done,
    stop: async () => {
      stopping = true;
      notify();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      await Promise.all([sender, dropper, feeder]);
      while (active.size) await idle(50);
      await journal.close();
    },
  };
}
