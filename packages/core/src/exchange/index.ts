/**
 * @xietong/core/exchange — messages, signatures and delivery rules of the exchange API (issue 16).
 * Node-only (SM2 through node:crypto), like @xietong/core/ledger; the web app imports only the
 * contracts in api/exchange.api.ts.
 */
export * from './messages';
export * from './signing';
export * from './delivery';
export * from './json';
