import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';

const dataDir = mkdtempSync(path.join(tmpdir(), 'confab-commands-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const env = { DATA_DIR: dataDir };

describe('the confab command line', () => {
  it('--help lists every command and the exit codes', async () => {
    const result = await runCli(['--help'], env);
    expect(result.code).toBe(0);
    for (const command of ['start', 'backup [--to DIR]', 'restore --from DIR [--force]']) expect(result.stdout).toContain(command);
    expect(result.stdout).toContain('Exit codes: 0 done, 1 failed, 2 wrong command line');
  });

  it('no command prints the usage and exits 2', async () => {
    const result = await runCli([], env);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('Usage: confab <command>');
  });

  it('a command explains its options with --help', async () => {
    const result = await runCli(['backup', '--help'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: confab backup [--to DIR]');
    expect(result.stdout).toContain('--to DIR');
  });

  it('an unknown command, an unknown option or a missing value is a usage error (exit 2) that says what to do', async () => {
    const unknown = await runCli(['bakcup'], env);
    expect([unknown.code, unknown.stderr]).toEqual([
      2,
      expect.stringMatching(/Unknown command "bakcup"\. Commands: start, backup, restore\b.*`confab --help`/),
    ]);
    const option = await runCli(['backup', '--too', 'x'], env);
    expect([option.code, option.stderr]).toEqual([2, expect.stringContaining("Unknown option '--too' for `confab backup`")]);
    const missing = await runCli(['restore'], env);
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringContaining('confab restore --from DIR')]);
    const extra = await runCli(['backup', 'somewhere'], env);
    expect([extra.code, extra.stderr]).toEqual([2, expect.stringContaining('Unexpected argument "somewhere"')]);
  });

  it('a bad setting stops a command the way it stops the server (exit 2, the variable named)', async () => {
    const result = await runCli(['backup'], { ...env, BACKUP_KEEP: 'lots' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('BACKUP_KEEP must be a number');
  });
});
