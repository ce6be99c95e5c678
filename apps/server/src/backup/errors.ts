/**
 * Why a backup or restore stopped. `refused`: the data is in a state the operation must not touch
 * (a running server, a non-empty DATA_DIR); `invalid`: a wrong path or a damaged backup;
 * `io`: the disk said no (full, read-only, permissions).
 */
export class BackupError extends Error {
  override name = 'BackupError';
  constructor(
    readonly kind: 'refused' | 'invalid' | 'io',
    message: string,
  ) {
    super(message);
  }
}

interface SystemError {
  code: string;
  path?: string;
}

function isSystemError(error: unknown): error is Error & SystemError {
  return error instanceof Error && typeof (error as Partial<SystemError>).code === 'string';
}

/** Turns a file-system error into one sentence that says which path and what to do. */
export function describeFsError(error: unknown, doing: string): Error {
  if (error instanceof BackupError || !isSystemError(error)) return error instanceof Error ? error : new Error(String(error));
  const where = error.path ?? 'the target';
  switch (error.code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new BackupError('io', `No space left on the device while ${doing} (${where}): free some space or choose another folder.`);
    case 'EACCES':
    case 'EPERM':
      return new BackupError('io', `Permission denied while ${doing}: ${where}. Run as the user that owns it, or choose another folder.`);
    case 'EROFS':
      return new BackupError('io', `The file system is read-only while ${doing}: ${where}.`);
    case 'EBUSY':
      return new BackupError('io', `${where} is busy (a mount point?) while ${doing}: point DATA_DIR at a folder inside it.`);
    case 'ENOENT':
      return new BackupError('invalid', `Not found while ${doing}: ${where}.`);
    case 'ENOTDIR':
      return new BackupError('invalid', `Not a folder while ${doing}: ${where}.`);
    default:
      return new BackupError('io', `${error.message} (while ${doing})`);
  }
}
