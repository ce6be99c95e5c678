import path from 'node:path';
import { restoreBackup } from '../backup/restore.js';
import { readConfig } from '../config.js';
import { UsageError, type Command } from './command.js';

export const restore: Command = {
  name: 'restore',
  summary: 'restore a backup into DATA_DIR (the server must be stopped)',
  usage: '--from DIR [--force]',
  description: [
    'Verifies every checksum in DIR/manifest.json and runs PRAGMA integrity_check on a staging copy next to',
    'DATA_DIR, then renames it into place: DATA_DIR is either untouched or the whole backup. Refuses while a',
    'server uses DATA_DIR, and refuses a DATA_DIR that is not empty unless --force (which moves its contents',
    'aside to DATA_DIR.before-restore-<time>, never deletes them). Start the server afterwards: migrations run.',
  ].join('\n'),
  options: {
    from: { type: 'string', placeholder: 'DIR', description: 'the backup folder (the one holding manifest.json)' },
    force: { type: 'boolean', description: 'replace a DATA_DIR that is not empty (its contents are moved aside)' },
  },
  async run(input) {
    const from = input.string('from');
    if (!from) throw new UsageError('Say which backup: confab restore --from DIR');
    const config = readConfig();
    input.progress(`restoring ${path.resolve(from)} into ${config.dataDir}`);
    const { manifest, movedAside } = await restoreBackup({
      from: path.resolve(from),
      dataDir: config.dataDir,
      migrationsFolder: config.migrationsFolder,
      force: input.flag('force'),
      progress: input.progress,
      signal: input.signal,
    });
    if (movedAside) input.progress(`the previous contents of DATA_DIR are in ${movedAside}`);
    const { counts, snapshot } = manifest;
    input.progress(
      `restored the backup of ${manifest.createdAt} (Confab ${manifest.version}): ${counts.users} users, ${counts.messages} messages, ${counts.uploads} uploads, up to event ${snapshot.seq}`,
    );
    input.progress('start the server on it: confab start');
    input.out(config.dataDir);
  },
};
