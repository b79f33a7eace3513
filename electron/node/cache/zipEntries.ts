import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

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
 */
export function zipEntries(file: string): { entries: ZipEntry[]; close(): void } {
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
    const cd = readAt(fd, cdOffset, cdSize);
    const cv = new DataView(cd.buffer);
    const entries: ZipEntry[] = [];
    for (let p = 0, k = 0; k < count; k++) {
      if (cv.getUint32(p, true) !== 0x02014b50) throw new Error('damaged zip central directory');
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
      entries.push({
        name,
        size: uncompressed,
        read() {
          if (flags & 1) throw new Error(`${name}: encrypted zip entries are not supported`);
          const local = readAt(fd, localOffset, 30);
          const lv = new DataView(local.buffer);
          const dataStart = localOffset + 30 + lv.getUint16(26, true) + lv.getUint16(28, true);
          const data = readAt(fd, dataStart, compressed);
          if (method === 0) return data;
          if (method === 8) return new Uint8Array(inflateRawSync(data));
          throw new Error(`${name}: zip compression method ${method} is not supported`);
        },
      });
    }
    return { entries, close: () => closeSync(fd) };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}
