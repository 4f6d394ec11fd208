/**
 * @xietong/core/ledger — the cryptographic core of the tamper-evident ledger.
 * The only Node-only part of core (node:crypto); see README.md. Not re-exported from
 * @xietong/core so web bundles never pull it in.
 */
export * from './hash';
export * from './sm2';
export * from './ed25519';
export * from './signer';
export * from './merkle';
export * from './note';
export * from './witness';
export * from './entry';
export * from './tree-head';
