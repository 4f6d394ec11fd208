/**
 * The app alone in a process for the benchmarks (the load client runs elsewhere):
 * `node --import tsx bench/bench-server.ts <database url>` prints "listening <port>".
 */
import { buildApp } from '../packages/server/src/app';
import { loadConfig } from '../packages/server/src/config';
import { createDatabase } from '../packages/server/src/db/database';
import { migrate } from '../packages/server/src/db/migrate';
import { seedDemo } from '../packages/server/src/demo/seed-demo';

const url = process.argv[2]!;
await migrate(url);
const database = createDatabase(url, { max: 20 });
await seedDemo(database.db);
const app = await buildApp({ database, config: { ...loadConfig({}), logLevel: 'silent' }, dbKind: 'external' }, { logger: false });
await app.listen({ port: 0, host: '127.0.0.1' });
const addr = app.server.address();
console.log(`listening ${typeof addr === 'object' && addr ? addr.port : 0}`);
process.once('SIGTERM', () => {
  void app.close().then(() => database.close()).then(() => process.exit(0));
});
