import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, waitFor } from '../harness.js';
import { readManifest } from './helpers.js';

const backupDir = mkdtempSync(path.join(tmpdir(), 'confab-scheduled-'));
afterAll(() => rmSync(backupDir, { recursive: true, force: true }));

describe('scheduled backups', () => {
  it('the server backs itself up every BACKUP_INTERVAL_HOURS and keeps the newest BACKUP_KEEP', async () => {
    // 0.0002 h is 0.72 s.
    const server = await startServer({ env: { BACKUP_DIR: backupDir, BACKUP_INTERVAL_HOURS: '0.0002', BACKUP_KEEP: '2' } });
    try {
      const { client } = await server.signUp('Scheduled');
      const room = await client.room.create.mutate({ name: 'kept', visibility: 'private' });
      const seen = new Set<string>();
      let sentAfterFirst = false;
      await waitFor(
        async () => {
          const names = readdirSync(backupDir).filter((name) => name.startsWith('confab-'));
          names.forEach((name) => seen.add(name));
          if (seen.size >= 1 && !sentAfterFirst) {
            sentAfterFirst = true;
            await client.message.send.mutate({ roomId: room.id, body: 'after the first backup', clientId: crypto.randomUUID() });
          }
          return seen.size >= 4 && names.length <= 2;
        },
        30_000,
        'four scheduled backups with only two kept',
      );
      const kept = readdirSync(backupDir)
        .filter((name) => name.startsWith('confab-'))
        .sort();
      expect(kept.length).toBe(2);
      expect([...seen].sort().slice(-2)).toEqual(kept);
      // The newest holds the message sent after the first backup.
      expect(readManifest(path.join(backupDir, kept[1] ?? '')).counts.messages).toBe(1);
    } finally {
      await server.close();
    }
    // Closing stops the timer and waits for (or cleans up) a backup in progress: nothing half-written is left.
    expect(readdirSync(backupDir).filter((name) => name.startsWith('.'))).toEqual([]);
  });
});
