#!/usr/bin/env node
// Runs the bundled CLI (scripts/build-server.mjs) when it is current, else the TypeScript
// sources through tsx — so an edited source is never shadowed by an old bundle.
import { BUNDLE, bundleIsFresh } from './bundle.mjs';

if (process.env.XIETONG_NO_BUNDLE !== '1' && bundleIsFresh()) {
  await import(BUNDLE);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/main.ts');
}
