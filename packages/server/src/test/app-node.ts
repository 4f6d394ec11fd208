/**
 * One app node as its own process, for the several-nodes test (issue 13): the same app the
 * platform serves, on DATABASE_URL and XIETONG_DATA_DIR, on a free port it prints as
 * `LISTENING <port>` (APP_NODE_PORT fixes the port, for a node restarted after a kill). SIGTERM closes it.
 */
import { buildApp } from '../app';
import { loadConfig } from '../config';
import { createDatabase } from '../db/database';

const database = createDatabase(process.env.DATABASE_URL!, { max: 8 });
const app = await buildApp({ database, config: { ...loadConfig(), logLevel: 'silent' }, dbKind: 'external' }, { logger: false });
await app.listen({ port: Number(process.env.APP_NODE_PORT ?? 0), host: '127.0.0.1' });
const addr = app.server.address();
process.stdout.write(`LISTENING ${typeof addr === 'object' && addr ? addr.port : 0}\n`);
process.on('SIGTERM', () => {
  void app.close().then(() => database.close()).finally(() => process.exit(0));
});
