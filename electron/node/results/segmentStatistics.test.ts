import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modalityTransform } from '../../common/dicom/display/modalityTransform';
import { describePixels } from '../../common/dicom/model/pixelDescription';
import { masksOfSegment } from '../../common/results/seg/parseSegmentation';
import { segmentStatistics } from '../../common/results/seg/segmentStatistics';
import { decodeFileFrame } from '../imaging/decodeFileFrame';
import { readDicomFileSync } from '../dicom/readDicomFile';
import { missingHere } from '../../../testing/node/requiredInCi';
import { runTool } from '../../../testing/node/runTool';
import { dcm2json, oracleMasks, rawPixelData, segOracle } from '../../../testing/node/segmentationOracle';
import { samplePath, sharedSamplesAvailable } from '../../../testing/node/sharedSamples';
import { readSegmentationFile } from './readResultFiles';

const ACRIN = 'series/acrin-nsclc-fdg-pet-042';
const PET_SEGS = [
  `${ACRIN}/SEG_on_PT_AC_1segment/SEG_0001_1.2.276.0.7230010.3.1.4.0.32885.1661548339.162309.dcm`,
  `${ACRIN}/SEG_on_PT_AC_2segments/SEG_0001_1.2.276.0.7230010.3.1.4.0.25814.1661528447.504366.dcm`,
];

/** SOP Instance UID → file of the PET series, as dcmdump reads each file's (0008,0018). */
async function petFilesBySop(): Promise<Map<string, string>> {
  const dir = samplePath(`${ACRIN}/PT_AC`);
  const files = (await readdir(dir)).map((f) => path.join(dir, f));
  const dump = (await runTool('dcmdump', ['-q', '+F', '+P', '0008,0018', ...files])).toString('latin1');
  const out = new Map<string, string>();
  let current = '';
  for (const line of dump.split('\n')) {
    const file = line.match(/^# dcmdump \(\d+\/\d+\): (.+)$/)?.[1];
    if (file) current = file;
    const uid = line.match(/^\(0008,0018\) UI \[([^\]]+)\]/)?.[1];
    if (uid) out.set(uid, current);
  }
  return out;
}

describe.skipIf(missingHere(sharedSamplesAvailable(), 'shared DICOM samples (../shared/dicom-samples)'))('segment statistics on the ACRIN PET (Bq/ml under the mask)', () => {
  let dir: string;
  let bySop: Map<string, string>;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-segstat-'));
    bySop = await petFilesBySop();
  }, 60_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each(PET_SEGS)('%s: voxel count, volume, mean/min/max as computed from dcmtk readings of the SEG and the PET', async (rel) => {
    const file = samplePath(rel);
    const oracleDir = await mkdtemp(path.join(dir, 'seg-'));
    const oracle = await segOracle(file, oracleDir);
    const measures = (oracle.json['52009229']!.Value![0] as Record<string, { Value?: unknown[] }>)['00289110']!.Value![0] as Record<string, { Value?: unknown[] }>;
    const spacing = measures['00280030']!.Value!.map(Number);
    const depth = Number((measures['00180088'] ?? measures['00180050'])!.Value![0]);

    // Product: the SEG read by the host's reader; PET values through the host's decoder and Modality LUT.
    const seg = await readSegmentationFile(file);
    const values = new Map<string, Float64Array>();
    for (const mask of seg.masks) {
      const pet = bySop.get(mask.referencedSopInstanceUid!)!;
      if (values.has(pet)) continue;
      const transform = modalityTransform(describePixels(readDicomFileSync(pet).dataset));
      values.set(pet, Float64Array.from((await decodeFileFrame(pet)).pixels, transform));
    }

    let rawDirs = 0;
    for (const [segment, bySource] of oracleMasks(oracle)) {
      // Oracle: the voxels of the independent decoding; the PET values from dcmdump's raw bytes
      // (16-bit signed, little endian) and dcm2json's Rescale Slope / Intercept.
      let count = 0;
      let sum = 0;
      let min = Infinity;
      let max = -Infinity;
      for (const [key, mask] of bySource) {
        const pet = bySop.get(key.split('|')[0]!)!;
        const petJson = await dcm2json(pet);
        const slope = Number(petJson['00281053']?.Value?.[0] ?? 1);
        const intercept = Number(petJson['00281052']?.Value?.[0] ?? 0);
        const rawDir = path.join(oracleDir, `pet-${rawDirs++}`);
        await mkdir(rawDir, { recursive: true });
        const raw = await rawPixelData(pet, rawDir);
        const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
        for (let p = 0; p < mask.length; p++) {
          if (!mask[p]) continue;
          const v = view.getInt16(2 * p, true) * slope + intercept;
          count++;
          sum += v;
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
      }
      const stats = segmentStatistics(masksOfSegment(seg, segment), (mask) => values.get(bySop.get(mask.referencedSopInstanceUid!)!));
      expect(stats.voxelCount).toBe(count);
      expect(stats.sampledVoxels).toBe(count);
      expect(stats.masksWithoutSource).toBe(0);
      expect(stats.volumeMl).toBeCloseTo((count * spacing[0]! * spacing[1]! * depth) / 1000, 9);
      expect(stats.mean).toBeCloseTo(sum / count, 6);
      expect(stats.min).toBeCloseTo(min, 6);
      expect(stats.max).toBeCloseTo(max, 6);
      expect(stats.max!).toBeGreaterThan(stats.min!);
    }
  });

  it('masks whose source is not given are counted and left out of the values, not read as zeros', async () => {
    const seg = await readSegmentationFile(samplePath(PET_SEGS[0]!));
    const stats = segmentStatistics(masksOfSegment(seg, 1), () => undefined);
    expect(stats.voxelCount).toBeGreaterThan(0);
    expect(stats.sampledVoxels).toBe(0);
    expect(stats.mean).toBeUndefined();
    expect(stats.masksWithoutSource).toBe(seg.masks.filter((m) => m.data.some((v) => v)).length);
  });
});
