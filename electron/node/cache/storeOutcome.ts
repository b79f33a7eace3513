export type StoreOutcome =
  | { status: 'stored'; sopInstanceUid: string; studyInstanceUid: string }
  | { status: 'duplicate'; sopInstanceUid: string; studyInstanceUid: string }
  | { status: 'replaced'; sopInstanceUid: string; studyInstanceUid: string };

/** Storing failed for a reason of the storage itself (disk full, read-only, I/O): names the file and the cause. */
export class StorageError extends Error {
  constructor(
    readonly source: string,
    cause: unknown,
  ) {
    const code = (cause as NodeJS.ErrnoException).code;
    const what =
      code === 'ENOSPC' || /SQLITE_FULL|disk is full/i.test(String(cause))
        ? 'the disk is full'
        : code === 'EROFS' || code === 'EACCES' || code === 'EPERM' || /readonly|read-only/i.test(String(cause))
          ? 'the cache folder is read-only'
          : `storage error (${code ?? (cause instanceof Error ? cause.message : String(cause))})`;
    super(`${source}: not stored: ${what}`);
    this.name = 'StorageError';
  }
}
