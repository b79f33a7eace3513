import { describe, expect, it } from 'vitest';
import {
  chunkAad,
  chunkCount,
  chunkNonce,
  chunkOffset,
  chunkSpan,
  decodeSealedHeader,
  encodeSealedHeader,
  looksSealed,
  SEALED_HEADER_BYTES,
  SealedFileError,
  sealedSize,
} from './sealedFileFormat';

const C = 65536;
const header = { version: 1, chunkBytes: C, keyId: new Uint8Array(8).fill(7), fileId: Uint8Array.from({ length: 16 }, (_, i) => i + 1), plaintextBytes: 3 * C + 5 };

describe('sealed file layout', () => {
  it('encodes a 40-byte header that decodes to itself, starting with the magic', () => {
    const bytes = encodeSealedHeader(header);
    expect(bytes.length).toBe(SEALED_HEADER_BYTES);
    expect(new TextDecoder().decode(bytes.subarray(0, 6))).toBe('LBXENC');
    expect(looksSealed(bytes)).toBe(true);
    expect(decodeSealedHeader(bytes, sealedSize(header.plaintextBytes, C), 'f')).toEqual(header);
  });

  it('sizes: one tag per chunk, an empty plaintext still has its final chunk', () => {
    expect(chunkCount(0, C)).toBe(1);
    expect(chunkCount(C, C)).toBe(1);
    expect(chunkCount(C + 1, C)).toBe(2);
    expect(sealedSize(0, C)).toBe(40 + 16);
    expect(sealedSize(3 * C + 5, C)).toBe(40 + 3 * C + 5 + 4 * 16);
    expect(chunkOffset(2, C)).toBe(40 + 2 * (C + 16));
  });

  it('a file cut short, or longer than its header says, is refused naming the file', () => {
    const bytes = encodeSealedHeader(header);
    const size = sealedSize(header.plaintextBytes, C);
    expect(() => decodeSealedHeader(bytes, size - 1, 'objects/ab/x.dcm')).toThrow(/objects\/ab\/x\.dcm: cut short/);
    expect(() => decodeSealedHeader(bytes, size + 16, 'f')).toThrow(SealedFileError);
    expect(() => decodeSealedHeader(bytes.subarray(0, 20), 20, 'f')).toThrow(/cut short/);
    expect(() => decodeSealedHeader(new Uint8Array(40), 40, 'f')).toThrow(/not a sealed cache file/);
    const v2 = bytes.slice();
    v2[6] = 2;
    expect(() => decodeSealedHeader(v2, size, 'f')).toThrow(/format version 2/);
  });

  it('a plaintext range maps to exactly the chunks it spans', () => {
    const h = { chunkBytes: C, plaintextBytes: 3 * C + 5 };
    expect(chunkSpan(0, 10, h)).toEqual({ first: 0, end: 1, rawStart: 40, rawEnd: 40 + C + 16 });
    // A frame straddling chunks 0 and 1.
    expect(chunkSpan(C - 1, 2, h)).toMatchObject({ first: 0, end: 2 });
    // The short last chunk: its raw end is the file's end.
    expect(chunkSpan(3 * C, 100, h)).toEqual({ first: 3, end: 4, rawStart: chunkOffset(3, C), rawEnd: sealedSize(3 * C + 5, C) });
    // Past the end, or nothing asked: no chunk.
    expect(chunkSpan(4 * C, 10, h)).toMatchObject({ first: 0, end: 0 });
    expect(chunkSpan(5, 0, h)).toMatchObject({ first: 0, end: 0 });
  });

  it('nonces differ per chunk and per file; the additional data bind the header, the index and the last chunk', () => {
    const fileId = header.fileId;
    expect(Array.from(chunkNonce(fileId, 1))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 1]);
    expect(chunkNonce(fileId, 1)).not.toEqual(chunkNonce(fileId, 2));
    const bytes = encodeSealedHeader(header);
    const other = encodeSealedHeader({ ...header, fileId: new Uint8Array(16) });
    expect(chunkAad(bytes, 3, true)).not.toEqual(chunkAad(bytes, 3, false));
    expect(chunkAad(bytes, 3, true)).not.toEqual(chunkAad(other, 3, true));
    // The length is not bound (the header of a file written as a stream comes last); the file size checks it.
    expect(chunkAad(bytes, 0, false)).toEqual(chunkAad(encodeSealedHeader({ ...header, plaintextBytes: 1 }), 0, false));
  });
});
