import type { FileHandle } from 'node:fs/promises';
import zlib from 'node:zlib';

/** CRC-32 (IEEE), from zlib where Node has it (20.15+), else a table. */
const crc32: (data: Uint8Array) => number =
  typeof (zlib as { crc32?: unknown }).crc32 === 'function'
    ? (data) => (zlib as unknown as { crc32(d: Uint8Array): number }).crc32(data)
    : (() => {
        const table = new Uint32Array(256).map((_, n) => {
          let c = n;
          for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
          return c >>> 0;
        });
        return (data: Uint8Array) => {
          let c = 0xffffffff;
          for (const b of data) c = table[(c ^ b) & 0xff]! ^ (c >>> 8);
          return (c ^ 0xffffffff) >>> 0;
        };
      })();

interface Entry {
  name: Uint8Array;
  crc: number;
  size: number;
  offset: number;
}

const MAX32 = 0xffffffff;
const utf8 = new TextEncoder();

/** MS-DOS date and time of `d` (APPNOTE 4.4.6), local time as zip tools read it. */
function dosDateTime(d: Date): { time: number; date: number } {
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >> 1),
    date: ((Math.max(d.getFullYear(), 1980) - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

/**
 * A zip archive written entry by entry (APPNOTE.TXT), stored without compression: DICOM files
 * with compressed pixels do not shrink, and a stored entry is written as it is read, so memory
 * stays at one file. Names are UTF-8 (flag bit 11). Sizes and offsets past 4 GiB, or more than
 * 65 535 entries, switch to ZIP64 records, which unzip, 7-Zip and the OS archive tools read.
 */
export class ZipWriter {
  private readonly entries: Entry[] = [];
  private offset = 0;
  private readonly stamp = dosDateTime(new Date());

  constructor(private readonly handle: FileHandle) {}

  private async write(bytes: Uint8Array): Promise<void> {
    let done = 0;
    while (done < bytes.length) done += (await this.handle.write(bytes, done, bytes.length - done, this.offset + done)).bytesWritten;
    this.offset += bytes.length;
  }

  async add(name: string, data: Uint8Array): Promise<void> {
    const entry: Entry = { name: utf8.encode(name), crc: crc32(data), size: data.length, offset: this.offset };
    const zip64 = entry.size >= MAX32 || entry.offset >= MAX32;
    const extra = zip64 ? this.zip64Extra([entry.size, entry.size]) : new Uint8Array(0);
    const header = new Uint8Array(30 + entry.name.length + extra.length);
    const v = new DataView(header.buffer);
    v.setUint32(0, 0x04034b50, true);
    v.setUint16(4, zip64 ? 45 : 20, true);
    v.setUint16(6, 0x0800, true);
    v.setUint16(8, 0, true); // stored
    v.setUint16(10, this.stamp.time, true);
    v.setUint16(12, this.stamp.date, true);
    v.setUint32(14, entry.crc, true);
    v.setUint32(18, zip64 ? MAX32 : entry.size, true);
    v.setUint32(22, zip64 ? MAX32 : entry.size, true);
    v.setUint16(26, entry.name.length, true);
    v.setUint16(28, extra.length, true);
    header.set(entry.name, 30);
    header.set(extra, 30 + entry.name.length);
    await this.write(header);
    await this.write(data);
    this.entries.push(entry);
  }

  private zip64Extra(values: number[]): Uint8Array {
    const out = new Uint8Array(4 + 8 * values.length);
    const v = new DataView(out.buffer);
    v.setUint16(0, 0x0001, true);
    v.setUint16(2, 8 * values.length, true);
    values.forEach((x, i) => v.setBigUint64(4 + 8 * i, BigInt(x), true));
    return out;
  }

  /** Writes the central directory and its end records; the archive is complete after this. */
  async finish(): Promise<void> {
    const start = this.offset;
    for (const e of this.entries) {
      const big = [e.size >= MAX32 ? e.size : undefined, e.size >= MAX32 ? e.size : undefined, e.offset >= MAX32 ? e.offset : undefined].filter((x): x is number => x !== undefined);
      const extra = big.length ? this.zip64Extra(big) : new Uint8Array(0);
      const record = new Uint8Array(46 + e.name.length + extra.length);
      const v = new DataView(record.buffer);
      v.setUint32(0, 0x02014b50, true);
      v.setUint16(4, (3 << 8) | (big.length ? 45 : 20), true); // made by: Unix
      v.setUint16(6, big.length ? 45 : 20, true);
      v.setUint16(8, 0x0800, true);
      v.setUint16(10, 0, true);
      v.setUint16(12, this.stamp.time, true);
      v.setUint16(14, this.stamp.date, true);
      v.setUint32(16, e.crc, true);
      v.setUint32(20, Math.min(e.size, MAX32), true);
      v.setUint32(24, Math.min(e.size, MAX32), true);
      v.setUint16(28, e.name.length, true);
      v.setUint16(30, extra.length, true);
      v.setUint32(38, (0o100644 << 16) >>> 0, true); // a regular file, rw-r--r--
      v.setUint32(42, Math.min(e.offset, MAX32), true);
      record.set(e.name, 46);
      record.set(extra, 46 + e.name.length);
      await this.write(record);
    }
    const size = this.offset - start;
    const count = this.entries.length;
    if (count >= 0xffff || start >= MAX32 || size >= MAX32) {
      const zip64End = this.offset;
      const rec = new Uint8Array(56);
      const v = new DataView(rec.buffer);
      v.setUint32(0, 0x06064b50, true);
      v.setBigUint64(4, 44n, true);
      v.setUint16(12, (3 << 8) | 45, true);
      v.setUint16(14, 45, true);
      v.setBigUint64(24, BigInt(count), true);
      v.setBigUint64(32, BigInt(count), true);
      v.setBigUint64(40, BigInt(size), true);
      v.setBigUint64(48, BigInt(start), true);
      await this.write(rec);
      const locator = new Uint8Array(20);
      const l = new DataView(locator.buffer);
      l.setUint32(0, 0x07064b50, true);
      l.setBigUint64(8, BigInt(zip64End), true);
      l.setUint32(16, 1, true);
      await this.write(locator);
    }
    const end = new Uint8Array(22);
    const v = new DataView(end.buffer);
    v.setUint32(0, 0x06054b50, true);
    v.setUint16(8, Math.min(count, 0xffff), true);
    v.setUint16(10, Math.min(count, 0xffff), true);
    v.setUint32(12, Math.min(size, MAX32), true);
    v.setUint32(16, Math.min(start, MAX32), true);
    await this.write(end);
  }
}
