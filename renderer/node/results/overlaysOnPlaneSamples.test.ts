// Node-side checks of renderer/common/results/{segmentationOnPlane,contoursOnPlane}.ts on the shared
// samples, against dcmtk's reading of the files (common/ code may not use Node itself).
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Vec3 } from '../../../electron/common/dicom/geometry/vec3';
import type { RtStructureSet } from '../../../electron/common/results/rtstruct/rtStructModel';
import type { Segmentation } from '../../../electron/common/results/seg/segmentationModel';
import { readRtStructFile, readSegmentationFile } from '../../../electron/node/results/readResultFiles';
import { missingHere } from '../../../testing/node/requiredInCi';
import { runTool } from '../../../testing/node/runTool';
import { dcm2json, segOracle, storedValue, type SegOracle } from '../../../testing/node/segmentationOracle';
import { samplePath, sharedSamplesAvailable } from '../../../testing/node/sharedSamples';
import { contourOnPlane } from '../../common/results/contoursOnPlane';
import { segmentationOverlay, sourceKey, type ResultOverlay } from '../../common/results/resultOverlay';
import { indexSegmentation, segmentCoverageOnPlane, type PlaneGrid, type SegmentationPlaneIndex } from '../../common/results/segmentationOnPlane';

const ACRIN = 'series/acrin-nsclc-fdg-pet-042';
const RT = 'seg-sr/rt-utils/mock_data/rt.dcm';

type Json = Record<string, { vr: string; Value?: unknown[] }>;
const items = (ds: Json | undefined, tag: string): Json[] => (ds?.[tag]?.Value ?? []) as Json[];
const numbers = (ds: Json | undefined, tag: string): number[] => (ds?.[tag]?.Value ?? []).map(Number);

/** dcmdump's reading of each CT image's plane: SOP Instance UID → position, orientation, [row, column] spacing. */
async function ctPlanes(dir: string): Promise<Map<string, { position: Vec3; orientation: number[]; spacing: [number, number] }>> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.dcm')).map((f) => path.join(dir, f));
  const dump = (await runTool('dcmdump', ['-q', '+P', '0008,0018', '+P', '0020,0032', '+P', '0020,0037', '+P', '0028,0030', ...files])).toString('latin1').split('\n');
  const out = new Map<string, { position: Vec3; orientation: number[]; spacing: [number, number] }>();
  let sop = '';
  const value = (line: string) => line.match(/\[([^\]]*)\]/)![1]!;
  for (const line of dump) {
    if (line.startsWith('(0008,0018)')) out.set((sop = value(line)), { position: [0, 0, 0], orientation: [], spacing: [0, 0] });
    const entry = out.get(sop);
    if (!entry) continue;
    if (line.startsWith('(0020,0032)')) entry.position = value(line).split('\\').map(Number) as Vec3;
    if (line.startsWith('(0020,0037)')) entry.orientation = value(line).split('\\').map(Number);
    if (line.startsWith('(0028,0030)')) entry.spacing = value(line).split('\\').map(Number) as [number, number];
  }
  return out;
}

const mismatches = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (!!a[i] !== !!b[i]) n++;
  return n + Math.abs(a.length - b.length);
};

describe.skipIf(missingHere(sharedSamplesAvailable(), 'the shared DICOM samples (../shared/dicom-samples)'))('SEG masks sampled on MPR planes (ACRIN CT + SEG, 2 segments)', () => {
  let scratch: string;
  let oracle: SegOracle;
  let seg: Segmentation;
  let index: SegmentationPlaneIndex;
  let stack: Extract<ResultOverlay, { kind: 'seg' }>;
  let cts: Awaited<ReturnType<typeof ctPlanes>>;
  beforeAll(async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), 'lightbox-seg-plane-'));
    const dir = samplePath(`${ACRIN}/SEG_on_CT_2segments`);
    const file = path.join(dir, (await readdir(dir)).find((f) => f.endsWith('.dcm'))!);
    oracle = await segOracle(file, scratch);
    seg = await readSegmentationFile(file);
    index = indexSegmentation(seg);
    stack = segmentationOverlay(seg) as typeof stack;
    cts = await ctPlanes(samplePath(`${ACRIN}/CT`));
  }, 120_000);
  afterAll(() => rm(scratch, { recursive: true, force: true }));

  it('an axial plane through each CT slice a frame lies on, on the CT’s pixel grid, shows exactly that frame’s mask', () => {
    expect(oracle.frames).toBeGreaterThan(10);
    let inside = 0;
    for (let f = 0; f < oracle.frames; f++) {
      const [sop] = oracle.frameSources[f]!.split('|');
      const ct = cts.get(sop!)!;
      expect(ct.orientation).toEqual([1, 0, 0, 0, 1, 0]);
      const [rowSp, colSp] = ct.spacing;
      const grid: PlaneGrid = { origin: ct.position, stepRight: [colSp, 0, 0], stepDown: [0, rowSp, 0], width: oracle.columns, height: oracle.rows };
      const segment = oracle.frameSegments[f]!;
      const coverage = segmentCoverageOnPlane(index, grid, segment);
      const expected = Array.from({ length: oracle.rows * oracle.columns }, (_, p) => storedValue(oracle, f, p));
      inside += expected.filter(Boolean).length;
      expect(mismatches(coverage, expected), `frame ${f + 1} (segment ${segment})`).toBe(0);
      // The stack viewer draws, on that CT image, the mask of the same segment: the same pixels.
      const drawn = stack.masksBySource.get(sourceKey(sop!, 1))!.find((m) => m.segmentNumber === segment)!;
      expect(mismatches(coverage, drawn.data)).toBe(0);
    }
    expect(inside).toBeGreaterThan(100);
  });

  it('an axial plane off the frame grid (coarser pixels, shifted, 1.5 mm above the frame) samples each pixel’s nearest mask pixel', () => {
    const sizes = Array.from({ length: oracle.frames }, (_, f) => Array.from({ length: oracle.rows * oracle.columns }, (_, p) => storedValue(oracle, f, p)).reduce((a, b) => a + b, 0));
    const f = sizes.indexOf(Math.max(...sizes));
    const ct = cts.get(oracle.frameSources[f]!.split('|')[0]!)!;
    const [rowSp, colSp] = ct.spacing;
    const origin: Vec3 = [ct.position[0] + 0.37, ct.position[1] - 0.61, ct.position[2] + 1.5];
    const mm = 1.3;
    const grid: PlaneGrid = { origin, stepRight: [mm, 0, 0], stepDown: [0, mm, 0], width: 400, height: 400 };
    const coverage = segmentCoverageOnPlane(index, grid, oracle.frameSegments[f]!);
    let wrong = 0;
    let inside = 0;
    for (let y = 0; y < grid.height; y++)
      for (let x = 0; x < grid.width; x++) {
        const c = Math.round((origin[0] + x * mm - ct.position[0]) / colSp);
        const r = Math.round((origin[1] + y * mm - ct.position[1]) / rowSp);
        const expected = c >= 0 && r >= 0 && c < oracle.columns && r < oracle.rows ? storedValue(oracle, f, r * oracle.columns + c) : 0;
        if (expected) inside++;
        if (!!expected !== !!coverage[y * grid.width + x]) wrong++;
      }
    expect(inside).toBeGreaterThan(20);
    expect(wrong).toBe(0);
  });

  it('a coronal plane through the frames shows, row above row, one row of each frame at its height', () => {
    const shared = items(oracle.json, '52009229')[0];
    const [rowSp, colSp] = numbers(items(shared, '00289110')[0], '00280030') as [number, number];
    const step = numbers(items(shared, '00289110')[0], '00180088')[0]!;
    for (const segment of [1, 2]) {
      const frames = oracle.framePositions.map((p, f) => ({ f, p: p! })).filter(({ f }) => oracle.frameSegments[f] === segment);
      // The row through the middle of the segment's largest frame.
      const sizes = frames.map(({ f }) => Array.from({ length: oracle.rows * oracle.columns }, (_, p) => storedValue(oracle, f, p)).reduce((a, b) => a + b, 0));
      const largest = frames[sizes.indexOf(Math.max(...sizes))]!;
      const rowsWithMask = Array.from({ length: oracle.rows }, (_, r) => r).filter((r) => Array.from({ length: oracle.columns }, (_, c) => storedValue(oracle, largest.f, r * oracle.columns + c)).some(Boolean));
      const row = rowsWithMask[Math.floor(rowsWithMask.length / 2)]!;
      const top = Math.max(...frames.map(({ p }) => p[2]));
      const bottom = Math.min(...frames.map(({ p }) => p[2]));
      const height = Math.round((top - bottom) / step) + 3;
      const origin: Vec3 = [largest.p[0], largest.p[1] + row * rowSp, top + step];
      const grid: PlaneGrid = { origin, stepRight: [colSp, 0, 0], stepDown: [0, 0, -step], width: oracle.columns, height };
      const coverage = segmentCoverageOnPlane(index, grid, segment);
      let painted = 0;
      for (let k = 0; k < height; k++) {
        const z = origin[2] - k * step;
        const frame = frames.find(({ p }) => Math.abs(p[2] - z) < 0.1);
        const expected = Array.from({ length: oracle.columns }, (_, c) => (frame ? storedValue(oracle, frame.f, row * oracle.columns + c) : 0));
        painted += expected.filter(Boolean).length;
        expect(mismatches(coverage.subarray(k * oracle.columns, (k + 1) * oracle.columns), expected), `segment ${segment}, z ${z.toFixed(2)}`).toBe(0);
      }
      expect(painted).toBeGreaterThan(0);
    }
  });
});

describe.skipIf(missingHere(sharedSamplesAvailable(), 'the shared DICOM samples (../shared/dicom-samples)'))('RTSTRUCT contours cut by MPR planes (rt-utils mock data)', () => {
  let set: RtStructureSet;
  /** dcm2json's contours: ROI number → each contour's points (x, y, z triples). */
  let reference: Array<{ roi: number; points: number[] }>;
  beforeAll(async () => {
    set = readRtStructFile(samplePath(RT));
    const json = await dcm2json(samplePath(RT));
    reference = items(json, '30060039').flatMap((roi) => items(roi, '30060040').map((c) => ({ roi: numbers(roi, '30060084')[0]!, points: numbers(c, '30060050') })));
  });

  it('an axial plane through a contour keeps it as it is; a coronal plane through it gives stretches inside it, ends on its edges', () => {
    expect(reference.length).toBeGreaterThan(0);
    const contours = set.structures.flatMap((s) => s.contours.map((c) => ({ roi: s.roiNumber, c })));
    expect(contours.length).toBe(reference.length);
    let stretches = 0;
    reference.forEach((ref, i) => {
      const { roi, c } = contours[i]!;
      expect(roi).toBe(ref.roi);
      const pts = Array.from({ length: ref.points.length / 3 }, (_, k) => ref.points.slice(3 * k, 3 * k + 3) as Vec3);
      const z = pts[0]![2];
      const axial = contourOnPlane(c, { point: [0, 0, z + 0.4], normal: [0, 0, 1], tolerance: 0.5 });
      expect(axial?.kind).toBe('outline');
      expect(axial!.points.flat()).toEqual(ref.points);
      // Coronal through the middle of the contour's y extent.
      const ys = pts.map((p) => p[1]);
      const y0 = (Math.min(...ys) + Math.max(...ys)) / 2 + 0.123;
      const coronal = contourOnPlane(c, { point: [0, y0, 0], normal: [0, 1, 0], tolerance: 0.5 });
      expect(coronal?.kind).toBe('segments');
      const ends = coronal!.points;
      expect(ends.length % 2).toBe(0);
      expect(ends.length).toBeGreaterThan(0);
      for (const e of ends) {
        expect(Math.abs(e[1] - y0)).toBeLessThan(1e-9);
        expect(e[2]).toBe(z);
        // On an edge of the reference polygon.
        const onEdge = pts.some((a, k) => {
          const b = pts[(k + 1) % pts.length]!;
          const cr = (b[0] - a[0]) * (e[1] - a[1]) - (b[1] - a[1]) * (e[0] - a[0]);
          const within = Math.min(a[0], b[0]) - 1e-9 <= e[0] && e[0] <= Math.max(a[0], b[0]) + 1e-9 && Math.min(a[1], b[1]) - 1e-9 <= e[1] && e[1] <= Math.max(a[1], b[1]) + 1e-9;
          return within && Math.abs(cr) < 1e-6 * Math.hypot(b[0] - a[0], b[1] - a[1]);
        });
        expect(onEdge).toBe(true);
      }
      // Each stretch's middle lies inside the reference polygon (even–odd ray test, written here).
      for (let k = 0; k < ends.length; k += 2) {
        const m = [(ends[k]![0] + ends[k + 1]![0]) / 2, y0];
        let inside = false;
        for (let j = 0, l = pts.length - 1; j < pts.length; l = j++) {
          const [a, b] = [pts[j]!, pts[l]!];
          if (a[1] > m[1]! !== b[1] > m[1]! && m[0]! < ((b[0] - a[0]) * (m[1]! - a[1])) / (b[1] - a[1]) + a[0]) inside = !inside;
        }
        expect(inside).toBe(true);
        stretches++;
      }
    });
    expect(stretches).toBeGreaterThan(0);
  });
});
