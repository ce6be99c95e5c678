#!/usr/bin/env node
// `npx -y pnpm@10.34.9 release`: builds dist/confab-<version>-linux-x64.tar.gz, a folder that runs
// with plain `node` (no pnpm, no compiler, no network): the bundled server and CLI, the built web
// client, the migrations, the native modules (better-sqlite3 for each supported Node ABI),
// bin/confab and a short README. Its layout mirrors the repository's, so the server finds its
// migrations, web client and default DATA_DIR exactly where it does in a checkout.
//
//   --skip-build     reuse apps/server/dist and apps/web/dist as they are
//   --node 20,22,24  Node majors to carry better-sqlite3 for (default all three; `current` = this Node only)
//   --out DIR        where the .tar.gz goes (default dist/)
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { betterSqliteBinding, copyPackage, NODE_ABIS, packageDir, runtimeClosure } from './release/native.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const serverDir = path.join(root, 'apps', 'server');
const NATIVE_ROOTS = ['better-sqlite3', 'argon2', 'sharp'];

function fail(message) {
  console.error(`release: ${message}`);
  process.exit(1);
}

let args;
try {
  args = parseArgs({ options: { 'skip-build': { type: 'boolean' }, node: { type: 'string' }, out: { type: 'string' } } }).values;
} catch (error) {
  fail(`${error.message} (options: --skip-build, --node 20,22,24, --out DIR)`);
}
const currentMajor = process.versions.node.split('.')[0];
const majors = (args.node ?? '20,22,24').split(',').map((value) => (value.trim() === 'current' ? currentMajor : value.trim()));
for (const major of majors) if (!(major in NODE_ABIS)) fail(`--node ${major}: this release supports Node ${Object.keys(NODE_ABIS).join(', ')}`);
if (!majors.includes(currentMajor)) fail(`the release must include the Node it is built with (${currentMajor}), to test it`);

const log = (line) => console.log(line);
const version = JSON.parse(readFileSync(path.join(serverDir, 'package.json'), 'utf8')).version;
const name = `confab-${version}-linux-x64`;
const outDir = path.resolve(args.out ?? path.join(root, 'dist'));
const staging = path.join(outDir, `.${name}.staging`);
const cacheDir = path.join(root, 'node_modules', '.cache', 'confab-release');
mkdirSync(cacheDir, { recursive: true });
if (process.platform !== 'linux' || process.arch !== 'x64') fail(`builds linux-x64 only (this is ${process.platform}-${process.arch})`);

if (!args['skip-build']) {
  log('--- building the server and the web client');
  const pnpm =
    process.env.npm_execpath && process.env.npm_execpath.includes('pnpm')
      ? [process.execPath, [process.env.npm_execpath]]
      : ['npx', ['-y', 'pnpm@10.34.9']];
  execFileSync(pnpm[0], [...pnpm[1], 'build'], { cwd: root, stdio: 'inherit' });
}
for (const required of ['apps/server/dist/main.js', 'apps/server/dist/cli.js', 'apps/web/dist/index.html']) {
  if (!existsSync(path.join(root, required))) fail(`${required} is missing: run without --skip-build (or \`npx -y pnpm@10.34.9 build\`)`);
}

log(`--- assembling ${name} (better-sqlite3 for Node ${majors.join(', ')})`);
rmSync(staging, { recursive: true, force: true });
const top = path.join(staging, name);
const put = (from, to = from, options = {}) => cpSync(path.join(root, from), path.join(top, to), { recursive: true, dereference: true, ...options });
put('apps/server/dist/main.js');
put('apps/server/dist/cli.js');
put('apps/web/dist');
put('drizzle');
put('LICENSE');
mkdirSync(path.join(top, 'data'));
// The server finds its version (manifests, --help) and its module type from this package.json.
writeFileSync(
  path.join(top, 'apps/server/package.json'),
  `${JSON.stringify({ name: '@confab/server', version, private: true, type: 'module' }, null, 2)}\n`,
);
writeFileSync(
  path.join(top, 'package.json'),
  `${JSON.stringify({ name: 'confab', version, private: true, type: 'module', engines: { node: majors.map((major) => `^${major}`).join(' || ') } }, null, 2)}\n`,
);

log('--- native modules');
for (const { name: pkg, dir } of runtimeClosure(NATIVE_ROOTS, serverDir)) {
  const target = path.join(top, 'node_modules', pkg);
  copyPackage(dir, target, { skipBuild: pkg === 'better-sqlite3' });
  log(`  ${pkg}`);
}
// better-sqlite3 loads through `bindings`, which tries lib/binding/node-v<ABI>-linux-x64/ for the running Node.
const sqliteSource = packageDir('better-sqlite3', serverDir);
for (const major of majors) {
  const abi = NODE_ABIS[major];
  const binding = betterSqliteBinding({ abi, major, sourceDir: sqliteSource, cacheDir, log });
  const target = path.join(top, 'node_modules', 'better-sqlite3', 'lib', 'binding', `node-v${abi}-linux-x64`);
  mkdirSync(target, { recursive: true });
  cpSync(binding, path.join(target, 'better_sqlite3.node'));
  log(`  better-sqlite3 for Node ${major} (ABI ${abi})`);
}

log('--- launcher and README');
mkdirSync(path.join(top, 'bin'));
const abis = majors.map((major) => NODE_ABIS[major]).join(' ');
const launcher = readFileSync(path.join(root, 'scripts/release/confab.sh'), 'utf8').replace('@ABIS@', abis).replace('@MAJORS@', majors.join(', '));
writeFileSync(path.join(top, 'bin', 'confab'), launcher);
chmodSync(path.join(top, 'bin', 'confab'), 0o755);
const readme = readFileSync(path.join(root, 'scripts/release/README.md'), 'utf8')
  .replaceAll('@VERSION@', version)
  .replaceAll('@MAJORS@', majors.join(', '));
writeFileSync(path.join(top, 'README.md'), readme);

log('--- packing');
mkdirSync(outDir, { recursive: true });
const tarball = path.join(outDir, `${name}.tar.gz`);
const partial = `${tarball}.partial`;
execFileSync('tar', ['czf', partial, '--owner=0', '--group=0', '-C', staging, name]);
execFileSync('mv', ['-f', partial, tarball]);
rmSync(staging, { recursive: true, force: true });
const size = (Number(execFileSync('stat', ['-c', '%s', tarball], { encoding: 'utf8' })) / 1024 / 1024).toFixed(1);
log(`${tarball} (${size} MB)`);
