/**
 * Demo cases and flows (filled in by the processes work): called after the demo agencies
 * and accounts exist.
 */
import type { TDb } from '../db/database';

export async function seedDemoCases(_db: TDb, _log: (m: string) => void): Promise<void> {
  // intentionally empty until the case/process seed lands
}
