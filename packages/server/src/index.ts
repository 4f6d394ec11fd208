export { buildApp } from './app';
export { loadConfig, type TConfig } from './config';
export { startPlatform, openDatabase } from './start';
export { migrate } from './db/migrate';
export { createDatabase } from './db/database';
export { startEmbedded, readEmbeddedMeta, embeddedUrl } from './db/embedded';
// the demo seeding is not exported here: it loads on demand (`@xietong/server/demo/…`), not at every start
export { createUser } from './users/create-user';
export { operatorUpdateUser } from './users/operator-update-user';
export { ensureAdmin } from './bootstrap';
