export * as schema from './schema.js';
export * from './schema.js';
export { createDb, type Db } from './client.js';
