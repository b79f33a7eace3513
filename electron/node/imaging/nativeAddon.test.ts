import { describe, expect, it } from 'vitest';
import { loadSampleManifest, samplePath, sharedSamplesAvailable } from '../../../testing/node/sharedSamples';
import { nativeCodecs } from '../../../native-codecs/node/nativeAddon';
import { fileFrameRequest } from './decodeFileFrame';
import { decodeWithWasm } from '../../../native-codecs/node/wasmDecoders';
import { missingHere } from '../../../testing/node/requiredInCi';

// The optional N-API addon (built by `npm run build:native`, as .ci/run does) must give exactly
// what the WASM build of OpenJPEG gives, frame by frame. Where it was not built, say so and skip.
const addon = nativeCodecs();
if (!addon) console.log('[native codecs] addon not built (npm run build:native): JPEG 2000 decodes with the WASM build');

describe.skipIf(missingHere(addon !== undefined, 'the native codec addon (npm run build:native)') || missingHere(sharedSamplesAvailable(), 'the shared DICOM samples (../shared/dicom-samples)'))('native OpenJPEG addon', () => {
  it('decodes every JPEG 2000 shared sample exactly as the WASM OpenJPEG does', async () => {
    const j2k = loadSampleManifest().filter((f) => f.transferSyntaxUID === '1.2.840.10008.1.2.4.90' || f.transferSyntaxUID === '1.2.840.10008.1.2.4.91');
    expect(j2k.length).toBeGreaterThan(8);
    for (const f of j2k) {
      const file = samplePath(f.path);
      let request;
      try {
        request = await fileFrameRequest(file);
      } catch {
        continue;
      }
      const { format, bytes } = request;
      const wasm = await decodeWithWasm('j2k', bytes, format).catch((e: Error) => e);
      let native: Uint8Array | Error;
      try {
        native = new Uint8Array(addon!.decodeJ2k(bytes).data);
      } catch (e) {
        native = e as Error;
      }
      if (wasm instanceof Error) {
        expect(native, f.path).toBeInstanceOf(Error);
        continue;
      }
      expect(native, f.path).toBeInstanceOf(Uint8Array);
      const w = new Uint8Array(wasm.pixels.buffer, wasm.pixels.byteOffset, wasm.pixels.byteLength);
      expect(Buffer.from(native as Uint8Array).equals(Buffer.from(w)), f.path).toBe(true);
    }
  });

  it('throws an Error with OpenJPEG’s message for a broken codestream', () => {
    expect(() => addon!.decodeJ2k(new Uint8Array([0xff, 0x4f, 0xff, 0x51, 0, 0]))).toThrow(Error);
    expect(() => addon!.decodeJ2k(new Uint8Array(0))).toThrow(Error);
  });
});
