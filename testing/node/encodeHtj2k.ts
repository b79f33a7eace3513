import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Encodes one grayscale frame as lossless HTJ2K with OpenJPH's own encoder (no other HTJ2K encoder exists here). */
export async function encodeHtj2kLossless(samples: Uint8Array, width: number, height: number, bitsPerSample: number, isSigned: boolean): Promise<Uint8Array> {
  const factory = require('@cornerstonejs/codec-openjph') as (o: object) => Promise<{ HTJ2KEncoder: new () => {
    getDecodedBuffer(info: object): Uint8Array;
    encode(): void;
    getEncodedBuffer(): Uint8Array;
  } }>;
  const codec = await factory({ print() {}, printErr() {} });
  const encoder = new codec.HTJ2KEncoder();
  encoder.getDecodedBuffer({ width, height, bitsPerSample, componentCount: 1, isSigned, isUsingColorTransform: false }).set(samples);
  encoder.encode();
  return encoder.getEncodedBuffer().slice();
}
