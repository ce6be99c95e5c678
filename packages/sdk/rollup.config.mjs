// Bundles the declarations into one self-contained dist/index.d.ts: the router's types are
// inlined from the workspace, so a program outside this repo needs only the SDK's own dependencies.
// Server-only modules are marked external so rollup never parses them; the tree-shaken output
// must not import them (the pack test type-checks a consumer to prove it).
import { dts } from 'rollup-plugin-dts';

const serverOnly = /^(@confab\/db|drizzle-orm|better-sqlite3|argon2|jsonwebtoken|zod)(\/|$)/;

export default {
  input: 'src/index.ts',
  output: { file: 'dist/index.d.ts', format: 'es' },
  external: (id) => /^(@trpc\/|ws$|node:)/.test(id) || serverOnly.test(id),
  plugins: [dts({ respectExternal: true, tsconfig: 'tsconfig.dts.json' })],
};
