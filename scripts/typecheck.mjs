#!/usr/bin/env node
/**
 * `npm run typecheck`: two TypeScript programs side by side — everything that runs on Node
 * (tsconfig.node.json: core, server, CLI, scripts, benchmarks) and the web app with its browser
 * tests (packages/web/tsconfig.json, DOM library). One program per runtime instead of one per
 * package: core and server were checked again by every package that imports them (85 s → ~35 s).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createRequire } from 'node:module';

const root = path.resolve(import.meta.dirname, '..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const programs = ['tsconfig.node.json', 'packages/web/tsconfig.json'];

const results = await Promise.all(
  programs.map(
    (p) =>
      new Promise((resolve) => {
        let out = '';
        const child = spawn(process.execPath, [tsc, '-p', p, '--noEmit', '--pretty'], { cwd: root });
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (out += d));
        child.on('close', (code) => resolve({ p, code, out }));
      }),
  ),
);
let failed = false;
for (const { p, code, out } of results) {
  if (out.trim()) process.stdout.write(out);
  if (code !== 0) {
    failed = true;
    console.error(`typecheck failed: ${p}`);
  }
}
process.exit(failed ? 1 : 0);
