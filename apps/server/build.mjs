// Bundles the server, the workspace packages and the pure-JS dependencies into dist/main.js:
// one file to parse instead of hundreds to resolve and load halves the cold start. Native
// modules (and ws's optional native helpers) stay external and load from node_modules.
import { build } from 'esbuild';

const external = ['better-sqlite3', 'argon2', 'sharp', 'bufferutil', 'utf-8-validate'];

await build({
  // dist/main.js is the server; dist/cli.js is `confab <command>` (src/cli/main.ts).
  entryPoints: { main: new URL('./src/main.ts', import.meta.url).pathname, cli: new URL('./src/cli/main.ts', import.meta.url).pathname },
  outdir: new URL('./dist', import.meta.url).pathname,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  external: [...external, ...external.map((name) => `${name}/*`)],
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
});
