/**
 * Loads the shared test vectors (/work/shared/vectors, i.e. <repo root>/../shared/vectors)
 * at run time. They are never copied into the project: they are the independent reference.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRepoRoot(from: string): string {
  // The repo root is the directory whose package.json declares the workspaces.
  for (let dir = from; ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && 'workspaces' in (JSON.parse(readFileSync(pkg, 'utf8')) as object)) return dir;
    if (dirname(dir) === dir) throw new Error('repository root not found');
  }
}

export const VECTORS_DIR = resolve(findRepoRoot(dirname(fileURLToPath(import.meta.url))), '..', 'shared', 'vectors');

export const vectorsPresent = existsSync(VECTORS_DIR);

/** Parsed vector file, or null when the folder is absent (then vector tests are not registered). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- vector JSON is read loosely by tests
export function loadVectorFile<T = any>(name: string): T | null {
  if (!vectorsPresent) return null;
  return JSON.parse(readFileSync(join(VECTORS_DIR, name), 'utf8')) as T;
}

let logged = false;
export function logVectorsSkipped(): void {
  if (!logged) console.log('shared/vectors not found, vector tests skipped');
  logged = true;
}
