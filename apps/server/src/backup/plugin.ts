import { namedPlugin } from '../named-plugin.js';
import { holdDataDirLock } from './lock.js';
import { scheduleBackups } from './schedule.js';

/**
 * The server's side of backups: it marks its DATA_DIR as in use (so `confab restore` refuses to
 * replace it underneath), and with BACKUP_INTERVAL_HOURS it backs itself up on a timer.
 */
export const dataDirCare = namedPlugin(
  'confab-data-dir',
  async (app) => {
    const { config, db } = app.confab;
    const lock = holdDataDirLock(config.dataDir);
    const { dir, intervalMs, keep } = config.backup;
    const schedule =
      dir && intervalMs
        ? scheduleBackups({
            dataDir: config.dataDir,
            dbPath: config.dbPath,
            uploadsDir: config.uploadsDir,
            migrationsFolder: config.migrationsFolder,
            dir,
            intervalMs,
            keep,
            source: db.$client,
            log: app.log,
          })
        : null;
    app.addHook('onClose', async () => {
      await schedule?.stop();
      lock.release();
    });
  },
  { decorators: ['confab'] },
);
