export * as schema from './schema.js';
export * from './schema.js';
export { createDb, openSqlite, type Db, type Sqlite } from './client.js';
