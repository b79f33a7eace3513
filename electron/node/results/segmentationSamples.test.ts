import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDicom } from '../../common/dicom/parse/parseDicom';
import { parseSegmentation } from '../../common/results/seg/parseSegmentation';
import type { Segmentation } from '../../common/results/seg/segmentationModel';
import { segmentationFramesFromPart10 } from '../../common/results/seg/segmentationPart10';
import { missingHere } from '../../../testing/node/requiredInCi';
import { oracleFractions, oracleMasks, segOracle, type SegOracle } from '../../../testing/node/segmentationOracle';
import { samplePath, sharedSamplesAvailable } from '../../../testing/node/sharedSamples';

/** Every SEG of the shared samples. */
const SEG_FILES = [
  'seg-sr/highdicom/seg_image_cr_binary.dcm',
  'seg-sr/highdicom/seg_image_ct_binary.dcm',
  'seg-sr/highdicom/seg_image_ct_binary_fractional.dcm',
  'seg-sr/highdicom/seg_image_ct_binary_overlap.dcm',
  'seg-sr/highdicom/seg_image_ct_binary_single_frame.dcm',
  'seg-sr/highdicom/seg_image_ct_true_fractional.dcm',
  'seg-sr/dcmqi/seg/liver.dcm',
  'seg-sr/dcmqi/seg/partial_overlaps.dcm',
  'seg-sr/dcmqi/labelmap-24x38x3/label_binary.seg.dcm',
  'seg-sr/dcmqi/labelmap-24x38x3/sparse-labelmap-noppv.dcm',
  'seg-sr/dcmqi/labelmap-24x38x3/sparse-labelmap-ppv5.dcm',
  'seg-sr/dcmqi/sr-example-qin-headneck/seg.dcm',
  'series/acrin-nsclc-fdg-pet-042/SEG_on_CT_2segments/SEG_0001_1.2.276.0.7230010.3.1.4.0.58140.1660682321.760112.dcm',
  'series/acrin-nsclc-fdg-pet-042/SEG_on_PT_AC_1segment/SEG_0001_1.2.276.0.7230010.3.1.4.0.32885.1661548339.162309.dcm',
  'series/acrin-nsclc-fdg-pet-042/SEG_on_PT_AC_2segments/SEG_0001_1.2.276.0.7230010.3.1.4.0.25814.1661528447.504366.dcm',
];

/** Samples whose segments share voxels (their Segments Overlap is UNDEFINED). */
const OVERLAPPING = ['seg-sr/highdicom/seg_image_ct_binary_overlap.dcm', 'seg-sr/dcmqi/seg/partial_overlaps.dcm'];

interface Read {
  oracle: SegOracle;
  seg: Segmentation;
  /** Frames the product asked the frame source for, in order. */
  frameCalls: number[];
}

async function readProduct(file: string): Promise<{ seg: Segmentation; frameCalls: number[] }> {
  const bytes = new Uint8Array(await readFile(file));
  const parsed = parseDicom(bytes, { source: file });
  const frames = segmentationFramesFromPart10(bytes, parsed, { source: file });
  const frameCalls: number[] = [];
  const counted = { numberOfFrames: frames.numberOfFrames, frame: (k: number) => (frameCalls.push(k), frames.frame(k)) };
  return { seg: parseSegmentation(parsed.dataset, counted), frameCalls };
}

/** The product's masks as segment → `sop|frame` → 0/1 mask (non-empty only). */
function productMasks(seg: Segmentation): Map<number, Map<string, Uint8Array>> {
  const out = new Map<number, Map<string, Uint8Array>>();
  for (const m of seg.masks) {
    if (!m.data.some((v) => v)) continue;
    const key = m.referencedSopInstanceUid ? `${m.referencedSopInstanceUid}|${m.referencedFrame}` : `frame ${m.segFrame}`;
    let bySource = out.get(m.segmentNumber);
    if (!bySource) out.set(m.segmentNumber, (bySource = new Map()));
    const prior = bySource.get(key);
    bySource.set(key, prior ? prior.map((v, i) => v | m.data[i]!) : m.data);
  }
  return out;
}

function overlappingVoxels(masks: Map<number, Map<string, Uint8Array>>): number {
  const counts = new Map<string, Uint8Array>();
  let shared = 0;
  for (const bySource of masks.values())
    for (const [key, mask] of bySource) {
      let c = counts.get(key);
      if (!c) counts.set(key, (c = new Uint8Array(mask.length)));
      for (let i = 0; i < mask.length; i++) if (mask[i] && ++c[i]! === 2) shared++;
    }
  return shared;
}

describe.skipIf(missingHere(sharedSamplesAvailable(), 'shared DICOM samples (../shared/dicom-samples)'))('SEG samples against dcmtk (dcm2json header, dcmdump +W pixel bytes)', () => {
  let dir: string;
  const reads = new Map<string, Read>();
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-seg-'));
    for (const [i, rel] of SEG_FILES.entries()) {
      const file = samplePath(rel);
      const raw = path.join(dir, String(i));
      await mkdir(raw);
      reads.set(rel, { oracle: await segOracle(file, raw), ...(await readProduct(file)) });
    }
  }, 120_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each(SEG_FILES)('%s: every segment yields the voxels an independent decoding finds, on the same source frames', (rel) => {
    const { oracle, seg } = reads.get(rel)!;
    expect(seg.warnings).toEqual([]);
    expect(seg.segmentationType).toBe(oracle.type);
    expect([seg.rows, seg.columns, seg.numberOfFrames]).toEqual([oracle.rows, oracle.columns, oracle.frames]);
    const expected = oracleMasks(oracle);
    const got = productMasks(seg);
    expect([...got.keys()].sort()).toEqual([...expected.keys()].sort());
    let voxels = 0;
    for (const [segment, bySource] of expected) {
      const mine = got.get(segment)!;
      expect([...mine.keys()].sort(), `segment ${segment}: source frames`).toEqual([...bySource.keys()].sort());
      for (const [key, mask] of bySource) {
        // Voxel-exact: the first differing index, if any, is reported.
        const a = mine.get(key)!;
        const differs = a.findIndex((v, i) => v !== mask[i]);
        expect(differs, `segment ${segment} on ${key}`).toBe(-1);
        voxels += mask.reduce((s, v) => s + v, 0);
      }
    }
    expect(voxels).toBeGreaterThan(0);
  });

  it.each(SEG_FILES)('%s: segment numbers, labels and CIELab values as dcm2json reads them', (rel) => {
    const { oracle, seg } = reads.get(rel)!;
    expect(seg.segments.map((s) => [s.number, s.label, s.cielab ?? null])).toEqual(
      [...oracle.segments].sort(([a], [b]) => a - b).map(([n, s]) => [n, s.label, s.cielab ?? null]),
    );
    for (const s of seg.segments) expect(s.colorSource).toBe(s.cielab ? 'cielab' : 'default');
  });

  it.each(SEG_FILES)('%s: frame positions as dcm2json reads them, and each frame is read once', (rel) => {
    const { oracle, seg, frameCalls } = reads.get(rel)!;
    // Work proportional to frames: the frame source is asked for each frame once, in order.
    expect(frameCalls).toEqual(Array.from({ length: oracle.frames }, (_, i) => i + 1));
    for (const m of seg.masks) {
      const p = oracle.framePositions[m.segFrame - 1];
      if (!p) expect(m.imagePositionPatient).toBeUndefined();
      else for (let k = 0; k < 3; k++) expect(Math.abs(m.imagePositionPatient![k]! - p[k]!)).toBeLessThan(1e-6);
      expect(m.sourceMatchedBy).toBe('derivation');
    }
  });

  it.each(OVERLAPPING)('%s: segments really overlap, in the oracle and in the model alike', (rel) => {
    const { oracle, seg } = reads.get(rel)!;
    const expected = overlappingVoxels(oracleMasks(oracle));
    expect(expected).toBeGreaterThan(0);
    expect(overlappingVoxels(productMasks(seg))).toBe(expected);
  });

  it('fractional samples keep their fractions (scaled to 0..255), and the true fractional one has values between 0 and 1', () => {
    for (const rel of ['seg-sr/highdicom/seg_image_ct_binary_fractional.dcm', 'seg-sr/highdicom/seg_image_ct_true_fractional.dcm']) {
      const { oracle, seg } = reads.get(rel)!;
      expect(seg.fractionalType).toBe('PROBABILITY');
      expect(seg.maxFractionalValue).toBe(oracle.maxFractionalValue);
      for (const [key, fraction] of oracleFractions(oracle, 1)) {
        const mask = seg.masks.find((m) => `${m.referencedSopInstanceUid}|${m.referencedFrame}` === key)!;
        expect(Buffer.from(mask.fraction!).equals(Buffer.from(fraction)), key).toBe(true);
      }
    }
    const partial = reads.get('seg-sr/highdicom/seg_image_ct_true_fractional.dcm')!.seg.masks.flatMap((m) => [...m.fraction!]).filter((v) => v > 0 && v < 255);
    expect(partial.length).toBeGreaterThan(0);
  });

  it('label maps: the Background segment (DCM 125040) is flagged', () => {
    for (const rel of ['seg-sr/dcmqi/labelmap-24x38x3/sparse-labelmap-noppv.dcm', 'seg-sr/dcmqi/labelmap-24x38x3/sparse-labelmap-ppv5.dcm']) {
      const { seg } = reads.get(rel)!;
      expect(seg.segments.map((s) => [s.number, s.isBackground])).toEqual([
        [0, true],
        [1, false],
      ]);
    }
  });
});
