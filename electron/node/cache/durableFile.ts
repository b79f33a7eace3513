import { closeSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

function fsyncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes `bytes` to `target` so that after a crash at any moment the target holds either its old
 * content or all of the new one: a temporary file in `tmpDir` (same file system), fsync, atomic
 * rename, fsync of the directory that now names it. With a `batch`, the two fsyncs are left to
 * the batch's next flush: the rename is still atomic (a crash of the process loses nothing the
 * kernel holds), and the data reach the disk with many others in one go.
 */
export function writeFileDurably(target: string, bytes: Uint8Array, tmpDir: string, batch?: FlushBatch, mode = 0o600): void {
  mkdirSync(tmpDir, { recursive: true, mode: 0o700 });
  mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
  const tmp = path.join(tmpDir, `${randomBytes(12).toString('hex')}.part`);
  const fd = openSync(tmp, 'wx', mode);
  try {
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    if (!batch) fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw error;
  }
  closeSync(fd);
  try {
    renameSync(tmp, target);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
  if (batch) batch.add(target);
  else fsyncDirectory(path.dirname(target));
}

/** Folders known to exist: ingest links thousands of files into the same few hundred folders. */
const knownDirs = new Set<string>();

/**
 * Links a fully written temporary file into place (the temporary name stays until its owner
 * removes it), durably or by `batch`. False when the target exists already: another writer placed
 * the same name, which by construction holds the same bytes. Where the file system has no hard
 * links (FAT media), the file is moved instead.
 */
export function linkFileInto(tmp: string, target: string, batch?: FlushBatch): boolean {
  if (!batch) {
    const fd = openSync(tmp, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
  const dir = path.dirname(target);
  if (!knownDirs.has(dir)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    knownDirs.add(dir);
  }
  const attempt = (): void => {
    try {
      linkSync(tmp, target);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && existsSync(tmp)) {
        // Its folder was removed since (a study deleted with its folders): create it again, once.
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        linkSync(tmp, target);
      } else if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP') renameSync(tmp, target);
      else throw error;
    }
  };
  try {
    attempt();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  if (batch) batch.add(target);
  else fsyncDirectory(dir);
  return true;
}

async function fsyncPath(file: string): Promise<void> {
  const handle = await open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Files written but not yet forced to disk, flushed together (in the thread pool, off the event
 * loop): their data, the directories that name them, and any extra files (the index's WAL).
 */
export class FlushBatch {
  private files = new Set<string>();
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly alsoSync: string[] = []) {}

  get pending(): number {
    return this.files.size;
  }

  add(file: string): void {
    this.files.add(file);
  }

  /** Resolves once everything added before the call is on disk. */
  flush(): Promise<void> {
    const files = [...this.files];
    this.files = new Set();
    const run = async (): Promise<void> => {
      if (files.length === 0) return;
      await Promise.all(files.map((f) => fsyncPath(f).catch(() => undefined)));
      const dirs = new Set(files.map((f) => path.dirname(f)));
      await Promise.all([...dirs, ...this.alsoSync].map((d) => fsyncPath(d).catch(() => undefined)));
    };
    this.flushing = this.flushing.then(run, run);
    return this.flushing;
  }
}
