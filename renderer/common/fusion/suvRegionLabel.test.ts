import { describe, expect, it } from 'vitest';
import type { FusionSource } from './fusionSource';
import { suvRegionLines, suvRegionResult, type SuvRegion } from './suvRegionLabel';
import { voxelCentre, type VolumeGrid } from '../../../electron/common/pet/volumeGrid';

// A uniform PET of SUV 3 on 4 mm voxels, with one hot voxel of SUV 9 at the centre (0, 0, 0).
const grid: VolumeGrid = { dimensions: [21, 21, 21], origin: [-40, -40, -40], axes: [[4, 0, 0], [0, 4, 0], [0, 0, 4]] };
const values = new Float32Array(21 ** 3).map((_, n) => (n === 10 + 21 * (10 + 21 * 10) ? 9 : 3));
const source = (edited: boolean): FusionSource => ({
  seriesInstanceUid: '1.2.3',
  modality: 'PT',
  frameOfReferenceUid: '1.2',
  unit: 'SUVbw',
  suv: true,
  defaultWindow: { min: 0, max: 5 },
  sampler: { valueAt: () => 3 },
  notices: [],
  edited,
  volume: () => ({ grid, values, unevenSlices: false }),
});
// An axial image through z = 0, 1 mm pixels, first pixel centre at (−50.5, −50.5): image mm = patient + 51.
const plane = { position: [-50.5, -50.5, 0] as [number, number, number], rowCosines: [1, 0, 0] as [number, number, number], columnCosines: [0, 1, 0] as [number, number, number], pixelSpacing: [1, 1] as [number, number] };
const region = (kind: SuvRegion['kind'], points: SuvRegion['points'], threshold?: string): SuvRegion => ({ id: 'r', kind, seriesInstanceUid: '1.9', sopInstanceUid: '1.9.1', frame: 1, points, ...(threshold ? { threshold } : {}) });

describe('suvRegionResult and its label', () => {
  it('an ellipse over the hot voxel and its 4 neighbours: SUVmax 9, SUVmean (9 + 4·3)/5', () => {
    expect(voxelCentre(grid, 10, 10, 10)).toEqual([0, 0, 0]);
    // Semi-axes 5 mm around (0, 0): centres (0,0), (±4,0), (0,±4) are in, (±4,±4) at 5.66 mm are not.
    const r = suvRegionResult(region('suvRoi', [[46, 46], [56, 56]]), source(false), plane);
    expect(r).toMatchObject({ kind: 'suvRoi', stats: { voxels: 5, slices: 1, suvMax: 9 } });
    expect(r.kind === 'suvRoi' && r.stats.suvMean).toBeCloseTo((9 + 4 * 3) / 5, 5);
    expect(suvRegionLines(r, false)[0]).toBe('SUVmax 9.00 SUVmean 4.20');
  });

  it('a sphere with a percentage threshold keeps the voxels at or above it; the label says SUV (edited) when it is', () => {
    const r = suvRegionResult(region('suvSphere', [[51, 51], [61, 51]], '50%'), source(true), plane);
    expect(r.kind).toBe('suvSphere');
    if (r.kind !== 'suvSphere') return;
    expect(r.radiusMm).toBe(10);
    // 50 % of 9 = 4.5: the hot voxel alone, 0.064 ml.
    expect(r.stats.thresholdSuv).toBe(4.5);
    expect(r.stats.metabolicVolumeMl).toBeCloseTo(0.064, 9);
    expect(r.stats.tlg).toBeCloseTo(0.064 * 9, 9);
    const lines = suvRegionLines(r, true);
    expect(lines[0]).toBe('SUV (edited)');
    expect(lines[3]).toBe('MTV 0.1 ml TLG 0.6 (≥ 50% = SUV 4.50)');
  });

  it('says why there is nothing to show without an SUV', () => {
    expect(suvRegionResult(region('suvRoi', [[0, 0], [5, 5]]), undefined, plane)).toEqual({ kind: 'none', why: 'no PET with SUV here' });
    expect(suvRegionResult(region('suvRoi', [[0, 0], [5, 5]]), { ...source(false), suv: false, unit: 'BQML' }, plane)).toEqual({ kind: 'none', why: 'no SUV: the PET is in BQML' });
  });
});
