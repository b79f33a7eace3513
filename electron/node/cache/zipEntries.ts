import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { formatBytes } from '../../common/contract/requestBodyLimits';
import { resourceLimits, type ZipLimits } from '../config/resourceLimits';

/** One file inside a zip archive, read on demand. */
export interface ZipEntry {
  name: string;
  size: number;
  read(): Uint8Array;
}

function readAt(fd: number, position: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, out, done, length - done, position + done);
    if (n === 0) throw new Error('zip archive ends early');
    done += n;
  }
  return out;
}

/**
 * Lists the files of a zip archive (APPNOTE.TXT: end of central directory, then the central
 * directory), each read and inflated only when asked, so an archive of thousands of images is
 * imported one image at a time. Stored and deflated entries; ZIP64 and encryption are refused.
 *
 * Zip bombs (a few MiB that inflate to many GiB) are refused before they take memory or disk: an
 * archive whose entries add up to more than `limits.totalBytes` is refused whole; an entry whose
 * size is more than `limits.maxRatio` times its compressed size is refused without inflating it;
 * and no entry is inflated past the size its header declares (a header that lies is caught at
 * that size, not after gigabytes). Errors name the archive and the entry.
 */
export function zipEntries(file: string, limits: ZipLimits = resourceLimits().zip): { entries: ZipEntry[]; close(): void } {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const tailLength = Math.min(size, 22 + 0xffff);
    const tail = readAt(fd, size - tailLength, tailLength);
    const view = new DataView(tail.buffer);
    let eocd = -1;
    for (let i = tail.length - 22; i >= 0; i--) if (view.getUint32(i, true) === 0x06054b50) { eocd = i; break; }
    if (eocd < 0) throw new Error('not a zip archive (no end of central directory)');
    const count = view.getUint16(eocd + 10, true);
    const cdSize = view.getUint32(eocd + 12, true);
    const cdOffset = view.getUint32(eocd + 16, true);
    if (cdOffset === 0xffffffff || count === 0xffff) throw new Error('ZIP64 archives are not supported');
    if (cdOffset + cdSize > size) throw new Error('damaged zip central directory (it lies past the end of the file)');
    const cd = readAt(fd, cdOffset, cdSize);
    const cv = new DataView(cd.buffer);
    const entries: ZipEntry[] = [];
    let declaredTotal = 0;
    for (let p = 0, k = 0; k < count; k++) {
      if (p + 46 > cd.length || cv.getUint32(p, true) !== 0x02014b50) throw new Error('damaged zip central directory');
      const flags = cv.getUint16(p + 8, true);
      const method = cv.getUint16(p + 10, true);
      const compressed = cv.getUint32(p + 20, true);
      const uncompressed = cv.getUint32(p + 24, true);
      const nameLength = cv.getUint16(p + 28, true);
      const extraLength = cv.getUint16(p + 30, true);
      const commentLength = cv.getUint16(p + 32, true);
      const localOffset = cv.getUint32(p + 42, true);
      const name = new TextDecoder().decode(cd.subarray(p + 46, p + 46 + nameLength));
      p += 46 + nameLength + extraLength + commentLength;
      if (name.endsWith('/')) continue; // a folder
      declaredTotal += uncompressed;
      entries.push({
        name,
        size: uncompressed,
        read: () => readEntry({ fd, fileSize: size, file, name, flags, method, compressed, uncompressed, localOffset }, limits),
      });
    }
    if (declaredTotal > limits.totalBytes) {
      throw new Error(
        `zip archive refused: its entries would inflate to ${formatBytes(declaredTotal)}, more than the ${formatBytes(limits.totalBytes)} one archive may hold (LIGHTBOX_MAX_ZIP_BYTES)`,
      );
    }
    return { entries, close: () => closeSync(fd) };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

interface EntryLocation {
  fd: number;
  fileSize: number;
  file: string;
  name: string;
  flags: number;
  method: number;
  compressed: number;
  uncompressed: number;
  localOffset: number;
}

function readEntry(e: EntryLocation, limits: ZipLimits): Uint8Array {
  const where = `entry "${e.name}" of ${e.file}`;
  if (e.flags & 1) throw new Error(`${where}: encrypted zip entries are not supported`);
  if (e.method !== 0 && e.method !== 8) throw new Error(`${where}: zip compression method ${e.method} is not supported`);
  const ratio = e.uncompressed / Math.max(1, e.compressed);
  if (e.method === 8 && e.uncompressed > limits.ratioFromBytes && ratio > limits.maxRatio) {
    throw new Error(
      `zip bomb refused: ${where} would inflate ${formatBytes(e.compressed)} to ${formatBytes(e.uncompressed)} (${Math.round(ratio)}:1, more than the ${limits.maxRatio}:1 an import takes, LIGHTBOX_MAX_ZIP_RATIO)`,
    );
  }
  const local = readAt(e.fd, e.localOffset, 30);
  const lv = new DataView(local.buffer);
  if (lv.getUint32(0, true) !== 0x04034b50) throw new Error(`${where}: damaged zip entry (no local header)`);
  const dataStart = e.localOffset + 30 + lv.getUint16(26, true) + lv.getUint16(28, true);
  // Sizes come from the archive: never allocate for more than the file holds.
  if (dataStart + e.compressed > e.fileSize) throw new Error(`${where}: damaged zip entry (it lies past the end of the archive)`);
  const data = readAt(e.fd, dataStart, e.compressed);
  if (e.method === 0) return data;
  let inflated: Buffer;
  try {
    // Never past the declared size: a header that lies about it stops here, not gigabytes later.
    inflated = inflateRawSync(data, { maxOutputLength: Math.max(1, e.uncompressed) });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new Error(`zip bomb refused: ${where} inflates past the ${formatBytes(e.uncompressed)} its header declares`);
    }
    throw new Error(`${where}: damaged deflate data (${error instanceof Error ? error.message : String(error)})`);
  }
  if (inflated.length !== e.uncompressed) {
    throw new Error(`${where}: damaged zip entry (inflates to ${formatBytes(inflated.length)}, its header declares ${formatBytes(e.uncompressed)})`);
  }
  return new Uint8Array(inflated.buffer, inflated.byteOffset, inflated.length);
}
