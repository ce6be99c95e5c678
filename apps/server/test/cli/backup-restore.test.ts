import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqlite } from '@confab/db';
import type { ConfabClient } from '@confab/sdk';
import { startChatServer } from '../chat/helpers.js';
import { pngImage } from '../fixtures/images.js';
import type { TestServer } from '../harness.js';
import { readManifest, runCli, startCliServer } from './helpers.js';

interface Writer {
  client: ConfabClient;
  token: string;
  /** every message the server acknowledged, with the time of the acknowledgement */
  acked: { id: number; ackedAt: number }[];
  /** the bytes of every file this writer uploaded, by upload id */
  files: Map<string, Buffer>;
}

async function upload(server: TestServer, token: string, bytes: Buffer, name: string): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  const response = await fetch(`${server.url}/api/uploads`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
  if (response.status !== 201) throw new Error(`upload failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

/** Sends messages (every fourth with a fresh upload) until `stop` is set. */
async function write(server: TestServer, writer: Writer, roomId: string, stop: { now: boolean }, pngBytes: Buffer) {
  for (let n = 0; !stop.now; n++) {
    const attachmentIds: string[] = [];
    if (n % 4 === 0 && writer.files.size < 25) {
      // Mostly plain files (stored as sent); one image so previews are covered too.
      const bytes = writer.files.size === 0 ? pngBytes : randomBytes(4096 + Math.floor(Math.random() * 60_000));
      const id = await upload(server, writer.token, bytes, writer.files.size === 0 ? 'picture.png' : `data-${n}.bin`);
      writer.files.set(id, bytes);
      attachmentIds.push(id);
    }
    const sent = await writer.client.message.send.mutate({ roomId, body: `message ${n} ${randomUUID()}`, clientId: randomUUID(), attachmentIds });
    writer.acked.push({ id: sent.id, ackedAt: performance.now() });
  }
}

async function fetchBytes(url: string, token: string): Promise<{ status: number; bytes: Buffer }> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()) };
}

const temps: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'confab-cli-'));
  temps.push(dir);
  return dir;
}
afterAll(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('confab backup and restore', () => {
  it('a backup taken while clients send and upload restores to exactly the snapshot, files and all', async () => {
    const server = await startChatServer();
    const work = tempDir();
    try {
      const owner = await server.signUp('Owner');
      const room = await owner.client.room.create.mutate({ name: 'busy', visibility: 'public' });
      const writers: Writer[] = [];
      for (let i = 0; i < 4; i++) {
        const person = i === 0 ? owner : await server.signUp(`Writer ${i}`);
        if (i > 0) await person.client.room.join.mutate({ roomId: room.id });
        writers.push({ client: person.client, token: person.token, acked: [], files: new Map() });
      }
      const pngBytes = await pngImage(80, 60);
      const stop = { now: false };
      const loops = writers.map((writer) => write(server, writer, room.id, stop, pngBytes));
      const allAcked = () => writers.flatMap((writer) => writer.acked);
      const untilAcked = async (count: number) => {
        while (allAcked().length < count) await Promise.race([...loops, new Promise((resolve) => setTimeout(resolve, 10))]);
      };
      await untilAcked(60);

      const backupStartedAt = performance.now();
      const ackedBefore = allAcked().filter((ack) => ack.ackedAt < backupStartedAt);
      const result = await runCli(['backup', '--to', path.join(work, 'backups')], { DATA_DIR: server.dataDir });
      const ackedDuring = allAcked().length - ackedBefore.length;
      await untilAcked(allAcked().length + 20);
      stop.now = true;
      await Promise.all(loops);

      expect(result.stderr).toContain('copying the database');
      expect(result.code, result.stderr).toBe(0);
      expect(ackedDuring, 'the clients kept sending while the backup ran').toBeGreaterThan(0);
      const backupDir = result.stdout.trim();
      expect(path.dirname(backupDir)).toBe(path.join(work, 'backups'));
      const manifest = readManifest(backupDir);
      expect(manifest.schema.latestTag).toMatch(/^\d{4}_/);
      expect(manifest.files.map((file) => file.path)).toEqual(expect.arrayContaining(['confab.db', 'secret']));

      // Restore into a fresh DATA_DIR and serve it.
      const restoredDir = path.join(work, 'restored');
      const restored = await runCli(['restore', '--from', backupDir], { DATA_DIR: restoredDir });
      expect(restored.code, restored.stderr).toBe(0);
      expect(restored.stderr).toContain('integrity_check');
      const restoredServer = await startCliServer(restoredDir);
      try {
        const original = server.app.confab.db.$client;
        const copy = openSqlite(path.join(restoredDir, 'confab.db'), { readonly: true });
        try {
          const { seq, maxMessageId } = manifest.snapshot;
          // Byte for byte at the snapshot: the event log and the messages up to its seq, nothing after.
          expect(copy.prepare('SELECT * FROM event ORDER BY seq').all()).toEqual(
            original.prepare('SELECT * FROM event WHERE seq <= ? ORDER BY seq').all(seq),
          );
          expect(copy.prepare('SELECT * FROM message ORDER BY id').all()).toEqual(
            original.prepare('SELECT * FROM message WHERE id <= ? ORDER BY id').all(maxMessageId),
          );
          const restoredUploads = copy.prepare('SELECT * FROM upload ORDER BY id').all() as { id: string; owner_id: string; has_preview: number }[];
          for (const row of restoredUploads) expect(row).toEqual(original.prepare('SELECT * FROM upload WHERE id = ?').get(row.id));
          expect(copy.prepare('SELECT * FROM attachment ORDER BY message_id, upload_id').all()).toEqual(
            original.prepare('SELECT * FROM attachment WHERE message_id <= ? ORDER BY message_id, upload_id').all(maxMessageId),
          );
          expect(
            allAcked().some((ack) => ack.id > maxMessageId),
            'messages sent after the snapshot are not in it',
          ).toBe(true);

          // Nothing acknowledged before the backup began is missing.
          const restoredIds = new Set((copy.prepare('SELECT id FROM message').pluck().all() as number[]).map(Number));
          expect(ackedBefore.filter((ack) => !restoredIds.has(ack.id))).toEqual([]);

          // Through the restored server: the same sessions still work (secret and sessions came back),
          // every message reads the same, every file is the same bytes as uploaded, previews too.
          const history = async (url: string) => {
            const messages: { id: number }[] = [];
            for (let cursor: number | null | undefined = undefined; cursor !== null;) {
              const input = encodeURIComponent(JSON.stringify({ roomId: room.id, limit: 100, cursor }));
              const response = await fetch(`${url}/trpc/message.history?input=${input}`, { headers: { authorization: `Bearer ${owner.token}` } });
              expect(response.status).toBe(200);
              const page = ((await response.json()) as { result: { data: { messages: { id: number }[]; nextCursor: number | null } } }).result.data;
              messages.push(...page.messages);
              cursor = page.nextCursor;
            }
            return messages;
          };
          const [before, after] = [await history(server.url), await history(restoredServer.url)];
          expect(after).toEqual(before.filter((message) => message.id <= maxMessageId));

          const uploaded = new Map(
            writers.flatMap((writer) => [...writer.files].map(([id, bytes]) => [id, { bytes, token: writer.token }] as const)),
          );
          expect(restoredUploads.length).toBeGreaterThanOrEqual(4);
          for (const row of restoredUploads) {
            const source = uploaded.get(row.id);
            if (!source) throw new Error(`upload ${row.id} was never sent`);
            const restoredFile = await fetchBytes(`${restoredServer.url}/uploads/${row.id}`, source.token);
            const originalFile = await fetchBytes(`${server.url}/uploads/${row.id}`, source.token);
            expect(restoredFile.status).toBe(200);
            expect(restoredFile.bytes.equals(originalFile.bytes)).toBe(true);
            if (!row.has_preview) expect(restoredFile.bytes.equals(source.bytes)).toBe(true);
            if (row.has_preview) {
              const [a, b] = [
                await fetchBytes(`${restoredServer.url}/uploads/${row.id}/preview`, source.token),
                await fetchBytes(`${server.url}/uploads/${row.id}/preview`, source.token),
              ];
              expect(a.status).toBe(200);
              expect(a.bytes.equals(b.bytes)).toBe(true);
            }
          }
          expect(restoredUploads.some((row) => row.has_preview)).toBe(true);
        } finally {
          copy.close();
        }
        // The restored server takes new writes on top of the snapshot.
        const response = await fetch(`${restoredServer.url}/trpc/message.send`, {
          method: 'POST',
          headers: { authorization: `Bearer ${owner.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ roomId: room.id, body: 'after the restore', clientId: randomUUID() }),
        });
        expect(response.status).toBe(200);
      } finally {
        await restoredServer.stop();
      }
    } finally {
      await server.close();
    }
  });

  it('a backup folder appears only when complete; a wrong DATA_DIR is a clear error that creates nothing', async () => {
    const work = tempDir();
    const missing = path.join(work, 'no-such-data');
    const result = await runCli(['backup', '--to', path.join(work, 'backups')], { DATA_DIR: missing });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`No Confab database at ${path.join(missing, 'confab.db')}`);
    expect(readdirSync(work)).toEqual([]);
  });
});
