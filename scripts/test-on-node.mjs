#!/usr/bin/env node
// Runs vitest on another Node major: `node scripts/test-on-node.mjs 24 apps/server/test`.
// node_modules holds better-sqlite3 built for this Node's ABI, so the run happens in a copy of the
// checkout (node_modules hard-linked, so it costs seconds, not a reinstall) whose better-sqlite3 is
// the build for that Node (compiled once and cached, as for the release). argon2 and sharp are
// Node-API and load on any version. Node itself comes from the registry (`npx -y node@24`).
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { betterSqliteBinding, NODE_ABIS, packageDir } from './release/native.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const [major, ...vitestArgs] = process.argv.slice(2);
if (!major || !(major in NODE_ABIS)) {
  console.error(`usage: node scripts/test-on-node.mjs <${Object.keys(NODE_ABIS).join('|')}> [vitest arguments]`);
  process.exit(2);
}
const log = (line) => console.log(`[node ${major}] ${line}`);

log(`fetching Node ${major} (npx -y node@${major})`);
const cachedNode = execFileSync('npx', ['-y', `node@${major}`, '-p', 'process.execPath'], { encoding: 'utf8' }).trim();
const version = execFileSync(cachedNode, ['--version'], { encoding: 'utf8' }).trim();
log(`${cachedNode} is ${version}`);

const cacheDir = path.join(root, 'node_modules', '.cache', 'confab-release');
mkdirSync(cacheDir, { recursive: true });
const sqliteSource = packageDir('better-sqlite3', path.join(root, 'apps', 'server'));
const binding = betterSqliteBinding({ abi: NODE_ABIS[major], major, sourceDir: sqliteSource, cacheDir, log });

const copy = path.join(tmpdir(), `confab-node${major}`);
log(`copying the checkout to ${copy}`);
rmSync(copy, { recursive: true, force: true });
mkdirSync(copy);
for (const entry of readdirSync(root)) {
  if (entry === '.git' || entry === 'test-results' || entry === 'node_modules') continue;
  cpSync(path.join(root, entry), path.join(copy, entry), { recursive: true, verbatimSymlinks: true });
}
// Hard links: the copy shares the files; the one file replaced below is unlinked first.
const linked = spawnSync('cp', ['-al', path.join(root, 'node_modules'), path.join(copy, 'node_modules')], { stdio: 'inherit' });
if (linked.status !== 0) cpSync(path.join(root, 'node_modules'), path.join(copy, 'node_modules'), { recursive: true, verbatimSymlinks: true });
rmSync(path.join(copy, 'node_modules', '.vite'), { recursive: true, force: true });
const target = path.join(copy, path.relative(root, sqliteSource), 'build', 'Release', 'better_sqlite3.node');
if (!existsSync(target)) throw new Error(`${target} is missing in the copy`);
rmSync(target);
cpSync(binding, target);
// npx keeps node under root's home, which tests that drop to another user (e.g. nobody) cannot reach.
const node = path.join(copy, `.node-${major}`, 'node');
mkdirSync(path.dirname(node), { mode: 0o755 });
cpSync(cachedNode, node);

log(`vitest run ${vitestArgs.join(' ')}`);
const env = { ...process.env, PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH ?? ''}` };
const run = spawnSync(node, [path.join(copy, 'node_modules', 'vitest', 'vitest.mjs'), 'run', ...vitestArgs], { cwd: copy, env, stdio: 'inherit' });
if (run.status === 0) rmSync(copy, { recursive: true, force: true });
else log(`failed; the copy is kept in ${copy}`);
process.exit(run.status ?? 1);
