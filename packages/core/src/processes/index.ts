/**
 * @xietong/core/processes — the ten cross-agency processes as declarative definitions, and the
 * one pure engine that runs them. See README.md.
 */
export * from './definition';
export * from './documents';
export * from './engine';
export * from './guards';
export * from './registry';
export * from './docs';
export { CUSTODY_EXTENSION_TIERS } from './definitions/p08-custody-extension';
export * from './statute-zh';
export * from './statute-texts';
