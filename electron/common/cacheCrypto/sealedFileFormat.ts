/**
 * The layout of a sealed cache file (the encrypted cache: README "Encrypted cache"), without the
 * cipher itself, so that it can be reasoned about and tested byte by byte:
 *
 *     header (40 bytes) | chunk 0 | chunk 1 | … | chunk n-1
 *     chunk i = AES-256-GCM(plaintext[i·C, (i+1)·C)) ‖ 16-byte tag
 *
 * Header: magic `LBXENC`, version, log2 of the chunk size C, the key id (8 bytes), a random file
 * id (16 bytes), the plaintext length (u64 LE). Each chunk is sealed on its own so that a frame
 * read at an offset deciphers only the chunks it spans. Its 12-byte nonce is the first 8 bytes of
 * the file id and the chunk index (never reused under one key unless two files draw the same 64
 * random bits); its additional data are the header's first 32 bytes (so a chunk moved to another
 * file fails), its index (so chunks cannot be reordered) and whether it is the last (so a file
 * cut at a chunk boundary fails: the STREAM construction, Hoang et al., CRYPTO 2015). The length
 * in the header is checked against the file's size; the tags protect everything else.
 */

export const SEALED_MAGIC = [0x4c, 0x42, 0x58, 0x45, 0x4e, 0x43] as const; // "LBXENC"
export const SEALED_VERSION = 1;
export const SEALED_HEADER_BYTES = 40;
/** Bytes of the header that go into every chunk's additional data (all but the length). */
export const SEALED_BOUND_HEADER_BYTES = 32;
export const SEALED_TAG_BYTES = 16;
export const SEALED_NONCE_BYTES = 12;
export const KEY_ID_BYTES = 8;
export const FILE_ID_BYTES = 16;
/** 64 KiB: a 512² 16-bit frame spans 9 chunks; the tags add 0.02 %. */
export const DEFAULT_CHUNK_LOG2 = 16;

export interface SealedHeader {
  version: number;
  chunkBytes: number;
  keyId: Uint8Array;
  fileId: Uint8Array;
  plaintextBytes: number;
}

/** Why a sealed file cannot be read (tampered, truncated, another key, not sealed). */
export class SealedFileError extends Error {
  constructor(
    readonly source: string,
    readonly detail: string,
  ) {
    super(`${source}: ${detail}`);
    this.name = 'SealedFileError';
  }
}

/** True when `bytes` start with the sealed-file magic (any version). */
export function looksSealed(bytes: Uint8Array): boolean {
  return bytes.length >= SEALED_MAGIC.length && SEALED_MAGIC.every((b, i) => bytes[i] === b);
}

export function encodeSealedHeader(h: SealedHeader): Uint8Array {
  if (h.keyId.length !== KEY_ID_BYTES || h.fileId.length !== FILE_ID_BYTES) throw new Error('sealed header: key id must be 8 bytes and file id 16');
  const out = new Uint8Array(SEALED_HEADER_BYTES);
  out.set(SEALED_MAGIC, 0);
  out[6] = h.version;
  out[7] = Math.log2(h.chunkBytes);
  out.set(h.keyId, 8);
  out.set(h.fileId, 16);
  new DataView(out.buffer).setBigUint64(32, BigInt(h.plaintextBytes), true);
  return out;
}

/** The header of a sealed file whose raw size is `rawBytes`; throws naming `source` when it is not one we can read. */
export function decodeSealedHeader(bytes: Uint8Array, rawBytes: number, source: string): SealedHeader {
  if (!looksSealed(bytes)) throw new SealedFileError(source, 'not a sealed cache file (no LBXENC header)');
  if (bytes.length < SEALED_HEADER_BYTES || rawBytes < SEALED_HEADER_BYTES) throw new SealedFileError(source, `cut short: ${rawBytes} bytes, less than its header`);
  const version = bytes[6]!;
  if (version !== SEALED_VERSION) throw new SealedFileError(source, `sealed with format version ${version}; this Lightbox reads version ${SEALED_VERSION}`);
  const log2 = bytes[7]!;
  if (log2 < 10 || log2 > 24) throw new SealedFileError(source, `impossible chunk size 2^${log2}`);
  const chunkBytes = 2 ** log2;
  const plaintextBytes = Number(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(32, true));
  const expected = sealedSize(plaintextBytes, chunkBytes);
  if (expected !== rawBytes) {
    throw new SealedFileError(source, rawBytes < expected ? `cut short: ${rawBytes} of ${expected} bytes` : `${rawBytes - expected} bytes more than its header says (${expected})`);
  }
  return { version, chunkBytes, keyId: bytes.slice(8, 16), fileId: bytes.slice(16, 32), plaintextBytes };
}

/** Chunks of a plaintext of this length (an empty one still has one, final, chunk). */
export function chunkCount(plaintextBytes: number, chunkBytes: number): number {
  return Math.max(1, Math.ceil(plaintextBytes / chunkBytes));
}

/** The sealed file's size for a plaintext of this length. */
export function sealedSize(plaintextBytes: number, chunkBytes: number): number {
  return SEALED_HEADER_BYTES + plaintextBytes + chunkCount(plaintextBytes, chunkBytes) * SEALED_TAG_BYTES;
}

/** Where chunk `index` starts in the file. */
export function chunkOffset(index: number, chunkBytes: number): number {
  return SEALED_HEADER_BYTES + index * (chunkBytes + SEALED_TAG_BYTES);
}

/** Plaintext bytes in chunk `index`. */
export function chunkPlaintextBytes(index: number, plaintextBytes: number, chunkBytes: number): number {
  return Math.max(0, Math.min(chunkBytes, plaintextBytes - index * chunkBytes));
}

/** The chunks a plaintext range spans, and the raw byte range that holds them. */
export interface ChunkSpan {
  first: number;
  /** One past the last. */
  end: number;
  rawStart: number;
  rawEnd: number;
}

/** The chunks to read for plaintext bytes [offset, offset + length), clipped to the plaintext (none: an empty span). */
export function chunkSpan(offset: number, length: number, h: Pick<SealedHeader, 'chunkBytes' | 'plaintextBytes'>): ChunkSpan {
  const start = Math.min(Math.max(0, offset), h.plaintextBytes);
  const stop = Math.min(start + Math.max(0, length), h.plaintextBytes);
  if (stop <= start) return { first: 0, end: 0, rawStart: SEALED_HEADER_BYTES, rawEnd: SEALED_HEADER_BYTES };
  const first = Math.floor(start / h.chunkBytes);
  const end = Math.ceil(stop / h.chunkBytes);
  const rawEnd = chunkOffset(end - 1, h.chunkBytes) + chunkPlaintextBytes(end - 1, h.plaintextBytes, h.chunkBytes) + SEALED_TAG_BYTES;
  return { first, end, rawStart: chunkOffset(first, h.chunkBytes), rawEnd };
}

/** Chunk `index`'s nonce: the file id's first 8 bytes, then the index (u32 BE). */
export function chunkNonce(fileId: Uint8Array, index: number): Uint8Array {
  const nonce = new Uint8Array(SEALED_NONCE_BYTES);
  nonce.set(fileId.subarray(0, 8), 0);
  new DataView(nonce.buffer).setUint32(8, index, false);
  return nonce;
}

/** Chunk `index`'s additional data: the header's bound part, the index (u32 BE), 1 if it is the last chunk. */
export function chunkAad(header: Uint8Array, index: number, final: boolean): Uint8Array {
  const aad = new Uint8Array(SEALED_BOUND_HEADER_BYTES + 5);
  aad.set(header.subarray(0, SEALED_BOUND_HEADER_BYTES), 0);
  new DataView(aad.buffer).setUint32(SEALED_BOUND_HEADER_BYTES, index, false);
  aad[SEALED_BOUND_HEADER_BYTES + 4] = final ? 1 : 0;
  return aad;
}
