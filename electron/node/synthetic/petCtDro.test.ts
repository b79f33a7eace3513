import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDicomFiles } from '../../../testing/node/listDicomFiles';
import { runTool } from '../../../testing/node/runTool';
import type { Vec3 } from '../../common/dicom/geometry/vec3';
import { computeSuv, suvOfStoredValue } from '../../common/pet/computeSuv';
import { metabolicVolume, regionStatistics, suvPeak, type SuvVolume } from '../../common/pet/suvMeasurements';
import { sphereRegion, type VolumeGrid } from '../../common/pet/volumeGrid';
import { readDicomFileSync } from '../dicom/readDicomFile';
import { GENERATE_PRESETS, generateSyntheticStudies, type GeneratedManifest } from './generateSyntheticStudies';

let dir: string;
let manifest: GeneratedManifest;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-petct-'));
  manifest = await generateSyntheticStudies({ outDir: dir, preset: GENERATE_PRESETS.petct!, seed: 'petct-test' });
}, 120_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

const numbers = (ds: ReturnType<typeof readDicomFileSync>['dataset'], tag: string) => (ds[tag]?.Value ?? []).map(Number);

/** A series read back from its files: headers, stored samples, and its grid in patient space (built here). */
function readSeries(key: string) {
  const folder = manifest.studies[0]!.series.find((s) => s.key === key)!.folder;
  const files = readdirSorted(path.join(dir, folder));
  const parsed = files.map((f) => ({ f, p: readDicomFileSync(f) }));
  parsed.sort((a, b) => numbers(a.p.dataset, '00200032')[2]! - numbers(b.p.dataset, '00200032')[2]!);
  const first = parsed[0]!.p.dataset;
  const [rx, ry, rz, cx, cy, cz] = numbers(first, '00200037') as [number, number, number, number, number, number];
  const [rowSpacing, columnSpacing] = numbers(first, '00280030') as [number, number];
  const p0 = numbers(first, '00200032') as Vec3;
  const p1 = numbers(parsed[1]!.p.dataset, '00200032') as Vec3;
  const columns = numbers(first, '00280011')[0]!;
  const rows = numbers(first, '00280010')[0]!;
  const grid: VolumeGrid = {
    dimensions: [columns, rows, parsed.length],
    origin: p0,
    axes: [[rx * columnSpacing, ry * columnSpacing, rz * columnSpacing], [cx * rowSpacing, cy * rowSpacing, cz * rowSpacing], [p1[0] - p0[0], p1[1] - p0[1], p1[2] - p0[2]]],
  };
  const signed = numbers(first, '00280103')[0] === 1;
  const stored = parsed.map(({ f, p }) => {
    const bytes = readFileSync(f);
    const view = new DataView(bytes.buffer, bytes.byteOffset + p.pixelData!.offset, rows * columns * 2);
    return Array.from({ length: rows * columns }, (_, n) => (signed ? view.getInt16(n * 2, true) : view.getUint16(n * 2, true)));
  });
  return { grid, datasets: parsed.map((x) => x.p.dataset), stored };
}

/** The generator writes 0001.dcm, 0002.dcm… in each series folder. */
function readdirSorted(folder: string): string[] {
  return readdirSync(folder).filter((n) => n.endsWith('.dcm')).sort().map((n) => path.join(folder, n));
}

describe('the PET/CT digital reference object (lightbox generate --preset petct)', () => {
  it('writes a CT and a PET that dcmtk reads without an error or warning', async () => {
    const files = await listDicomFiles(dir);
    expect(files).toHaveLength(manifest.files);
    const { execFile } = await import('node:child_process');
    const stderr = await new Promise<string>((resolve, reject) => execFile('dcmdump', ['+E', ...files], { maxBuffer: 1 << 28 }, (e, _o, err) => (e ? reject(new Error(err)) : resolve(err))));
    expect(stderr.split('\n').filter((l) => /^[EWF]:/.test(l))).toEqual([]);
    // The radiopharmaceutical as dcmtk reads it: F-18 FDG, 370 MBq, decay corrected to START, Bq/ml.
    const pet = (await runTool('dcmdump', ['+P', '0054,1001', '+P', '0054,1102', '+P', '0018,1074', '+P', '0018,1075', '+P', '0018,1078', files.find((f) => f.includes('03-pet'))!])).toString();
    for (const value of ['(0054,1001) CS [BQML]', '(0054,1102) CS [START]', '(0018,1074) DS [370000000]', '(0018,1075) DS [6586.2]', '(0018,1078) DT [20261120080000]']) expect(pet).toContain(value);
  });

  it('puts the PET on another grid than the CT (spacing, matrix, origin, slices) in the same Frame of Reference', () => {
    const ct = readSeries('ct');
    const pet = readSeries('pet');
    expect(pet.grid.axes[0][0]).not.toBeCloseTo(ct.grid.axes[0][0], 3);
    expect(pet.grid.axes[2][2]).not.toBeCloseTo(ct.grid.axes[2][2], 3);
    expect(pet.grid.origin).not.toEqual(ct.grid.origin);
    expect(new Set([...ct.datasets, ...pet.datasets].map((d) => d['00200052']!.Value![0])).size).toBe(1);
  });

  it('each sphere: SUVmax and SUVmean within 1 % of its known SUV; metabolic volume within 5 % for spheres of 2 cm and more', () => {
    const truth = manifest.dro!;
    const pet = readSeries('pet');
    const suv = computeSuv(pet.datasets);
    expect(suv.kinds.bw.available).toBe(true);
    // SUV of each voxel: its slice's own Rescale Slope, then the slice's SUVbw factor.
    const frameBySop = new Map(suv.frames.map((f) => [f.sopInstanceUid, f]));
    const values = new Float64Array(pet.stored.length * pet.stored[0]!.length);
    pet.stored.forEach((slice, k) => {
      const frame = frameBySop.get(String(pet.datasets[k]!['00080018']!.Value![0]))!;
      slice.forEach((v, n) => (values[k * slice.length + n] = suvOfStoredValue(frame, 'bw', v)!));
    });
    // The slopes differ between slices, as GE writes them.
    expect(new Set(suv.frames.map((f) => f.rescaleSlope)).size).toBeGreaterThan(5);
    const volume: SuvVolume = { grid: pet.grid, values };
    for (const sphere of truth.spheres) {
      const r = sphere.diameterMm / 2;
      const inside = regionStatistics(volume, sphereRegion(pet.grid, sphere.centre, r))!;
      expect(Math.abs(inside.suvMax / sphere.suv - 1), `${sphere.name} SUVmax`).toBeLessThan(0.01);
      expect(Math.abs(inside.suvMean / sphere.suv - 1), `${sphere.name} SUVmean`).toBeLessThan(0.01);
      // A region around the sphere with background in it: 50 % of SUVmax (above the background's 1) finds the sphere.
      const around = sphereRegion(pet.grid, sphere.centre, r + 8);
      const mtv = metabolicVolume(volume, around, { percentOfMax: 50 })!;
      const known = ((4 / 3) * Math.PI * r ** 3) / 1000;
      if (sphere.diameterMm >= 20) expect(Math.abs(mtv.volumeMl / known - 1), `${sphere.name} volume`).toBeLessThan(0.05);
      expect(Math.abs(mtv.tlg - mtv.volumeMl * mtv.suvMean)).toBeLessThan(1e-9);
      // SUVpeak: the largest spheres hold a 1 ml sphere of uniform uptake.
      if (sphere.diameterMm >= 28) expect(Math.abs(suvPeak(volume, around)!.suvPeak / sphere.suv - 1), `${sphere.name} SUVpeak`).toBeLessThan(0.01);
    }
    // Background and the cold lung cylinder too.
    const background = regionStatistics(volume, sphereRegion(pet.grid, [0, -70, 30], 10))!;
    expect(Math.abs(background.suvMean - truth.body.suv)).toBeLessThan(0.01);
    const lung = regionStatistics(volume, sphereRegion(pet.grid, [0, 0, 30], 10))!;
    expect(Math.abs(lung.suvMean - truth.lung.suv)).toBeLessThan(0.01);
  });

  it('shows the spheres on the CT in HU at their centres', () => {
    const ct = readSeries('ct');
    for (const sphere of manifest.dro!.spheres) {
      const values = new Float64Array(ct.stored.length * ct.stored[0]!.length);
      ct.stored.forEach((slice, k) => slice.forEach((v, n) => (values[k * slice.length + n] = v - 1024)));
      const stats = regionStatistics({ grid: ct.grid, values }, sphereRegion(ct.grid, sphere.centre, 3))!;
      expect(stats.suvMean).toBe(sphere.hu);
    }
  });
});
