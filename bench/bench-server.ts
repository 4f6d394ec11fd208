/**
 * The app alone in a process for the benchmarks (the load client runs elsewhere):
 * `node --import tsx bench/bench-server.ts <database url>` prints "listening <port>".
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../packages/server/src/app';
import { loadConfig } from '../packages/server/src/config';
import { createDatabase } from '../packages/server/src/db/database';
import { migrate } from '../packages/server/src/db/migrate';
import { seedDemo } from '../packages/server/src/demo/seed-demo';

const url = process.argv[2]!;
await migrate(url);
const database = createDatabase(url, { max: 20 });
await seedDemo(database.db);
// blobs (uploads, issued 文书) in XIETONG_DATA_DIR when given (the upload bench: the disk it measures), else a temporary directory
const dataDir = process.env.XIETONG_DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'xt-bench-server-'));
const app = await buildApp({ database, config: { ...loadConfig({}), dataDir, logLevel: 'silent' }, dbKind: 'external' }, { logger: false });
await app.listen({ port: 0, host: '127.0.0.1' });
const addr = app.server.address();
console.log(`listening ${typeof addr === 'object' && addr ? addr.port : 0}`);
process.once('SIGTERM', () => {
  void app.close().then(() => database.close()).then(() => {
    if (!process.env.XIETONG_DATA_DIR) fs.rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  });
});
