import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ExportFormat } from '../../common/export/exportRequest';
import { ZipWriter } from './zipWriter';

/**
 * Where an export's files go while it runs. Nothing appears at the destination until `finish`:
 * files are written beside it under a hidden temporary name and moved into place in one rename,
 * so a cancelled or failed export leaves no partial folder, archive or image behind (`discard`).
 */
export interface ExportSink {
  add(relativePath: string, bytes: Uint8Array): Promise<void>;
  finish(signal?: AbortSignal): Promise<void>;
  discard(): Promise<void>;
}

/** The export cannot be done as asked (destination, missing tool): the message says what to do. */
export class ExportError extends Error {
  override name = 'ExportError';
}

/** A hidden sibling of `out`: same file system, so the final rename is atomic. */
function partialPath(out: string, suffix = ''): string {
  return path.join(path.dirname(out), `.${path.basename(out)}.lightbox-partial-${process.pid}-${randomBytes(4).toString('hex')}${suffix}`);
}

/** Refuses a destination that exists (except an empty folder for a folder export); creates its parent folder. */
async function checkDestination(out: string, format: ExportFormat): Promise<{ emptyDir: boolean }> {
  const existing = await stat(out).catch(() => undefined);
  if (existing) {
    if (format === 'folder' && existing.isDirectory() && (await readdir(out)).length === 0) return { emptyDir: true };
    throw new ExportError(`${out} already exists: choose a new ${format === 'folder' ? 'folder' : 'file'} name`);
  }
  await mkdir(path.dirname(path.resolve(out)), { recursive: true });
  return { emptyDir: false };
}

class FolderSink implements ExportSink {
  constructor(
    private readonly out: string,
    private readonly staging: string,
    private readonly emptyDir: boolean,
  ) {}
  async add(relativePath: string, bytes: Uint8Array): Promise<void> {
    const file = path.join(this.staging, ...relativePath.split('/'));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, bytes);
  }
  async finish(): Promise<void> {
    if (this.emptyDir) await rmdir(this.out);
    await rename(this.staging, this.out);
  }
  discard(): Promise<void> {
    return rm(this.staging, { recursive: true, force: true });
  }
}

class ZipSink implements ExportSink {
  constructor(
    private readonly out: string,
    private readonly temp: string,
    private readonly handle: Awaited<ReturnType<typeof open>>,
    private readonly zip: ZipWriter,
  ) {}
  add(relativePath: string, bytes: Uint8Array): Promise<void> {
    return this.zip.add(relativePath, bytes);
  }
  async finish(): Promise<void> {
    await this.zip.finish();
    await this.handle.sync();
    await this.handle.close();
    await rename(this.temp, this.out);
  }
  async discard(): Promise<void> {
    await this.handle.close().catch(() => undefined);
    await rm(this.temp, { force: true });
  }
}

/** Whether Debian's xorriso (the ISO 9660 writer) can be run here. */
export function xorrisoAvailable(): boolean {
  return spawnSync('xorriso', ['-version'], { stdio: 'ignore' }).status === 0;
}

function runXorriso(args: string[], signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('xorriso', args, { stdio: ['ignore', 'ignore', 'pipe'], ...(signal ? { signal } : {}) });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new ExportError(`xorriso failed (exit ${code}): ${stderr.trim().split('\n').slice(-3).join(' ')}`))));
  });
}

/**
 * An ISO 9660 image of PDI media (PS3.12 Annex F: ISO 9660 Level 1 names, which our File IDs,
 * DICOMDIR, README.TXT and INDEX.HTM are): the files are laid out in a hidden folder, then xorriso
 * writes the image beside the destination and it is renamed into place.
 */
class IsoSink extends FolderSink {
  constructor(
    private readonly iso: string,
    private readonly folder: string,
    private readonly volumeId: string,
  ) {
    super(iso, folder, false);
  }
  override async finish(signal?: AbortSignal): Promise<void> {
    const temp = partialPath(this.iso, '.iso');
    try {
      await runXorriso(['-as', 'mkisofs', '-quiet', '-iso-level', '1', '-V', this.volumeId, '-o', temp, this.folder], signal);
      await rename(temp, this.iso);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    } finally {
      await rm(this.folder, { recursive: true, force: true });
    }
  }
}

/** Opens the sink for a destination; checks it (and, for ISO, that xorriso is there) before anything is written. */
export async function openExportSink(format: ExportFormat, out: string, volumeId: string): Promise<ExportSink> {
  if (format === 'iso' && !xorrisoAvailable()) {
    throw new ExportError('an ISO image needs xorriso, which is not installed (Debian/Ubuntu: apt-get install xorriso); export to a folder or a .zip instead');
  }
  const { emptyDir } = await checkDestination(out, format);
  if (format === 'zip') {
    const temp = partialPath(out);
    const handle = await open(temp, 'wx', 0o600);
    return new ZipSink(out, temp, handle, new ZipWriter(handle));
  }
  const staging = partialPath(out);
  await mkdir(staging, { mode: 0o700 });
  return format === 'iso' ? new IsoSink(out, staging, volumeId) : new FolderSink(out, staging, emptyDir);
}
