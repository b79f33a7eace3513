import { readFile, writeFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDicomFile, type WriteElement } from '../../common/dicom/write/dicomWriter';
import { readDicomFileSync } from '../dicom/readDicomFile';
import { GENERATE_PRESETS, generateSyntheticStudies, type GeneratedManifest } from '../synthetic/generateSyntheticStudies';
import { runTool } from '../../../testing/node/runTool';
import { decodeFileFrame, samplesAsLittleEndianBytes } from './decodeFileFrame';
import { fileFrameRequest } from './decodeFileFrame';
import { encodeHtj2kLossless } from '../../../testing/node/encodeHtj2k';
import { maxAbsDifference } from '../../../testing/node/referenceDecode';

// The generator's images, encoded by independent encoders (dcmtk, gdcm, OpenJPH), must decode
// back to the original pixels exactly (lossless), or within the encoder's bound (near-lossless).
let dir: string;
let originals: string[];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-transcode-'));
  const manifest: GeneratedManifest = await generateSyntheticStudies({
    outDir: path.join(dir, 'gen'),
    preset: GENERATE_PRESETS.tiny!,
    onlySeries: ['scout', 'axial-soft-thin', 'axial-lung-thin'],
    currentOnly: true,
    seed: 'transcode',
  });
  const series = manifest.studies[0]!.series;
  const pick = (key: string, n: string) => path.join(dir, 'gen', series.find((s) => s.key === key)!.folder, n);
  originals = [pick('scout', '0001.dcm'), pick('axial-soft-thin', '0020.dcm'), pick('axial-lung-thin', '0033.dcm')];
}, 120_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

async function originalPixels(file: string): Promise<Uint8Array> {
  return (await fileFrameRequest(file)).bytes;
}

const ENCODERS: Array<{ name: string; ts: string; run(input: string, output: string): Promise<unknown>; bound: number }> = [
  { name: 'dcmcjpls (JPEG-LS lossless)', ts: '1.2.840.10008.1.2.4.80', run: (i, o) => runTool('dcmcjpls', [i, o]), bound: 0 },
  { name: 'dcmcjpls +en (JPEG-LS near-lossless, NEAR 2)', ts: '1.2.840.10008.1.2.4.81', run: (i, o) => runTool('dcmcjpls', ['+en', i, o]), bound: 2 },
  { name: 'dcmcjpeg +e1 (JPEG lossless SV1)', ts: '1.2.840.10008.1.2.4.70', run: (i, o) => runTool('dcmcjpeg', ['+e1', i, o]), bound: 0 },
  { name: 'dcmcjpeg +el (JPEG lossless process 14)', ts: '1.2.840.10008.1.2.4.57', run: (i, o) => runTool('dcmcjpeg', ['+el', i, o]), bound: 0 },
  { name: 'dcmcrle (RLE)', ts: '1.2.840.10008.1.2.5', run: (i, o) => runTool('dcmcrle', [i, o]), bound: 0 },
  { name: 'gdcmconv --j2k (JPEG 2000 lossless)', ts: '1.2.840.10008.1.2.4.90', run: (i, o) => runTool('gdcmconv', ['--j2k', i, o]), bound: 0 },
  {
    name: 'OpenJPH (HTJ2K lossless)',
    ts: '1.2.840.10008.1.2.4.201',
    bound: 0,
    async run(input, output) {
      const parsed = readDicomFileSync(input, { headerOnly: false });
      const { format: f, bytes } = await fileFrameRequest(input);
      const codestream = await encodeHtj2kLossless(bytes, f.columns, f.rows, f.bitsStored, f.pixelRepresentation === 1);
      // Re-wrap the original data set around the new pixel data, as a converter would.
      const original = await readFile(input);
      const pixelOffset = parsed.pixelData!.offset - 12;
      const elements: WriteElement[] = [{ tag: 0x7fe00010, vr: 'OB', fragments: [codestream] }];
      const sop = String(parsed.dataset['00080018']!.Value![0]);
      const head = writeDicomFile(elements, { sopClassUid: String(parsed.dataset['00080016']!.Value![0]), sopInstanceUid: sop, transferSyntaxUid: '1.2.840.10008.1.2.4.201' });
      const metaEnd = 132 + 12 + new DataView(original.buffer, original.byteOffset).getUint32(140, true);
      const newMetaEnd = 132 + 12 + new DataView(head.buffer).getUint32(140, true);
      await writeFile(output, Buffer.concat([head.subarray(0, newMetaEnd), original.subarray(metaEnd, pixelOffset), head.subarray(newMetaEnd)]));
    },
  },
];

describe('decoding the synthetic study as transcoded by dcmtk, gdcm and OpenJPH', () => {
  for (const encoder of ENCODERS) {
    it(`${encoder.name}: decodes back to the original pixels${encoder.bound ? ` within ±${encoder.bound}` : ' exactly'}`, async () => {
      for (const [i, original] of originals.entries()) {
        const out = path.join(dir, `${i}-${encoder.ts}.dcm`);
        await encoder.run(original, out);
        expect(readDicomFileSync(out).transferSyntaxUid).toBe(encoder.ts);
        const ours = await decodeFileFrame(out);
        const diff = maxAbsDifference(samplesAsLittleEndianBytes(ours.pixels), await originalPixels(original), 16, false);
        expect(diff, `${path.basename(original)} via ${encoder.name}`).toBeLessThanOrEqual(encoder.bound);
      }
    });
  }
});

describe('lossy JPEG Extended 12-bit of the synthetic study', () => {
  it('dcmcjpeg +ee: our decode equals dcmdjpeg’s decode of the same stream (IJG islow IDCT)', async () => {
    const { referenceDecode } = await import('../../../testing/node/referenceDecode');
    for (const [i, original] of originals.entries()) {
      const out = path.join(dir, `${i}-ee.dcm`);
      await runTool('dcmcjpeg', ['+ee', original, out]);
      expect(readDicomFileSync(out).transferSyntaxUid).toBe('1.2.840.10008.1.2.4.51');
      const ours = await decodeFileFrame(out);
      expect(ours.backend).toBe('jpeg-dct-ts');
      const reference = (await referenceDecode(out, '1.2.840.10008.1.2.4.51', dir))!;
      expect(maxAbsDifference(samplesAsLittleEndianBytes(ours.pixels), reference.frame(1), 16, false)).toBe(0);
      // And a faithful lossy image of the original in Hounsfield units (dcmcjpeg shifts the stored
      // values and changes the Rescale Intercept to match): a small mean error.
      const intercept = (file: string): number => Number(readDicomFileSync(file).dataset['00281052']!.Value![0]);
      const a = new Uint16Array(samplesAsLittleEndianBytes(ours.pixels).slice().buffer);
      const b = new Uint16Array((await originalPixels(original)).slice().buffer);
      const shift = intercept(out) - intercept(original);
      const meanError = a.reduce((sum, v, k) => sum + Math.abs(v + shift - b[k]!), 0) / a.length;
      expect(meanError).toBeLessThan(10);
    }
  });
});
