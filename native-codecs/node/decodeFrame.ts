import { inflateRawSync } from 'node:zlib';
import { DecodeError, samplesFor, type DecodedFrame, type DecodedSamples, type DecodeRequest, type FramePixelFormat } from '../common/decodeTypes';
import { markJpegAsRgb } from '../common/jpegColorspace';
import { decodeJpegDct } from '../common/jpegDctDecoder';
import { decodeJpegLossless } from '../common/jpegLosslessDecoder';
import { nativeFrameSamples } from '../common/nativeFrame';
import { decodeRle } from '../common/rleDecoder';
import { nativeCodecs } from './nativeAddon';
import { decodeWithWasm, type CodecOutput, type WasmCodecName } from './wasmDecoders';


/** Transfer syntax → how its frames are decoded. The choice per syntax is the benchmark's (README). */
const BACKEND_BY_SYNTAX: Record<string, WasmCodecName | 'native' | 'native-be' | 'rle' | 'jpeg-lossless' | 'deflate-frame' | 'jpeg-extended'> = {
  '1.2.840.10008.1.2': 'native',
  '1.2.840.10008.1.2.1': 'native',
  '1.2.840.10008.1.2.1.99': 'native',
  '1.2.840.10008.1.2.2': 'native-be',
  '1.2.840.10008.1.2.5': 'rle',
  '1.2.840.10008.1.2.4.50': 'jpeg8',
  '1.2.840.10008.1.2.4.51': 'jpeg-extended',
  '1.2.840.10008.1.2.4.57': 'jpeg-lossless',
  '1.2.840.10008.1.2.4.70': 'jpeg-lossless',
  '1.2.840.10008.1.2.4.80': 'jpegls',
  '1.2.840.10008.1.2.4.81': 'jpegls',
  '1.2.840.10008.1.2.4.90': 'j2k',
  '1.2.840.10008.1.2.4.91': 'j2k',
  '1.2.840.10008.1.2.4.201': 'htj2k',
  '1.2.840.10008.1.2.4.202': 'htj2k',
  '1.2.840.10008.1.2.4.203': 'htj2k',
  '1.2.840.10008.1.2.8.1': 'deflate-frame',
};

/** Transfer syntaxes this build decodes. */
export const DECODABLE_TRANSFER_SYNTAXES = Object.keys(BACKEND_BY_SYNTAX);

/** 16-bit decoder output as the data set's sample type (8-bit data narrowed, signed data reinterpreted). */
function samplesFromUint16(samples: Uint16Array, format: FramePixelFormat): DecodedSamples {
  if (format.bitsAllocated <= 8) {
    const bytes = Uint8Array.from(samples);
    return samplesFor(format, bytes.buffer, 0, bytes.length);
  }
  return samplesFor(format, samples.buffer, samples.byteOffset, samples.length);
}

/** Sample precision from the first SOF marker of a JPEG stream (undefined if none is found). */
function sofPrecision(stream: Uint8Array): number | undefined {
  for (let p = 2; p + 4 < stream.length; ) {
    if (stream[p] !== 0xff) return undefined;
    const marker = stream[p + 1]!;
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return stream[p + 4];
    p += 2 + ((stream[p + 2]! << 8) | stream[p + 3]!);
  }
  return undefined;
}

/**
 * Decodes one frame of any supported transfer syntax into samples. Every failure is a
 * `DecodeError` naming the file and the frame.
 */
export async function decodeFrame(request: DecodeRequest): Promise<DecodedFrame> {
  const started = performance.now();
  const backend = BACKEND_BY_SYNTAX[request.transferSyntaxUid];
  const fail = (detail: string): DecodeError => new DecodeError(request.source, request.frame, request.transferSyntaxUid, detail);
  if (!backend) throw fail('no decoder for this transfer syntax');
  const { format } = request;
  let out: CodecOutput;
  let nativeUsed = false;
  try {
    switch (backend) {
      case 'native':
      case 'native-be':
        out = { pixels: nativeFrameSamples(format, request.bytes, backend === 'native-be', request.bitOffset ?? 0), samplesPerPixel: format.samplesPerPixel, convertedToRgb: false };
        break;
      case 'deflate-frame':
        out = { pixels: nativeFrameSamples(format, inflateRawSync(request.bytes), false), samplesPerPixel: format.samplesPerPixel, convertedToRgb: false };
        break;
      case 'rle':
        out = { pixels: decodeRle(request), samplesPerPixel: format.samplesPerPixel, convertedToRgb: false };
        break;
      case 'jpeg-lossless': {
        const image = decodeJpegLossless(request.bytes, { width: format.columns, height: format.rows });
        out = { pixels: samplesFromUint16(image.samples, format), samplesPerPixel: image.components, convertedToRgb: false };
        break;
      }
      case 'jpeg-extended': {
        // 8-bit extended streams go to libjpeg-turbo; 12-bit ones to our IJG-equivalent decoder.
        if (sofPrecision(request.bytes) === 8) {
          out = await decodeWithWasm('jpeg8', format.photometricInterpretation === 'RGB' ? markJpegAsRgb(request.bytes) : request.bytes, format);
          break;
        }
        const image = decodeJpegDct(request.bytes, { width: format.columns, height: format.rows });
        out = { pixels: samplesFromUint16(image.samples, format), samplesPerPixel: image.components, convertedToRgb: false };
        break;
      }
      case 'j2k': {
        const native = nativeCodecs();
        if (!native) {
          out = await decodeWithWasm('j2k', request.bytes, format);
          break;
        }
        const image = native.decodeJ2k(request.bytes);
        if (image.width !== format.columns || image.height !== format.rows) throw new Error(`codestream is ${image.width}×${image.height}, the data set says ${format.columns}×${format.rows}`);
        out = { pixels: samplesFor(format, image.data, 0, image.width * image.height * image.components), samplesPerPixel: image.components, convertedToRgb: false };
        nativeUsed = true;
        break;
      }
      case 'jpeg8':
        out = await decodeWithWasm(backend, format.photometricInterpretation === 'RGB' ? markJpegAsRgb(request.bytes) : request.bytes, format);
        break;
      default:
        out = await decodeWithWasm(backend, request.bytes, format);
    }
  } catch (error) {
    if (error instanceof DecodeError) throw error;
    throw fail(error instanceof Error ? error.message : String(error));
  }
  const expected = format.rows * format.columns * format.samplesPerPixel;
  if (out.pixels.length !== expected) throw fail(`decoded ${out.pixels.length} samples, expected ${expected}`);
  const ybr = format.photometricInterpretation.startsWith('YBR');
  return {
    pixels: out.pixels,
    photometricInterpretation: out.convertedToRgb && ybr ? 'RGB' : format.photometricInterpretation,
    samplesPerPixel: out.samplesPerPixel,
    backend: nativeUsed ? `${backend}-native` : backend === 'native' || backend === 'native-be' || backend === 'deflate-frame' ? 'native' : backend === 'rle' ? 'rle-ts' : backend === 'jpeg-lossless' ? 'jpeg-lossless-ts' : backend === 'jpeg-extended' ? 'jpeg-dct-ts' : `${backend}-wasm`,
    decodeMs: performance.now() - started,
  };
}
