// Build the web app once (or when its sources changed) so `npm start` serves it; a no-op otherwise.
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { newestMtime as newest } from '../packages/cli/bin/bundle.mjs';

const web = path.resolve(import.meta.dirname, '../packages/web');
const dist = path.join(web, 'dist/index.html');
if (!fs.existsSync(path.join(web, 'package.json')) || !fs.existsSync(path.join(web, 'vite.config.ts'))) process.exit(0);
const srcTime = Math.max(newest(path.join(web, 'src')), newest(path.resolve(web, '../core/src')));
if (fs.existsSync(dist) && fs.statSync(dist).mtimeMs >= srcTime) process.exit(0);
console.log('building the web app (first start) … / 正在构建前端');
execSync('npm run build -w @xietong/web', { stdio: 'inherit', cwd: path.resolve(web, '../..') });
