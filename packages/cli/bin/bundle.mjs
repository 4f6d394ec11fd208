// Where the bundled CLI lives and whether it is current (issue #12: restart after a crash).
// Through tsx every module of the sources passes the loader thread (seconds at start-up on a
// busy machine); the bundle is one plain ES module built by scripts/build-server.mjs.
import fs from 'node:fs';
import path from 'node:path';

const PACKAGES = path.resolve(import.meta.dirname, '../..');
export const BUNDLE = path.join(PACKAGES, 'cli/dist/xietong.mjs');
const SOURCES = ['core/src', 'server/src', 'cli/src'].map((d) => path.join(PACKAGES, d));
const BUILDER = path.resolve(PACKAGES, '../scripts/build-server.mjs');

/** The newest modification time of any file under dir (also used by scripts/ensure-web.mjs). */
export function newestMtime(dir) {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

/** The newest modification time of anything the bundle is built from. */
export function sourcesTime() {
  let t = fs.existsSync(BUILDER) ? fs.statSync(BUILDER).mtimeMs : 0;
  for (const d of SOURCES) if (fs.existsSync(d)) t = Math.max(t, newestMtime(d));
  return t;
}

/** The 法律文书 render worker's bundle, built beside a bundle and named after it (documents/render-pool.ts). */
export function workerBundleFor(file) {
  return file.replace(/\.mjs$/, '') + '-render-worker.mjs';
}

/** True when the bundle and its render worker exist and are not older than any source they were built from. */
export function bundleIsFresh(file = BUNDLE) {
  try {
    return Math.min(fs.statSync(file).mtimeMs, fs.statSync(workerBundleFor(file)).mtimeMs) >= sourcesTime();
  } catch {
    return false;
  }
}
