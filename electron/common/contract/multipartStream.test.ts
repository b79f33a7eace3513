import { describe, expect, it } from 'vitest';
import type { MultipartBody } from './hostContract';
import { encodeMultipart } from './multipart';
import { readMultipartStream, type ByteSource } from './multipartStream';

/** Hands out `bytes` in pieces of `size` (the last one shorter), as a socket would. */
function pieces(bytes: Uint8Array, size: number): ByteSource & { served: number } {
  const source = {
    served: 0,
    async read() {
      if (source.served >= bytes.length) return { done: true as const };
      const value = bytes.slice(source.served, source.served + size);
      source.served += value.length;
      return { done: false as const, value };
    },
  };
  return source;
}

async function collect(body: ReturnType<typeof readMultipartStream>): Promise<MultipartBody['parts']> {
  const out: MultipartBody['parts'] = [];
  for await (const part of body.parts) {
    const chunks: Uint8Array[] = [];
    for await (const c of part.chunks) chunks.push(c.slice());
    const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    chunks.reduce((at, c) => (bytes.set(c, at), at + c.length), 0);
    out.push({ contentType: part.contentType, bytes, ...(part.location ? { location: part.location } : {}) });
  }
  return out;
}

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('readMultipartStream', () => {
  // Content that looks like a delimiter's start (CRLF, "--", a prefix of the boundary) must stay content.
  const tricky = text('\r\n-\r\n--\r\n--lightbox\r\n--lightbox-\rend');
  const binary = Uint8Array.from({ length: 5000 }, (_, i) => (i * 37 + (i >> 7)) & 0xff);
  const body: MultipartBody = {
    type: 'application/dicom',
    parts: [
      { contentType: 'application/dicom', bytes: binary },
      { contentType: 'application/octet-stream', bytes: tricky, location: 'part-2' },
      { contentType: 'application/dicom', bytes: new Uint8Array(0) },
    ],
  };
  const encoded = encodeMultipart(body);

  it.each([1, 2, 3, 7, 13, 64, 4096, 1 << 20])('gives back every part byte-exact when the body arrives in pieces of %i bytes', async (size) => {
    expect(await collect(readMultipartStream(pieces(encoded.bytes, size), encoded.contentType))).toEqual(body.parts);
  });

  it('skips a preamble and the parts a reader does not read', async () => {
    const withPreamble = new Uint8Array([...text('ignored preamble\r\n'), ...encoded.bytes]);
    const parsed = readMultipartStream(pieces(withPreamble, 100), encoded.contentType);
    const types: string[] = [];
    for await (const part of parsed.parts) types.push(part.contentType);
    expect(types).toEqual(['application/dicom', 'application/octet-stream', 'application/dicom']);
  });

  it('reads no further ahead than it hands out', async () => {
    const big = encodeMultipart({ type: 'application/dicom', parts: [{ contentType: 'application/dicom', bytes: new Uint8Array(1 << 20) }] });
    const source = pieces(big.bytes, 1000);
    const parts = readMultipartStream(source, big.contentType).parts[Symbol.asyncIterator]();
    const first = (await parts.next()).value!;
    const chunks = first.chunks[Symbol.asyncIterator]();
    let handedOut = 0;
    for (let i = 0; i < 50; i++) handedOut += (await chunks.next()).value!.length;
    expect(source.served - handedOut).toBeLessThan(2000);
  });

  it('refuses a body that ends inside a part, and a body without a boundary, with 400 and 415', async () => {
    const cut = encoded.bytes.subarray(0, encoded.bytes.length - 40);
    await expect(collect(readMultipartStream(pieces(cut, 512), encoded.contentType))).rejects.toMatchObject({ status: 400, message: /ends before its closing boundary/ });
    await expect(collect(readMultipartStream(pieces(text('no parts here'), 512), encoded.contentType))).rejects.toMatchObject({ status: 400 });
    expect(() => readMultipartStream(pieces(encoded.bytes, 512), 'multipart/related; type="application/dicom"')).toThrow(expect.objectContaining({ status: 415 }));
    expect(() => readMultipartStream(pieces(encoded.bytes, 512), 'application/dicom')).toThrow(expect.objectContaining({ status: 415 }));
  });

  it('refuses endless part headers instead of collecting them', async () => {
    const endless = new Uint8Array([...text('--b\r\nContent-Type: application/dicom\r\nX: '), ...new Uint8Array(64 * 1024).fill(0x61)]);
    const source = pieces(endless, 1024);
    await expect(collect(readMultipartStream(source, 'multipart/related; boundary=b'))).rejects.toMatchObject({ status: 400, message: /headers are longer/ });
    expect(source.served).toBeLessThan(20 * 1024);
  });
});
