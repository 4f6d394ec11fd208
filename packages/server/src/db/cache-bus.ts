/**
 * In-memory caches that stay right with N app nodes (issue 13): what changes rarely (agencies)
 * or is read on every request (sessions) is cached per database, and every node forgets a topic
 * when PostgreSQL says it changed: triggers NOTIFY `xt_cache` at COMMIT (migration 0040), each
 * node LISTENs on one connection of its own.
 *
 * Safe by construction: while the LISTEN connection is down (not started yet, lost, closed) no
 * cache serves or keeps anything, and a value read before an invalidation arrived is never stored
 * after it (generation check). A node that misses a notification is a node whose LISTEN
 * connection dropped, and that node has emptied its caches.
 */
import pg from 'pg';
import type { TDatabase, TDb, TTx } from './database';

/** The cached topics, each a payload on channel xt_cache (sent by the triggers of migrations 0040, 0047). */
const TOPICS = ['agencies', 'sessions', 'calendar'] as const;
export type TCacheTopic = (typeof TOPICS)[number];
const isTopic = (s: string): s is TCacheTopic => (TOPICS as readonly string[]).includes(s);

type TBus = {
  live: boolean;
  closed: boolean;
  generation: Record<TCacheTopic, number>;
  maps: Record<TCacheTopic, Map<string, unknown>>;
  client: pg.Client | null;
  retry: NodeJS.Timeout | null;
};

/** Keyed by the Kysely adapter a database and its transactions share. */
const buses = new WeakMap<object, TBus>();

function keyOf(db: TDb | TTx): object {
  return db.getExecutor().adapter;
}

function forget(bus: TBus, topic: TCacheTopic): void {
  bus.generation[topic]++;
  bus.maps[topic].clear();
}

function forgetAll(bus: TBus): void {
  for (const t of Object.keys(bus.maps) as TCacheTopic[]) forget(bus, t);
}

async function connect(bus: TBus, config: pg.ClientConfig): Promise<void> {
  if (bus.closed) return;
  const client = new pg.Client({ ...config, application_name: 'xietong-cache-bus' });
  const down = () => {
    if (bus.client !== client) return;
    bus.live = false;
    bus.client = null;
    forgetAll(bus);
    client.end().catch(() => {});
    if (!bus.closed) {
      bus.retry = setTimeout(() => { void connect(bus, config).catch(() => {}); }, 1000);
      bus.retry.unref();
    }
  };
  bus.client = client;
  client.on('error', down);
  client.on('end', down);
  client.on('notification', (n) => {
    if (n.channel !== 'xt_cache') return;
    if (n.payload && isTopic(n.payload)) forget(bus, n.payload);
  });
  try {
    await client.connect();
    await client.query('LISTEN xt_cache');
  } catch {
    down();
    return;
  }
  // what was cached before LISTEN took effect may have missed a change
  forgetAll(bus);
  bus.live = true;
}

/** Start the node's LISTEN connection for this database; stop() empties and disables the caches. */
export async function startCacheBus(database: TDatabase): Promise<{ stop: () => Promise<void> }> {
  const bus: TBus = {
    live: false, closed: false, client: null, retry: null,
    generation: Object.fromEntries(TOPICS.map((t) => [t, 0])) as TBus['generation'],
    maps: Object.fromEntries(TOPICS.map((t) => [t, new Map()])) as TBus['maps'],
  };
  buses.set(keyOf(database.db), bus);
  const o = database.pool.options as pg.PoolConfig;
  await connect(bus, { connectionString: o.connectionString, host: o.host, port: o.port, user: o.user, password: o.password, database: o.database } as pg.ClientConfig);
  return {
    stop: async () => {
      bus.closed = true;
      bus.live = false;
      if (bus.retry) clearTimeout(bus.retry);
      forgetAll(bus);
      const c = bus.client;
      bus.client = null;
      await c?.end().catch(() => {});
    },
  };
}

/**
 * A topic's cache for this database: get/set, or null when caching is off (no live LISTEN).
 * `set` needs the generation taken before the read that produced the value.
 */
export function cacheFor<V>(db: TDb | TTx, topic: TCacheTopic): {
  get: (k: string) => V | undefined;
  generation: number;
  set: (k: string, v: V, generation: number) => void;
} | null {
  const bus = buses.get(keyOf(db));
  if (!bus?.live) return null;
  const map = bus.maps[topic] as Map<string, V>;
  return {
    get: (k) => map.get(k),
    generation: bus.generation[topic],
    set: (k, v, generation) => {
      if (bus.live && bus.generation[topic] === generation) map.set(k, v);
    },
  };
}

/**
 * Forget a topic on this node now, after a change this node committed itself (logout, password
 * change, revocation): its next request must not wait for the NOTIFY to come round.
 */
export function forgetOnThisNode(db: TDb | TTx, topic: TCacheTopic): void {
  const bus = buses.get(keyOf(db));
  if (bus) forget(bus, topic);
}
