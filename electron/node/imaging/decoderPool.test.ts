import { afterAll, describe, expect, it } from 'vitest';
import { samplePath, sharedSamplesAvailable } from '../../../testing/node/sharedSamples';
import { DecodeError, type DecodeRequest } from '../../../native-codecs/common/decodeTypes';
import { decodeFrame } from '../../../native-codecs/node/decodeFrame';
import { createDecoderPool } from './imagingPool';
import { fileFrameRequest } from './decodeFileFrame';
import { missingHere } from '../../../testing/node/requiredInCi';

function requestFor(rel: string, frame = 1): Promise<DecodeRequest> {
  return fileFrameRequest(samplePath(rel), frame);
}

const CODESTREAMS = [
  'transfer-syntaxes/dicomparser-ct/CT1_UNC.fragmented_bot_jpeg_ls.80.dcm',
  'transfer-syntaxes/jpeg2000/693_J2KR.dcm',
  'transfer-syntaxes/htj2k/HTJ2KLossless_08_RGB.dcm',
  'transfer-syntaxes/jpeg-lossless/JPEG-LL.dcm',
  'transfer-syntaxes/jpeg-baseline/SC_rgb_dcmtk_+eb+cr.dcm',
  'transfer-syntaxes/jpeg-extended-12bit/JPGExtended.dcm',
  'transfer-syntaxes/rle/SC_rgb_rle_16bit.dcm',
];

describe.skipIf(missingHere(sharedSamplesAvailable(), 'the shared DICOM samples (../shared/dicom-samples)'))('decoder pool and corrupt codestreams', () => {
  const pool = createDecoderPool({ size: 2, taskTimeoutMs: 20_000 });
  afterAll(() => pool.close());

  it('decodes in workers exactly what the in-thread decoder gives', async () => {
    const frames = await Promise.all(CODESTREAMS.map(async (rel) => pool.decode(await requestFor(rel))));
    for (const [i, rel] of CODESTREAMS.entries()) {
      const direct = await decodeFrame(await requestFor(rel));
      expect(Buffer.from(frames[i]!.pixels.buffer).equals(Buffer.from(direct.pixels.buffer)), rel).toBe(true);
    }
  });

  it('turns truncated and garbage codestreams into DecodeErrors naming the frame, and keeps working', async () => {
    let seed = 7;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const outcomes: string[] = [];
    for (const rel of CODESTREAMS) {
      const good = await requestFor(rel);
      const variants: Array<[string, Uint8Array]> = [
        ['empty', new Uint8Array(0)],
        ['truncated to 10%', good.bytes.slice(0, Math.floor(good.bytes.length / 10))],
        ['garbage', Uint8Array.from({ length: 4096 }, () => Math.floor(random() * 256))],
        ['header only', good.bytes.slice(0, 64)],
      ];
      for (const [what, bytes] of variants) {
        const result = await pool.decode({ ...good, bytes, frame: 3 }).then(
          () => 'decoded',
          (e: unknown) => (e instanceof DecodeError && e.message.includes('frame 3') && e.message.includes(good.source) ? 'typed error' : `untyped: ${String(e)}`),
        );
        outcomes.push(`${rel} ${what}: ${result}`);
      }
    }
    // A damaged stream may still decode to something (codecs conceal errors), but never crash or throw untyped.
    expect(outcomes.filter((o) => o.includes('untyped'))).toEqual([]);
    expect(outcomes.filter((o) => o.endsWith('typed error')).length).toBeGreaterThanOrEqual(CODESTREAMS.length * 2);
    // The pool still decodes good frames afterwards.
    const after = await pool.decode(await requestFor(CODESTREAMS[0]!));
    expect(after.pixels.length).toBe(512 * 512);
  }, 120_000);

  it('decodes the malformed compressed samples or rejects them with a DecodeError: never a crash', async () => {
    const { loadSampleManifest } = await import('../../../testing/node/sharedSamples');
    const malformed = loadSampleManifest().filter((f) => f.path.startsWith('malformed/') && f.transferSyntaxUID?.startsWith('1.2.840.10008.1.2.4'));
    expect(malformed.length).toBeGreaterThanOrEqual(5);
    for (const f of malformed) {
      let request: DecodeRequest;
      try {
        request = await requestFor(f.path);
      } catch {
        continue; // not even its header parses: the parser test covers it
      }
      const outcome = await pool.decode(request).then(
        () => 'decoded',
        (e: unknown) => (e instanceof DecodeError ? 'DecodeError' : `untyped ${String(e)}`),
      );
      expect(outcome, f.path).toMatch(/^(decoded|DecodeError)$/);
    }
  });

  it('abandons a hung decode: the worker is replaced and the frame fails with a timeout', async () => {
    const slow = createDecoderPool({ size: 1, taskTimeoutMs: 1 });
    try {
      await expect(slow.decode(await requestFor('transfer-syntaxes/jpeg2000/693_J2KR.dcm'))).rejects.toThrow(/timed out/);
      // A fresh worker serves the next frame (with a sane timeout it would succeed; here it times out again, typed).
      await expect(slow.decode(await requestFor('transfer-syntaxes/jpeg2000/693_J2KR.dcm'))).rejects.toBeInstanceOf(DecodeError);
    } finally {
      await slow.close();
    }
  });
});
