import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
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
export function writeFileDurably(target: string, bytes: Uint8Array, tmpDir: string, batch?: FlushBatch, mode = 0o644): void {
  mkdirSync(tmpDir, { recursive: true });
  mkdirSync(path.dirname(target), { recursive: true });
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

/** Folders known to exist: ingest renames thousands of files into the same few hundred folders. */
const knownDirs = new Set<string>();

function renameCreatingDir(tmp: string, target: string): void {
  const dir = path.dirname(target);
  if (!knownDirs.has(dir)) {
    mkdirSync(dir, { recursive: true });
    knownDirs.add(dir);
  }
  try {
    renameSync(tmp, target);
  } catch (error) {
    // Removed since (a study deleted with its folders): create it again, once.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    mkdirSync(dir, { recursive: true });
    renameSync(tmp, target);
  }
}

/** Moves a fully written temporary file into place (atomic rename), durably or by `batch`. */
export function moveFileInto(tmp: string, target: string, batch?: FlushBatch): void {
  if (!batch) {
    const fd = openSync(tmp, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
  renameCreatingDir(tmp, target);
  if (batch) batch.add(target);
  else fsyncDirectory(path.dirname(target));
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
