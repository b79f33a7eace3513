import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VolumeBlockInfo } from '../../../electron/common/contract/hostContract';
import type { DicomJsonDataset } from '../../../electron/common/dicom/model/dicomJson';
import { importPaths } from '../../../electron/node/cache/importPaths';
import { SeriesVolumes } from '../../../electron/node/cache/seriesVolumes';
import { StudyCache } from '../../../electron/node/cache/studyCache';
import { ImagingService } from '../../../electron/node/imaging/imagingService';
import { GENERATE_PRESETS, generateSyntheticStudies, type GeneratedManifest } from '../../../electron/node/synthetic/generateSyntheticStudies';
import { sampleOnImage } from '../../common/fusion/fusionDisplay';
import { fusionSourceOf, type FusionSource } from '../../common/fusion/fusionSource';

// Fusion sampling on the PET/CT reference object (lightbox generate --preset petct): a PET on a
// grid, spacing and origin unlike its CT's, with spheres of known SUVbw. The PET's block comes from
// the host's decode-once cache (what the viewer is sent) and its headers from the cache index (what
// WADO-RS metadata serves). The product's SUV at a patient point is checked against an independent
// trilinear sample written here, and at the spheres' centres against the object's truth.

type V3 = [number, number, number];
let dir: string;
let cache: StudyCache;
let imaging: ImagingService;
let manifest: GeneratedManifest;
let pet: { info: VolumeBlockInfo; samples: Int16Array; datasets: DicomJsonDataset[] };
let ct: DicomJsonDataset[];
let source: FusionSource;

async function block(volumes: SeriesVolumes, studyUid: string, seriesUid: string): Promise<{ info: VolumeBlockInfo; bytes: Uint8Array }> {
  const info = (await volumes.info(studyUid, seriesUid))!;
  const body = (await volumes.body(studyUid, seriesUid))!;
  const bytes = body instanceof Uint8Array ? body : new Uint8Array(await new Response(body.stream).arrayBuffer());
  return { info, bytes };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-fusion-'));
  manifest = await generateSyntheticStudies({ outDir: path.join(dir, 'gen'), preset: GENERATE_PRESETS.petct! });
  cache = new StudyCache(path.join(dir, 'data'));
  await importPaths(cache, [path.join(dir, 'gen')]);
  imaging = new ImagingService(cache, { poolSize: 2 });
  const study = manifest.studies[0]!;
  const seriesUid = (key: string) => study.series.find((s) => s.key === key)!.seriesInstanceUid;
  const { info, bytes } = await block(new SeriesVolumes(cache, imaging), study.studyInstanceUid, seriesUid('pet'));
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  pet = { info, samples: new Int16Array(buffer), datasets: cache.index.instancesOfSeries(study.studyInstanceUid, seriesUid('pet'))! };
  ct = cache.index.instancesOfSeries(study.studyInstanceUid, seriesUid('ct'))!;
  const made = fusionSourceOf(info, buffer, pet.datasets);
  if (!made.ok) throw new Error(made.message);
  source = made.source;
}, 120_000);
afterAll(async () => {
  await imaging?.close();
  cache?.close();
  await rm(dir, { recursive: true, force: true });
});

/** SUVbw factor from the object's truth: body weight (g) over the dose decayed to the PET's series time (Decay Correction START). */
function truthFactor(): number {
  const dro = manifest.dro!;
  const seconds = (dt: string) => Date.UTC(+dt.slice(0, 4), +dt.slice(4, 6) - 1, +dt.slice(6, 8), +dt.slice(8, 10), +dt.slice(10, 12), +dt.slice(12, 14)) / 1000;
  const elapsed = seconds(dro.petSeriesDateTime) - seconds(dro.injection.dateTime);
  return (dro.patient.weightKg * 1000) / (dro.injection.doseBq * Math.pow(0.5, elapsed / dro.injection.halfLifeSeconds));
}

const num = (ds: DicomJsonDataset | undefined, tag: string, at = 0): number => Number((ds?.[tag]?.Value as unknown[] | undefined)?.[at]);

/**
 * The test's own sampler: continuous index of a point from the block's origin, direction and
 * spacing (its axes are orthonormal), the eight neighbours each turned into SUV with their slice's
 * Rescale Slope/Intercept (read from that slice's header) and the truth's factor, then blended.
 */
function independentSuv(p: V3): number | undefined {
  const { info, samples, datasets } = pet;
  const [nx, ny, nz] = info.dimensions;
  const d = [p[0] - info.origin[0], p[1] - info.origin[1], p[2] - info.origin[2]];
  const ijk = [0, 1, 2].map((a) => (d[0]! * info.direction[a]![0] + d[1]! * info.direction[a]![1] + d[2]! * info.direction[a]![2]) / info.spacing[a]!);
  const [i, j, k] = ijk as V3;
  if (i < 0 || j < 0 || k < 0 || i > nx - 1 || j > ny - 1 || k > nz - 1) return undefined;
  const bySop = new Map(datasets.map((ds) => [String(ds['00080018']!.Value![0]), ds]));
  const factor = truthFactor();
  const suvAt = (ii: number, jj: number, kk: number) => {
    const ds = bySop.get(info.slices[kk]!.sopInstanceUid);
    return (samples[ii + nx * (jj + ny * kk)]! * num(ds, '00281053') + num(ds, '00281052')) * factor;
  };
  const [i0, j0, k0] = [Math.min(Math.floor(i), nx - 2), Math.min(Math.floor(j), ny - 2), Math.min(Math.floor(k), nz - 2)];
  const [fi, fj, fk] = [i - i0, j - j0, k - k0];
  let sum = 0;
  for (const [di, wi] of [[0, 1 - fi], [1, fi]] as const)
    for (const [dj, wj] of [[0, 1 - fj], [1, fj]] as const)
      for (const [dk, wk] of [[0, 1 - fk], [1, fk]] as const) sum += wi * wj * wk * suvAt(i0 + di, j0 + dj, k0 + dk);
  return sum;
}

describe('PET fused in patient space (PET/CT reference object)', () => {
  it('is a PET on another grid than its CT, in the same Frame of Reference, in SUVbw with the SUV 0–5 window', () => {
    expect(pet.info.dimensions).not.toEqual([num(ct[0], '00280011'), num(ct[0], '00280010'), ct.length]);
    expect(pet.info.spacing[0]).not.toBeCloseTo(num(ct[0], '00280030', 1), 3);
    expect(source.frameOfReferenceUid).toBe(String(ct[0]!['00200052']!.Value![0]));
    expect(source).toMatchObject({ unit: 'SUVbw', suv: true, defaultWindow: { min: 0, max: 5 } });
    // GE-style per-slice Rescale Slope: a sampler using one slope for the block would be wrong.
    expect(new Set(pet.datasets.map((ds) => num(ds, '00281053'))).size).toBeGreaterThan(1);
  });

  it('gives, at 1,000 random points inside the PET, the independent trilinear SUV within 1e-3', () => {
    const { info } = pet;
    let seed = 20261120;
    const rand = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    const spheres = manifest.dro!.spheres;
    let compared = 0;
    let hot = 0;
    for (let n = 0; n < 1000; n++) {
      let p: V3;
      if (n % 2) {
        // Half near the spheres, where values change fastest (edges of 2.5–8 SUV on 1).
        const s = spheres[n % spheres.length]!;
        p = [0, 1, 2].map((a) => s.centre[a]! + (rand() - 0.5) * (s.diameterMm + 6)) as V3;
      } else {
        const ijk = info.dimensions.map((d) => rand() * (d - 1));
        p = [0, 1, 2].map((a) => info.origin[a]! + ijk.reduce((sum, x, axis) => sum + x * info.spacing[axis]! * info.direction[axis]![a]!, 0)) as V3;
      }
      const expected = independentSuv(p);
      const got = source.sampler.valueAt(p);
      if (expected === undefined) continue;
      compared++;
      if (expected > 1.5) hot++;
      expect(got, `SUV at ${p.map((x) => x.toFixed(2)).join(', ')}`).toBeDefined();
      expect(Math.abs(got! - expected)).toBeLessThan(1e-3);
    }
    expect(compared).toBeGreaterThan(950);
    expect(hot).toBeGreaterThan(100);
  });

  it('has no value outside the PET (the CT reaches further)', () => {
    const { info } = pet;
    const last = info.origin[0] + (info.dimensions[0] - 1) * info.spacing[0];
    expect(source.sampler.valueAt([last + 1, 0, 0])).toBeUndefined();
    expect(source.sampler.valueAt([0, 0, info.origin[2] - 1])).toBeUndefined();
    expect(source.sampler.valueAt([last - 1, 0, 0])).toBeDefined();
  });

  it('gives each sphere’s known SUVbw at its centre', () => {
    for (const s of manifest.dro!.spheres) {
      const got = source.sampler.valueAt(s.centre as V3)!;
      expect(Math.abs(got - s.suv) / s.suv, `${s.name}: ${got} vs ${s.suv}`).toBeLessThan(0.002);
    }
  });

  it('samples at the CT image’s pixel centres, from the CT’s own Image Position/Orientation and Pixel Spacing', () => {
    const ds = ct.reduce((best, x) => (Math.abs(num(x, '00200032', 2) - 6) < Math.abs(num(best, '00200032', 2) - 6) ? x : best));
    const ipp = [0, 1, 2].map((a) => num(ds, '00200032', a)) as V3;
    const iop = [0, 1, 2, 3, 4, 5].map((a) => num(ds, '00200037', a));
    const [rowSp, colSp] = [num(ds, '00280030', 0), num(ds, '00280030', 1)];
    const [rows, columns] = [num(ds, '00280010'), num(ds, '00280011')];
    const values = sampleOnImage(source.sampler, { position: ipp, rowCosines: iop.slice(0, 3) as V3, columnCosines: iop.slice(3) as V3, pixelSpacing: [rowSp, colSp], rows, columns });
    let inside = 0;
    let outside = 0;
    for (let r = 0; r < rows; r += 3)
      for (let c = 0; c < columns; c += 3) {
        const p = [0, 1, 2].map((a) => ipp[a]! + c * colSp * iop[a]! + r * rowSp * iop[3 + a]!) as V3;
        const expected = independentSuv(p);
        const got = values[r * columns + c]!;
        if (expected === undefined) {
          outside++;
          continue;
        }
        inside++;
        expect(Math.abs(got - expected)).toBeLessThan(1e-3);
      }
    expect(inside).toBeGreaterThan(5000);
    expect(outside).toBeGreaterThan(0);
  });
});
