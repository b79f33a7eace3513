export type StoreOutcome =
  /** `damage`: stored with known damage, each named (see common/dicom/validate/pixelDamage.ts). */
  | { status: 'stored'; sopInstanceUid: string; studyInstanceUid: string; damage?: string[] }
  | { status: 'duplicate'; sopInstanceUid: string; studyInstanceUid: string }
  | { status: 'replaced'; sopInstanceUid: string; studyInstanceUid: string; damage?: string[] };

/** Refused by the site's policy (`--reject-damaged`): the instance is damaged; names the file and each problem. */
export class DamagedInstanceError extends Error {
  constructor(
    readonly source: string,
    readonly damage: string[],
  ) {
    super(`${source}: refused, damaged: ${damage.join('; ')}`);
    this.name = 'DamagedInstanceError';
  }
}

/** Storing failed for a reason of the storage itself (disk full, read-only, I/O): names the file and the cause. */
export class StorageError extends Error {
  /** The disk is full: a sender is told "out of resources" (DIMSE A7xx, HTTP 507), to try again later or elsewhere. */
  readonly outOfResources: boolean;

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
    this.outOfResources = what === 'the disk is full';
  }
}

/** Why one instance was not stored. */
export type StoreFailure = StorageError | DamagedInstanceError;
