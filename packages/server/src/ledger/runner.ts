/**
 * The ledger's background work in a server process: integrate pending entries every
 * `integrateMs` (skipping a round when another process holds the lock), publish a checkpoint
 * every `checkpointSeconds` when the tree has grown, and ask the agencies' witnesses to
 * cosign it. One loop, never overlapping itself; stop() waits for the round in flight.
 */
import type { TDb } from '../db/database';
import { integrateLedger } from './integrate';
import { publishCheckpoint } from './publish-checkpoint';
import type { TLedgerSettings } from './settings';
import { collectCosignatures } from './witness-checkpoint';

export type TLedgerRunner = { stop: () => Promise<void>; runOnce: () => Promise<void> };

export function startLedgerRunner(db: TDb, settings: TLedgerSettings, log: (m: string) => void = () => {}): TLedgerRunner {
  let stopped = false;
  let lastCheckpoint = Date.now();
  let inFlight: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | null = null;

  const round = async (): Promise<void> => {
    try {
      await integrateLedger(db, { wait: false });
      if (settings.checkpointSeconds > 0 && Date.now() - lastCheckpoint >= settings.checkpointSeconds * 1000) {
        lastCheckpoint = Date.now();
        const cp = await publishCheckpoint(db, settings);
        if (cp?.created) await collectCosignatures(db, settings, cp.id, log);
      }
    } catch (e) {
      if (!stopped) log(`ledger: ${(e as Error).message}`);
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      inFlight = round().finally(schedule);
    }, settings.integrateMs);
    timer.unref();
  };
  schedule();
  return {
    runOnce: () => (inFlight = inFlight.then(round)),
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await inFlight;
    },
  };
}
