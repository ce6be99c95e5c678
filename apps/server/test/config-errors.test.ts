import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { serverDir, tempDataDir } from './harness.js';

const wrong = { PORT: '70000', TRUST_PROXY: 'true', LOG_FORMAT: 'xml', METRICS: 'maybe', METRICS_PORT: 'abc', BACKUP_INTERVAL_HOURS: '24' };

describe('configuration errors', () => {
  it('are all reported at once, each naming its variable', () => {
    let error: unknown;
    try {
      loadConfig({ DATA_DIR: tempDataDir(), ...wrong });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const lines = (error as ConfigError).message.split('\n');
    expect(lines[0]).toBe('Invalid configuration (6 problems):');
    expect(lines.slice(1).sort()).toEqual([
      '  - BACKUP_INTERVAL_HOURS needs BACKUP_DIR (the folder scheduled backups go to)',
      '  - LOG_FORMAT use pretty, json or auto',
      '  - METRICS use true or false',
      '  - METRICS_PORT must be a number',
      '  - PORT must be a port from 0 to 65535',
      expect.stringMatching(/^ {2}- TRUST_PROXY must name the proxy, not 'true'/),
    ]);
  });

  it('the new settings have safe defaults: no proxy trusted, no metrics, logs by terminal', () => {
    expect(loadConfig({ DATA_DIR: tempDataDir() })).toMatchObject({
      trustProxy: false,
      logFormat: 'auto',
      metrics: { onMainPort: false, port: null, host: '127.0.0.1' },
    });
    expect(loadConfig({ DATA_DIR: tempDataDir(), TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1']);
  });

  it('stop the server process with every problem on stderr', () => {
    const result = spawnSync(process.execPath, [path.join(serverDir, 'dist/main.js')], {
      env: { PATH: process.env.PATH, DATA_DIR: tempDataDir(), ...wrong },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    for (const name of Object.keys(wrong)) expect(result.stderr).toContain(`  - ${name} `);
  });
});
