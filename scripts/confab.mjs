#!/usr/bin/env node
// `npx -y pnpm@10.34.9 confab <command>` from a checkout: runs the built CLI, or says how to build it.
import { existsSync } from 'node:fs';

const cli = new URL('../apps/server/dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  console.error(`confab: ${cli.pathname} is not built yet: run \`npx -y pnpm@10.34.9 build\` first.`);
  process.exit(1);
}
// Imported, not spawned: the command sees the same argv tail, signals and exit code.
await import(cli.href);
