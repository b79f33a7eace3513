import { readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DicomJsonDataset } from '../../common/dicom/model/dicomJson';
import { parseDicom } from '../../common/dicom/parse/parseDicom';
import { imagePlanesOf, type ImagePlane } from '../../common/results/imagePlanes';
import { parseSegmentation } from '../../common/results/seg/parseSegmentation';
import { parseSegmentationPart10, segmentationFramesFromPart10 } from '../../common/results/seg/segmentationPart10';
import { readDicomFileSync } from '../dicom/readDicomFile';
import { missingHere } from '../../../testing/node/requiredInCi';
import { runTool } from '../../../testing/node/runTool';
import { oracleMasks, segOracle, storedValue } from '../../../testing/node/segmentationOracle';
import { samplePath, sharedSamplesAvailable } from '../../../testing/node/sharedSamples';
import { readSegmentationFile } from './readResultFiles';

const LIVER = 'seg-sr/dcmqi/seg/liver.dcm';
const ACRIN = 'series/acrin-nsclc-fdg-pet-042';
const PET_SEG = `${ACRIN}/SEG_on_PT_AC_1segment/SEG_0001_1.2.276.0.7230010.3.1.4.0.32885.1661548339.162309.dcm`;
const CT_SEG = `${ACRIN}/SEG_on_CT_2segments/SEG_0001_1.2.276.0.7230010.3.1.4.0.58140.1660682321.760112.dcm`;

async function planesOfFolder(rel: string): Promise<ImagePlane[]> {
  const dir = samplePath(rel);
  const files = (await readdir(dir)).filter((f) => f.endsWith('.dcm'));
  return files.flatMap((f) => imagePlanesOf(readDicomFileSync(path.join(dir, f)).dataset));
}

/** The header without any Derivation Image Sequence: the frames then have only their positions. */
function withoutDerivation(ds: DicomJsonDataset): DicomJsonDataset {
  const copy = structuredClone(ds);
  for (const item of (copy['52009230']?.Value ?? []) as DicomJsonDataset[]) delete item['00089124'];
  for (const item of (copy['52009229']?.Value ?? []) as DicomJsonDataset[]) delete item['00089124'];
  return copy;
}

function readNative(file: string): { dataset: DicomJsonDataset; frames: ReturnType<typeof segmentationFramesFromPart10> } {
  const bytes = new Uint8Array(readFileSync(file));
  const parsed = parseDicom(bytes, { source: file });
  return { dataset: parsed.dataset, frames: segmentationFramesFromPart10(bytes, parsed, { source: file }) };
}

/** dcm2pnm's frames of a 1-bit file (dcmtk's own unpacking), as "pixel set" flags. */
async function dcmtkFrames(file: string, dir: string): Promise<Uint8Array[]> {
  await runTool('dcm2pnm', ['--all-frames', '--write-raw-pnm', file, path.join(dir, 'frame')]);
  const names = (await readdir(dir)).filter((f) => /^frame\.\d+\.pgm$/.test(f)).sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]));
  return Promise.all(
    names.map(async (name) => {
      const pgm = await readFile(path.join(dir, name));
      // P5 header: magic, width, height, maxval, each followed by whitespace; the samples follow.
      const header = pgm.toString('latin1', 0, 64).match(/^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/);
      const pixels = pgm.subarray(header![0].length);
      return Uint8Array.from(pixels, (v) => (v ? 1 : 0));
    }),
  );
}

describe.skipIf(missingHere(sharedSamplesAvailable(), 'shared DICOM samples (../shared/dicom-samples)'))('SEG frames: bit packing, sources, compressed frames', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-segsrc-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  // No shared SEG has frames that end inside a byte (all are 16², 24×38, 128² or 512²), so two are
  // re-declared by dcmodify with rows × columns not a multiple of 8: the same packed bits then hold
  // frames that start 1..7 bits into a byte. dcmtk's dcm2pnm unpacks them independently.
  it.each([
    { rel: LIVER, rows: 500, columns: 499 },
    { rel: 'seg-sr/highdicom/seg_image_ct_binary_overlap.dcm', rows: 5, columns: 3 },
  ])('$rel re-declared $rows×$columns: frames packed across byte boundaries read as dcmtk and a bit-by-bit reading do', async ({ rel, rows, columns }) => {
    const work = path.join(dir, `${rows}x${columns}`);
    await mkdir(work);
    const file = path.join(work, 'seg.dcm');
    await copyFile(samplePath(rel), file);
    await runTool('dcmodify', ['-nb', '-m', `(0028,0010)=${rows}`, '-m', `(0028,0011)=${columns}`, file]);
    const seg = parseSegmentationPart10(new Uint8Array(await readFile(file)), { source: file });
    const dcmtk = await dcmtkFrames(file, work);
    const oracle = await segOracle(file, work);
    expect(seg.masks.length).toBe(oracle.frames);
    expect(dcmtk.length).toBe(oracle.frames);
    const starts = new Set<number>();
    let set = 0;
    for (const mask of seg.masks) {
      const f = mask.segFrame - 1;
      starts.add((f * rows * columns) % 8);
      expect(mask.data.length).toBe(rows * columns);
      expect(Buffer.from(mask.data).equals(Buffer.from(dcmtk[f]!)), `frame ${f + 1} against dcm2pnm`).toBe(true);
      expect(mask.data.findIndex((v, p) => v !== storedValue(oracle, f, p)), `frame ${f + 1} against the bit-by-bit reading`).toBe(-1);
      set += mask.data.reduce((s, v) => s + v, 0);
    }
    expect(set).toBeGreaterThan(0);
    // Frames really start inside bytes.
    expect([...starts].some((s) => s !== 0)).toBe(true);
  });

  it.each([
    { rel: LIVER, images: 'seg-sr/dcmqi/ct-3slice' },
    { rel: 'seg-sr/dcmqi/labelmap-24x38x3/label_binary.seg.dcm', images: 'seg-sr/dcmqi/labelmap-24x38x3/image' },
    { rel: PET_SEG, images: `${ACRIN}/PT_AC` },
  ])('$rel without its Derivation Image Sequence: frames are matched by position to the images the derivation named', async ({ rel, images }) => {
    const file = samplePath(rel);
    const oracle = await segOracle(file, await mkdtemp(path.join(dir, 'pos-')));
    const { dataset, frames } = readNative(file);
    const seg = parseSegmentation(withoutDerivation(dataset), frames, { sourceImages: await planesOfFolder(images) });
    expect(seg.masks.length).toBe(oracle.frames);
    for (const mask of seg.masks) {
      expect(mask.sourceMatchedBy).toBe('position');
      expect(`${mask.referencedSopInstanceUid}|${mask.referencedFrame}`).toBe(oracle.frameSources[mask.segFrame - 1]);
    }
  });

  it('a frame that lies on no source plane (another Frame of Reference) is left unmatched', async () => {
    const { dataset, frames } = readNative(samplePath(LIVER));
    const planes = (await planesOfFolder('seg-sr/dcmqi/ct-3slice')).map((p) => ({ ...p, frameOfReferenceUid: '1.2.3.4' }));
    const seg = parseSegmentation(withoutDerivation(dataset), frames, { sourceImages: planes });
    for (const mask of seg.masks) expect(mask.referencedSopInstanceUid).toBeUndefined();
  });

  it('a projection-image SEG without derivation falls back to the one instance its Referenced Series Sequence lists', async () => {
    const file = samplePath('seg-sr/highdicom/seg_image_cr_binary.dcm');
    const oracle = await segOracle(file, await mkdtemp(path.join(dir, 'cr-')));
    const { dataset, frames } = readNative(file);
    const [mask] = parseSegmentation(withoutDerivation(dataset), frames).masks;
    expect(mask!.sourceMatchedBy).toBe('only-referenced-instance');
    expect(`${mask!.referencedSopInstanceUid}|${mask!.referencedFrame}`).toBe(oracle.frameSources[0]);
  });

  it('Deflated Image Frame Compression (liver_deflate.dcm) decodes through the imaging decoder to the voxels dcmtk finds in its uncompressed twin', async () => {
    const seg = await readSegmentationFile(samplePath('transfer-syntaxes/deflated/liver_deflate.dcm'));
    const twin = oracleMasks(await segOracle(samplePath('pixel-formats/liver.dcm'), await mkdtemp(path.join(dir, 'twin-'))));
    expect(seg.masks.length).toBe(3);
    for (const mask of seg.masks) {
      const expected = twin.get(mask.segmentNumber)!.get(`${mask.referencedSopInstanceUid}|${mask.referencedFrame}`)!;
      expect(Buffer.from(mask.data).equals(Buffer.from(expected))).toBe(true);
    }
  });

  it('work is proportional to frames: a 58-frame SEG reads each frame once; a source with 10 frames is read 10 times', () => {
    const { dataset, frames } = readNative(samplePath(CT_SEG));
    const calls: number[] = [];
    const full = parseSegmentation(dataset, { numberOfFrames: frames.numberOfFrames, frame: (k) => (calls.push(k), frames.frame(k)) });
    expect(calls).toEqual(Array.from({ length: 58 }, (_, i) => i + 1));
    // One mask per frame, each rows × columns: memory grows with frames, not with segments × frames.
    expect(full.masks.length).toBe(58);
    expect(full.masks.reduce((s, m) => s + m.data.length, 0)).toBe(58 * 512 * 512);
    calls.length = 0;
    const partial = parseSegmentation(dataset, { numberOfFrames: 10, frame: (k) => (calls.push(k), frames.frame(k)) });
    expect(calls).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    expect(partial.masks.length).toBe(10);
    expect(partial.warnings.join()).toMatch(/Number of Frames is 58 but the pixel data holds 10/);
  });
});
