import { createRequire } from 'node:module';
import { planarToInterleaved } from '../common/colorConversion';
import { bytesPerSample, samplesFor, type DecodedSamples, type FramePixelFormat } from '../common/decodeTypes';

const require = createRequire(import.meta.url);

/** What every emscripten-built codec of @cornerstonejs exposes. */
interface WasmDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  getDecodedBuffer(): Uint8Array;
  decode(): void;
  getFrameInfo(): { width: number; height: number; bitsPerSample: number; componentCount: number; isSigned?: boolean };
  readHeader?(): void;
  getInterleaveMode?(): number;
  delete?(): void;
}

interface CodecSpec {
  /** Package subpath of the WASM build (the package roots of some are slower asm.js builds). */
  module: string;
  className: string;
  backend: string;
}

export const WASM_CODECS = {
  jpegls: { module: '@cornerstonejs/codec-charls/decodewasmjs', className: 'JpegLSDecoder', backend: 'charls-wasm' },
  j2k: { module: '@cornerstonejs/codec-openjpeg/decodewasmjs', className: 'J2KDecoder', backend: 'openjpeg-wasm' },
  htj2k: { module: '@cornerstonejs/codec-openjph', className: 'HTJ2KDecoder', backend: 'openjph-wasm' },
  jpeg8: { module: '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs', className: 'JPEGDecoder', backend: 'libjpeg-turbo-wasm' },
} as const satisfies Record<string, CodecSpec>;

export type WasmCodecName = keyof typeof WASM_CODECS;

const decoders = new Map<WasmCodecName, Promise<WasmDecoder>>();

/** Loads a codec once per thread; openjpeg logs every decode unless print/printErr are silenced. */
function decoderFor(name: WasmCodecName): Promise<WasmDecoder> {
  let d = decoders.get(name);
  if (!d) {
    const spec = WASM_CODECS[name];
    d = (async () => {
      const factory = require(spec.module) as ((opts: object) => Promise<Record<string, new () => WasmDecoder>>) | { default: (opts: object) => Promise<Record<string, new () => WasmDecoder>> };
      const create = typeof factory === 'function' ? factory : factory.default;
      const module = await create({ print() {}, printErr() {} });
      return new module[spec.className]!();
    })();
    decoders.set(name, d);
  }
  return d;
}

export interface CodecOutput {
  pixels: DecodedSamples;
  samplesPerPixel: number;
  /** The codec's own colour handling: JPEG baseline comes back as RGB from YCbCr. */
  convertedToRgb: boolean;
}

/**
 * Decodes one codestream with a WASM codec. The decoded buffer lives in the WASM heap and is
 * copied out before the next decode can overwrite it. Codec failures (thrown as bare numbers by
 * the C++ side) are rethrown as Errors with a message.
 */
export async function decodeWithWasm(name: WasmCodecName, codestream: Uint8Array, format: FramePixelFormat): Promise<CodecOutput> {
  const decoder = await decoderFor(name);
  try {
    decoder.getEncodedBuffer(codestream.length).set(codestream);
    decoder.decode();
  } catch (error) {
    throw new Error(`${WASM_CODECS[name].backend} failed${typeof error === 'number' ? ` (code ${error})` : `: ${String(error)}`}`);
  }
  const info = decoder.getFrameInfo();
  if (info.width !== format.columns || info.height !== format.rows) {
    throw new Error(`codestream is ${info.width}×${info.height}, the data set says ${format.columns}×${format.rows}`);
  }
  const decoded = decoder.getDecodedBuffer();
  const expected = format.rows * format.columns * info.componentCount * bytesPerSample(format);
  if (decoded.length < expected) throw new Error(`decoded ${decoded.length} bytes, expected ${expected}`);
  let copy = decoded.slice(0, expected);
  // CharLS returns an interleave-mode-0 (per component) colour image plane by plane.
  if (name === 'jpegls' && info.componentCount > 1 && decoder.getInterleaveMode?.() === 0) copy = planarToInterleaved(copy, info.componentCount);
  return {
    pixels: samplesFor(format, copy.buffer, 0, format.rows * format.columns * info.componentCount),
    samplesPerPixel: info.componentCount,
    convertedToRgb: name === 'jpeg8' && info.componentCount === 3,
  };
}
