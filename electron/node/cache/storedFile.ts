import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { chunkSpan, decodeSealedHeader, looksSealed, SEALED_HEADER_BYTES, SealedFileError, type SealedHeader } from '../../common/cacheCrypto/sealedFileFormat';
import { keyIdHex, type CacheKey } from './cacheKey';
import { openSpan } from './sealedChunks';

/**
 * A file of the cache as its plaintext: the one way every read path (frames, bulk data, WADO-RS
 * instances, verify's hashes, the outbox, volume blocks) reads what the cache keeps, whether the
 * file is stored as it came or sealed (encrypted cache). Offsets and lengths are the plaintext's,
 * so a frame at an offset reads and deciphers only the chunks it spans.
 */
export interface StoredFile {
  /** The plaintext's length. */
  readonly size: number;
  /** True when the file on disk is sealed. */
  readonly sealed: boolean;
  /** Up to `length` bytes from `offset` (fewer at the end). */
  readAt(offset: number, length: number): Promise<Uint8Array>;
  readAll(): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** The same, for synchronous callers (verify, recovery, header reads in the CLI). */
export interface StoredFileSync {
  readonly size: number;
  readonly sealed: boolean;
  readAt(offset: number, length: number): Uint8Array;
  readAll(): Uint8Array;
  close(): void;
}

/** How the plaintext is had from raw bytes: as they are, or through the chunks of a sealed header. */
interface Layout {
  size: number;
  sealed: boolean;
  /** The raw range that holds plaintext [offset, offset + length). */
  raw(offset: number, length: number): { start: number; length: number };
  /** Plaintext [offset, offset + length) from those raw bytes. */
  plain(raw: Uint8Array, offset: number, length: number): Uint8Array;
}

const plainLayout = (size: number): Layout => ({
  size,
  sealed: false,
  raw: (offset, length) => ({ start: offset, length: Math.max(0, Math.min(length, size - offset)) }),
  plain: (raw) => raw,
});

/**
 * The layout of a file whose first bytes are `head` and raw size `rawSize`. With no key every file
 * is read as it is (an unencrypted cache); with one, a file without the sealed header is one
 * stored before the cache was encrypted (`lightbox cache encrypt` converts them).
 */
function layoutOf(head: Uint8Array, rawSize: number, key: CacheKey | undefined, source: string): Layout {
  if (!key || !looksSealed(head)) return plainLayout(rawSize);
  const header: SealedHeader = decodeSealedHeader(head, rawSize, source);
  if (header.keyId.some((b, i) => b !== key.id[i])) throw new SealedFileError(source, `sealed with another key (key id ${keyIdHex(header.keyId)}; the key given is ${keyIdHex(key.id)})`);
  const headerBytes = head.slice(0, SEALED_HEADER_BYTES);
  return {
    size: header.plaintextBytes,
    sealed: true,
    raw(offset, length) {
      const span = chunkSpan(offset, length, header);
      return { start: span.rawStart, length: span.rawEnd - span.rawStart };
    },
    plain: (raw, offset, length) => openSpan(key, header, headerBytes, chunkSpan(offset, length, header), raw, offset, length, source),
  };
}

/** Opens a stored file (`source` names it in errors: the instance, never a local path where answers may show it). */
export async function openStoredFile(file: string, key: CacheKey | undefined, source = file): Promise<StoredFile> {
  const handle = await open(file, 'r');
  try {
    const rawSize = (await handle.stat()).size;
    const head = key ? await readRawAt(handle, 0, Math.min(SEALED_HEADER_BYTES, rawSize)) : new Uint8Array(0);
    const layout = layoutOf(head, rawSize, key, source);
    const readAt = async (offset: number, length: number): Promise<Uint8Array> => {
      const range = layout.raw(offset, length);
      return layout.plain(await readRawAt(handle, range.start, range.length), offset, length);
    };
    return { size: layout.size, sealed: layout.sealed, readAt, readAll: () => readAt(0, layout.size), close: () => handle.close() };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

export function openStoredFileSync(file: string, key: CacheKey | undefined, source = file): StoredFileSync {
  const fd = openSync(file, 'r');
  try {
    const rawSize = fstatSync(fd).size;
    const head = key ? readRawAtSync(fd, 0, Math.min(SEALED_HEADER_BYTES, rawSize)) : new Uint8Array(0);
    const layout = layoutOf(head, rawSize, key, source);
    const readAt = (offset: number, length: number): Uint8Array => {
      const range = layout.raw(offset, length);
      return layout.plain(readRawAtSync(fd, range.start, range.length), offset, length);
    };
    return { size: layout.size, sealed: layout.sealed, readAt, readAll: () => readAt(0, layout.size), close: () => closeSync(fd) };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/** A whole stored file's plaintext. */
export function readStoredFileSync(file: string, key: CacheKey | undefined, source = file): Uint8Array {
  const f = openStoredFileSync(file, key, source);
  try {
    return f.readAll();
  } finally {
    f.close();
  }
}

/** A stored file's plaintext in pieces of about `pieceBytes`, read one after the other (a volume block streamed to a page). */
export async function* storedFilePieces(file: string, key: CacheKey | undefined, source = file, pieceBytes = 1 << 18): AsyncGenerator<Uint8Array> {
  const f = await openStoredFile(file, key, source);
  try {
    for (let at = 0; at < f.size; at += pieceBytes) yield await f.readAt(at, pieceBytes);
  } finally {
    await f.close();
  }
}

async function readRawAt(handle: FileHandle, offset: number, length: number): Promise<Uint8Array> {
  const out = new Uint8Array(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(out, done, length - done, offset + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done === length ? out : out.subarray(0, done);
}

function readRawAtSync(fd: number, offset: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, out, done, length - done, offset + done);
    if (n === 0) break;
    done += n;
  }
  return done === length ? out : out.subarray(0, done);
}
