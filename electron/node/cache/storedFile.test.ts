import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cacheKeyFrom } from './cacheKey';
import { sealBytes, SealingStream } from './sealedChunks';
import { openStoredFile, openStoredFileSync, readStoredFileSync, storedFilePieces } from './storedFile';
import { sealFileToTemp } from './writeStoredFile';

const dir = mkdtempSync(path.join(os.tmpdir(), 'lightbox-sealed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const key = cacheKeyFrom(randomBytes(32));
const otherKey = cacheKeyFrom(randomBytes(32));
const plaintext = new Uint8Array(randomBytes(5 * 65536 + 1234));

function write(name: string, bytes: Uint8Array): string {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

describe('stored files: one reader for plain and sealed', () => {
  it('reads any range of a sealed file as the plaintext, sync and async, and never holds the plaintext on disk', async () => {
    const file = write('sealed.bin', sealBytes(key, plaintext));
    expect(Buffer.from(readFileSync(file)).includes(Buffer.from(plaintext.subarray(1000, 1100)))).toBe(false);
    const f = await openStoredFile(file, key);
    const s = openStoredFileSync(file, key);
    try {
      expect(f.sealed && s.sealed).toBe(true);
      expect(f.size).toBe(plaintext.length);
      for (const [offset, length] of [[0, 10], [65530, 20], [65536, 65536], [3 * 65536 - 7, 2 * 65536], [plaintext.length - 5, 100], [plaintext.length + 3, 4], [12, 0]] as const) {
        const want = plaintext.subarray(offset, Math.min(plaintext.length, offset + length));
        expect(Buffer.from(await f.readAt(offset, length)).equals(want), `${offset}+${length}`).toBe(true);
        expect(Buffer.from(s.readAt(offset, length)).equals(want), `${offset}+${length} sync`).toBe(true);
      }
      expect(Buffer.from(await f.readAll()).equals(plaintext)).toBe(true);
    } finally {
      await f.close();
      s.close();
    }
    const pieces: Uint8Array[] = [];
    for await (const p of storedFilePieces(file, key, file, 100_000)) pieces.push(p);
    expect(Buffer.concat(pieces).equals(plaintext)).toBe(true);
  });

  it('reads plain files the same way, with a key (stored before encryption) or without', async () => {
    const file = write('plain.bin', plaintext);
    expect(Buffer.from(readStoredFileSync(file, key)).equals(plaintext)).toBe(true);
    const f = await openStoredFile(file, undefined);
    expect(f.sealed).toBe(false);
    expect(Buffer.from(await f.readAt(70000, 10)).equals(plaintext.subarray(70000, 70010))).toBe(true);
    await f.close();
  });

  it('a stream sealed in parts of any size, a file sealed from disk, and an empty one read back whole', async () => {
    const stream = new SealingStream(key);
    const chunks: Uint8Array[] = [];
    for (let at = 0; at < plaintext.length; at += 40_000) chunks.push(...stream.push(plaintext.subarray(at, at + 40_000)));
    const { last, header } = stream.finish();
    const file = write('streamed.bin', Buffer.concat([header, ...chunks, last]));
    expect(Buffer.from(readStoredFileSync(file, key)).equals(plaintext)).toBe(true);
    // Exactly one chunk size: the last chunk is full, not empty.
    const exact = new SealingStream(key);
    const full = exact.push(plaintext.subarray(0, 65536));
    expect(full).toEqual([]);
    const end = exact.finish();
    expect(Buffer.from(readStoredFileSync(write('exact.bin', Buffer.concat([end.header, end.last])), key)).equals(plaintext.subarray(0, 65536))).toBe(true);
    const { tmp, sha256 } = sealFileToTemp(write('src.bin', plaintext), dir, key);
    expect(Buffer.from(readStoredFileSync(tmp, key)).equals(plaintext)).toBe(true);
    expect(sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(readStoredFileSync(write('empty.bin', sealBytes(key, new Uint8Array(0))), key).length).toBe(0);
  });

  it('a changed byte fails the read naming the file and the chunk; other chunks still read', () => {
    const sealed = sealBytes(key, plaintext);
    sealed[40 + 2 * (65536 + 16) + 100]! ^= 1; // a byte in chunk 2
    const file = write('tampered.bin', sealed);
    const s = openStoredFileSync(file, key, 'instance 1.2.3');
    try {
      expect(() => s.readAt(2 * 65536 + 5, 10)).toThrow(/^instance 1\.2\.3: chunk 2 .*fails its integrity check/);
      expect(Buffer.from(s.readAt(0, 100)).equals(plaintext.subarray(0, 100))).toBe(true);
    } finally {
      s.close();
    }
    // A changed header byte (the file id is bound into every chunk) fails every chunk.
    const header = sealBytes(key, plaintext);
    header[20]! ^= 1;
    expect(() => readStoredFileSync(write('header.bin', header), key, 'h')).toThrow(/h: chunk 0 .*integrity/);
  });

  it('chunks swapped within a file or moved from another file fail', () => {
    const sealed = sealBytes(key, plaintext);
    const c = 65536 + 16;
    const swapped = sealed.slice();
    swapped.set(sealed.subarray(40, 40 + c), 40 + c);
    swapped.set(sealed.subarray(40 + c, 40 + 2 * c), 40);
    expect(() => readStoredFileSync(write('swapped.bin', swapped), key, 's')).toThrow(/s: chunk 0 .*integrity/);
    const other = sealBytes(key, plaintext);
    const mixed = sealed.slice();
    mixed.set(other.subarray(40, 40 + c), 40);
    expect(() => readStoredFileSync(write('mixed.bin', mixed), key, 'm')).toThrow(/m: chunk 0 .*integrity/);
  });

  it('a truncated file is refused, at a chunk boundary too (the last chunk is marked)', () => {
    const sealed = sealBytes(key, plaintext);
    const file = write('truncated.bin', sealed);
    truncateSync(file, sealed.length - 1);
    expect(() => openStoredFileSync(file, key, 't')).toThrow(/t: cut short/);
    // Cut after chunk 2 with the header's length rewritten to match: the new last chunk was not sealed as the last.
    const cut = sealed.slice(0, 40 + 3 * (65536 + 16));
    new DataView(cut.buffer).setBigUint64(32, BigInt(3 * 65536), true);
    expect(() => readStoredFileSync(write('recut.bin', cut), key, 'r')).toThrow(/r: chunk 2 .*integrity/);
  });

  it('the wrong key, or no key, is refused by name', () => {
    const file = write('keyed.bin', sealBytes(key, plaintext));
    expect(() => openStoredFileSync(file, otherKey, 'k')).toThrow(/k: sealed with another key/);
    // A file with the same key id but forged tags still fails: the id only names the key.
    const forged = sealBytes(otherKey, plaintext);
    forged.set(key.id, 8);
    expect(() => readStoredFileSync(write('forged.bin', forged), key, 'f')).toThrow(/f: chunk 0 .*integrity/);
  });
});
