import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Sqlite } from '@confab/db';

export const MANIFEST_FILE = 'manifest.json';
export const DATABASE_FILE = 'confab.db';
export const SECRET_FILE = 'secret';

/** A path inside a backup: the database, the secret, or a file under uploads/ (never one that climbs out). */
const backupPath = z
  .string()
  .refine(
    (value) => value === DATABASE_FILE || value === SECRET_FILE || /^uploads\/[A-Za-z0-9_-]{1,2}\/[A-Za-z0-9_.-]+$/.test(value),
    'is not a file a Confab backup holds',
  )
  .refine((value) => !value.split('/').includes('..'), 'climbs out of the backup');

const count = z.number().int().nonnegative();

export const manifestSchema = z.object({
  format: z.literal(1),
  app: z.literal('confab'),
  /** the Confab version that wrote it */
  version: z.string(),
  createdAt: z.string(),
  /** the newest event and message the snapshot holds: everything up to them is in it, nothing after */
  snapshot: z.object({ seq: count, maxMessageId: count }),
  /** the newest migration applied to the snapshot (drizzle's journal tag and timestamp) */
  schema: z.object({ migrations: count, latestTag: z.string().nullable(), latestAt: z.number().nullable() }),
  counts: z.object({ users: count, rooms: count, messages: count, uploads: count, events: count }),
  /** uploads whose rows are in the snapshot but whose files were already missing from DATA_DIR */
  missingUploads: z.array(z.string()),
  files: z.array(z.object({ path: backupPath, size: count, sha256: z.string().regex(/^[0-9a-f]{64}$/) })),
});

export type Manifest = z.infer<typeof manifestSchema>;
type SnapshotFacts = Pick<Manifest, 'snapshot' | 'schema' | 'counts'>;

const journalSchema = z.object({ entries: z.array(z.object({ tag: z.string(), when: z.number() })) });

/** The migrations this build knows (drizzle's journal), oldest first. */
export function knownMigrations(migrationsFolder: string): { tag: string; when: number }[] {
  const file = path.join(migrationsFolder, 'meta', '_journal.json');
  return journalSchema.parse(JSON.parse(readFileSync(file, 'utf8'))).entries;
}

/** What a snapshot holds: its last seq, its schema, its row counts. */
export function describeSnapshot(db: Sqlite, migrationsFolder: string): SnapshotFacts {
  const scalar = (sql: string) => Number((db.prepare(sql).pluck().get() as number | bigint | null) ?? 0);
  const applied = db.prepare('SELECT created_at FROM __drizzle_migrations ORDER BY created_at').pluck().all() as (number | string)[];
  const latestAt = applied.length > 0 ? Number(applied[applied.length - 1]) : null;
  const latestTag = latestAt === null ? null : (knownMigrations(migrationsFolder).find((entry) => entry.when === latestAt)?.tag ?? null);
  return {
    // sqlite_sequence keeps the last seq handed out even when retention pruned that event.
    snapshot: {
      seq: Math.max(scalar("SELECT seq FROM sqlite_sequence WHERE name = 'event'"), scalar('SELECT max(seq) FROM event')),
      maxMessageId: scalar('SELECT max(id) FROM message'),
    },
    schema: { migrations: applied.length, latestTag, latestAt },
    counts: {
      users: scalar('SELECT count(*) FROM user'),
      rooms: scalar('SELECT count(*) FROM room'),
      messages: scalar('SELECT count(*) FROM message'),
      uploads: scalar('SELECT count(*) FROM upload'),
      events: scalar('SELECT count(*) FROM event'),
    },
  };
}
