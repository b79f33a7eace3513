import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringValue } from '../../common/dicom/model/dicomJsonAccess';
import { parseDicom } from '../../common/dicom/parse/parseDicom';
import { TransferSyntax } from '../../common/dicom/transferSyntax';
import { maxAbsDifference } from '../../../testing/node/referenceDecode';
import { missingHere } from '../../../testing/node/requiredInCi';
import { runTool } from '../../../testing/node/runTool';
import { samplePath, sharedSamplesAvailable } from '../../../testing/node/sharedSamples';
import { transcodeToExplicitLittleEndian } from './transcodeInstance';

// Transcoding to Explicit VR Little Endian (STD-GEN-CD) against GDCM's own decompression
// (gdcmconv --raw) of the same files: the same pixels, the same photometric interpretation.

const GDCMCONV = '/usr/bin/gdcmconv';
let dir: string;

/** The native pixel data and description of an uncompressed file. */
function pixelsOf(bytes: Uint8Array, source: string): { pixels: Uint8Array; photometric: string; ts: string; bits: number; signed: boolean; dataset: ReturnType<typeof parseDicom>['dataset'] } {
  const parsed = parseDicom(bytes, { source, headerOnly: true, inflateRaw: (b) => inflateRawSync(b) });
  const loc = parsed.pixelData!;
  expect(loc.encapsulated, source).toBe(false);
  const bits = Number(parsed.dataset['00280100']?.Value?.[0]);
  return { pixels: bytes.subarray(loc.offset, loc.offset + loc.length!), photometric: stringValue(parsed.dataset, '00280004') ?? '', ts: parsed.transferSyntaxUid, bits, signed: Number(parsed.dataset['00280103']?.Value?.[0]) === 1, dataset: parsed.dataset };
}

/** Lossless syntaxes, and JPEG-LS near-lossless, whose decoding is exact (every conforming decoder gives the same samples). */
const EXACT = [
  'transfer-syntaxes/mr-small/MR_small_implicit.dcm',
  'transfer-syntaxes/mr-small/MR_small_RLE.dcm',
  'transfer-syntaxes/mr-small/MR_small_jpeg_ls_lossless.dcm',
  'transfer-syntaxes/mr-small/MR_small_jp2klossless.dcm',
  'transfer-syntaxes/jpeg-lossless/JPGLosslessP14SV1_1s_1f_8b.dcm',
  'transfer-syntaxes/rle/SC_rgb_rle.dcm',
  'transfer-syntaxes/jpeg-ls/SC_rgb_jls_lossy_sample.dcm',
  'transfer-syntaxes/jpeg-ls/JPEGLSNearLossless_16.dcm',
  'transfer-syntaxes/jpeg2000/US1_J2KR.dcm',
  'transfer-syntaxes/deflated/image_dfl.dcm',
];

describe.skipIf(missingHere(sharedSamplesAvailable() && existsSync(GDCMCONV), 'the shared DICOM samples and gdcmconv (libgdcm-tools)'))('transcoding to Explicit VR Little Endian', () => {
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-transcode-export-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  for (const sample of EXACT) {
    it(`${path.basename(sample)}: the pixels and photometric interpretation gdcmconv --raw gives, in a file dcmtk reads`, async () => {
      const original = new Uint8Array(await readFile(samplePath(sample)));
      const result = await transcodeToExplicitLittleEndian(original, sample);
      if ('kept' in result) throw new Error(result.kept);
      expect(result.changed).toBe(true);
      const ours = pixelsOf(result.bytes, sample);
      expect(ours.ts).toBe(TransferSyntax.ExplicitVRLittleEndian);
      const reference = path.join(dir, `${path.basename(sample)}.gdcm.dcm`);
      await runTool(GDCMCONV, ['--raw', samplePath(sample), reference]);
      const theirs = pixelsOf(new Uint8Array(await readFile(reference)), reference);
      expect(ours.photometric).toBe(theirs.photometric);
      expect(ours.pixels.length).toBe(theirs.pixels.length);
      expect(Buffer.from(ours.pixels).equals(Buffer.from(theirs.pixels))).toBe(true);
      // The rest of the data set is the original's: same SOP Instance UID.
      expect(stringValue(ours.dataset, '00080018')).toBe(stringValue(parseDicom(original, { source: sample, headerOnly: true, inflateRaw: (b) => inflateRawSync(b) }).dataset, '00080018'));
      const written = path.join(dir, `${path.basename(sample)}.ours.dcm`);
      await writeFile(written, result.bytes);
      await runTool('dcmdump', ['-q', '+E', written]);
    });
  }

  it('JPEG Baseline (lossy, YCbCr): within the decoders\' rounding of dcmdjpeg\'s RGB pixels, and still flagged as lossy', async () => {
    const sample = 'transfer-syntaxes/jpeg-baseline/SC_rgb_dcmtk_+eb+cy+np.dcm';
    const result = await transcodeToExplicitLittleEndian(new Uint8Array(await readFile(samplePath(sample))), sample);
    if ('kept' in result) throw new Error(result.kept);
    const ours = pixelsOf(result.bytes, sample);
    const reference = path.join(dir, 'SC_rgb_jpeg.dcmdjpeg.dcm');
    await runTool('dcmdjpeg', [samplePath(sample), reference]);
    const theirs = pixelsOf(new Uint8Array(await readFile(reference)), reference);
    expect(ours.photometric).toBe(theirs.photometric);
    expect(maxAbsDifference(ours.pixels, theirs.pixels, ours.bits, ours.signed)).toBeLessThanOrEqual(2);
    expect(stringValue(ours.dataset, '00282110')).toBe('01');
  });

  it('Explicit VR Little Endian comes back unchanged; Explicit VR Big Endian is kept, with the reason', async () => {
    const plain = new Uint8Array(await readFile(samplePath('transfer-syntaxes/mr-small/MR_small.dcm')));
    const same = await transcodeToExplicitLittleEndian(plain, 'MR_small.dcm');
    expect('bytes' in same && same.bytes === plain && !same.changed).toBe(true);
    const bigEndian = await transcodeToExplicitLittleEndian(new Uint8Array(await readFile(samplePath('transfer-syntaxes/mr-small/MR_small_bigendian.dcm'))), 'MR_small_bigendian.dcm');
    expect(bigEndian).toMatchObject({ transferSyntaxUid: TransferSyntax.ExplicitVRBigEndian, kept: expect.stringMatching(/Big Endian/) });
  });
});
