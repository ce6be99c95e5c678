import path from 'node:path';
import { createBackup } from '../backup/create.js';
import { readConfig } from '../config.js';
import type { Command } from './command.js';
import { describeSize } from './sizes.js';

export const backup: Command = {
  name: 'backup',
  summary: 'write a consistent snapshot of DATA_DIR (safe while the server runs)',
  usage: '[--to DIR]',
  description: [
    "Writes DIR/confab-<time>/ with the database (through SQLite's online backup, so the server keeps",
    'serving), every upload the snapshot refers to, the secret, and manifest.json (version, schema',
    'migration, counts, checksums). The folder appears only once it is complete. Prints its path on stdout.',
  ].join('\n'),
  options: { to: { type: 'string', placeholder: 'DIR', description: 'where to put the backup (default: BACKUP_DIR, else ./backups)' } },
  async run(input) {
    const config = readConfig();
    const targetParent = path.resolve(input.string('to') ?? config.backup.dir ?? 'backups');
    input.progress(`backing up ${config.dataDir} into ${targetParent}`);
    const started = Date.now();
    const { dir, manifest } = await createBackup({ ...config, targetParent, progress: input.progress, signal: input.signal });
    const bytes = manifest.files.reduce((sum, file) => sum + file.size, 0);
    const { counts, snapshot } = manifest;
    input.progress(
      `done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${describeSize(bytes)}, ${counts.users} users, ${counts.rooms} rooms, ${counts.messages} messages, ${counts.uploads} uploads, up to event ${snapshot.seq}`,
    );
    input.out(dir);
  },
};
