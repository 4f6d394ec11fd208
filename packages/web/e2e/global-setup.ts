/**
 * Before the browser tests: build the web app when its sources are newer than dist/ (the same
 * script `npm start` runs), so the server under test serves the current workbench.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export default function setup(): void {
  const root = path.resolve(import.meta.dirname, '../../..');
  // vitest sets NODE_ENV=test, which Vite would honour (a development build): test what ships.
  execFileSync(process.execPath, [path.join(root, 'scripts/ensure-web.mjs')], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
}
