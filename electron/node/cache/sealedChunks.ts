import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import {
  chunkAad,
  chunkCount,
  chunkNonce,
  chunkPlaintextBytes,
  DEFAULT_CHUNK_LOG2,
  encodeSealedHeader,
  FILE_ID_BYTES,
  SEALED_TAG_BYTES,
  SEALED_VERSION,
  SealedFileError,
  sealedSize,
  type ChunkSpan,
  type SealedHeader,
} from '../../common/cacheCrypto/sealedFileFormat';
import { keyIdHex, type CacheKey } from './cacheKey';

/** AES-256-GCM of one chunk (sealedFileFormat.ts): ciphertext ‖ tag. */
function sealChunk(key: CacheKey, headerBytes: Uint8Array, fileId: Uint8Array, index: number, final: boolean, plaintext: Uint8Array): Uint8Array {
  const cipher = createCipheriv('aes-256-gcm', key.bytes, chunkNonce(fileId, index));
  cipher.setAAD(chunkAad(headerBytes, index, final));
  const out = new Uint8Array(plaintext.length + SEALED_TAG_BYTES);
  out.set(cipher.update(plaintext), 0);
  cipher.final();
  out.set(cipher.getAuthTag(), plaintext.length);
  return out;
}

/** A new file's header (its length patched in by `withLength` once known). */
function newHeader(key: CacheKey, plaintextBytes: number, chunkLog2: number): SealedHeader {
  return { version: SEALED_VERSION, chunkBytes: 2 ** chunkLog2, keyId: key.id, fileId: new Uint8Array(randomBytes(FILE_ID_BYTES)), plaintextBytes };
}

/** Seals a whole plaintext in memory. */
export function sealBytes(key: CacheKey, plaintext: Uint8Array, chunkLog2 = DEFAULT_CHUNK_LOG2): Uint8Array {
  const header = newHeader(key, plaintext.length, chunkLog2);
  const headerBytes = encodeSealedHeader(header);
  const out = new Uint8Array(sealedSize(plaintext.length, header.chunkBytes));
  out.set(headerBytes, 0);
  const n = chunkCount(plaintext.length, header.chunkBytes);
  let at = headerBytes.length;
  for (let i = 0; i < n; i++) {
    const start = i * header.chunkBytes;
    const sealed = sealChunk(key, headerBytes, header.fileId, i, i === n - 1, plaintext.subarray(start, start + chunkPlaintextBytes(i, plaintext.length, header.chunkBytes)));
    out.set(sealed, at);
    at += sealed.length;
  }
  return out;
}

/**
 * Seals a plaintext that arrives in parts of any size (a volume block written slice by slice, a
 * file converted as it is read). The length is only known at the end, so the header comes last
 * (`finish`), to be written at offset 0; a chunk is sealed once the next byte shows it is not the
 * last one.
 */
export class SealingStream {
  private readonly header: SealedHeader;
  private readonly boundHeader: Uint8Array;
  private pending: Uint8Array;
  private filled = 0;
  private index = 0;
  private total = 0;

  constructor(private readonly key: CacheKey, chunkLog2 = DEFAULT_CHUNK_LOG2) {
    this.header = newHeader(key, 0, chunkLog2);
    // The length is not part of any chunk's additional data, so the header can be bound before it is known.
    this.boundHeader = encodeSealedHeader(this.header);
    this.pending = new Uint8Array(this.header.chunkBytes);
  }

  /** Sealed chunks completed by `part` (in order, to be written one after the other after the header). */
  push(part: Uint8Array): Uint8Array[] {
    const out: Uint8Array[] = [];
    let at = 0;
    while (at < part.length) {
      if (this.filled === this.pending.length) {
        out.push(sealChunk(this.key, this.boundHeader, this.header.fileId, this.index++, false, this.pending));
        this.filled = 0;
      }
      const take = Math.min(part.length - at, this.pending.length - this.filled);
      this.pending.set(part.subarray(at, at + take), this.filled);
      this.filled += take;
      at += take;
    }
    this.total += part.length;
    return out;
  }

  /** The last chunk and the header (whose length is now known). */
  finish(): { last: Uint8Array; header: Uint8Array } {
    const last = sealChunk(this.key, this.boundHeader, this.header.fileId, this.index, true, this.pending.subarray(0, this.filled));
    return { last, header: encodeSealedHeader({ ...this.header, plaintextBytes: this.total }) };
  }
}

/** Opens the chunks of `span` from their raw bytes (`raw` starts at `span.rawStart`) and returns plaintext [offset, offset + length). */
export function openSpan(
  key: CacheKey,
  header: SealedHeader,
  headerBytes: Uint8Array,
  span: ChunkSpan,
  raw: Uint8Array,
  offset: number,
  length: number,
  source: string,
): Uint8Array {
  if (header.keyId.some((b, i) => b !== key.id[i])) throw new SealedFileError(source, `sealed with another key (key id ${keyIdHex(header.keyId)}, this key's is ${keyIdHex(key.id)})`);
  if (span.end <= span.first) return new Uint8Array(0);
  const last = chunkCount(header.plaintextBytes, header.chunkBytes) - 1;
  const parts: Uint8Array[] = [];
  let at = 0;
  for (let i = span.first; i < span.end; i++) {
    const n = chunkPlaintextBytes(i, header.plaintextBytes, header.chunkBytes);
    const sealed = raw.subarray(at, at + n + SEALED_TAG_BYTES);
    at += n + SEALED_TAG_BYTES;
    if (sealed.length !== n + SEALED_TAG_BYTES) throw new SealedFileError(source, `cut short in chunk ${i}`);
    const decipher = createDecipheriv('aes-256-gcm', key.bytes, chunkNonce(header.fileId, i));
    decipher.setAAD(chunkAad(headerBytes, i, i === last));
    decipher.setAuthTag(sealed.subarray(n));
    try {
      parts.push(decipher.update(sealed.subarray(0, n)));
      decipher.final();
    } catch {
      throw new SealedFileError(source, `chunk ${i} (bytes ${i * header.chunkBytes}–${i * header.chunkBytes + n}) fails its integrity check: the file was changed or damaged`);
    }
  }
  const plain = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  const skip = Math.max(0, offset) - span.first * header.chunkBytes;
  const want = Math.max(0, Math.min(length, header.plaintextBytes - Math.max(0, offset)));
  return new Uint8Array(plain.buffer, plain.byteOffset + skip, want);
}
