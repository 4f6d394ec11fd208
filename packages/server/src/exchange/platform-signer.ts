/**
 * The key the platform signs webhooks and its own receipts with: the platform's ledger key
 * (published in ledger_keys and at GET /api/exchange/schemas), read once per data directory.
 */
import type { TSigner } from '@xietong/core/ledger';
import { loadFileSigner } from '../ledger/keys';
import { ledgerSettings } from '../ledger/settings';

const signers = new Map<string, TSigner>();

export function platformSigner(dataDir: string): TSigner {
  let s = signers.get(dataDir);
  if (!s) {
    s = loadFileSigner(ledgerSettings(dataDir), { kind: 'platform' });
    signers.set(dataDir, s);
  }
  return s;
}
