import { createAppRouter } from './router.js';

// This file is only ever read for its types (package.json exports it under "types" alone).
// The parameterless stand-in makes declaration output spell the router's type out in full, so
// the SDK's bundled types never mention the services (and so the database) the router closes over.
const _buildForTypes = () => createAppRouter(undefined as never);
export type AppRouter = ReturnType<typeof _buildForTypes>;
export type * from './types.js';
