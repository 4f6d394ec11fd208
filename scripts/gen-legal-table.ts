/** Regenerate docs/legal.md from the process definitions; a test fails when it drifts. */
import fs from 'node:fs';
import path from 'node:path';
import { legalTable } from '../packages/core/src/processes/legal-table';

const root = path.resolve(import.meta.dirname, '..');
fs.writeFileSync(path.join(root, 'docs/legal.md'), legalTable());
console.log('wrote docs/legal.md');
