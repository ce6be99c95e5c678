// Bundles the server, the workspace packages and the pure-JS dependencies into dist/main.js:
// one file to parse instead of hundreds to resolve and load halves the cold start. Native
// modules (and ws's optional native helpers) stay external and load from node_modules.
import { build } from 'esbuild';

const external = ['better-sqlite3', 'argon2', 'sharp', 'bufferutil', 'utf-8-validate'];

await build({
  entryPoints: [new URL('./src/main.ts', import.meta.url).pathname],
  outfile: new URL('./dist/main.js', import.meta.url).pathname,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  external: [...external, ...external.map((name) => `${name}/*`)],
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
});
