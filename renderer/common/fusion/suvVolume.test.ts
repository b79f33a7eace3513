import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../../../electron/common/dicom/geometry/vec3';
import { voxelCentre } from '../../../electron/common/pet/volumeGrid';
import { suvVolumeOf } from './suvVolume';
import { createVolumeSampler, type SampledVolume } from './volumeSampler';

// The grid a block becomes must put each voxel where the sampler (which reads the same block
// through each slice's own position) finds the same value: the two views of one PET agree.
function block(positions: Vec3[] | undefined): SampledVolume {
  const [nx, ny, nz] = [6, 5, 4];
  const samples = Int16Array.from({ length: nx * ny * nz }, (_, n) => (n * 37) % 1000);
  return {
    info: { dimensions: [nx, ny, nz], spacing: [2, 3, 4], direction: [[0.6, 0.8, 0], [-0.8, 0.6, 0], [0, 0, 1]], origin: [10, -20, 30], sliceStep: [0, 0, 4] },
    samples,
    // Each slice its own rescale and SUV factor.
    sliceScales: [0, 1, 2, 3].map((k) => ({ slope: 0.5 + k, intercept: -k, factor: 1e-3 * (k + 1) })),
    ...(positions ? { slicePositions: positions } : {}),
  };
}

describe('suvVolumeOf', () => {
  it('gives each voxel its slice-scaled value at the position the sampler reads it from', () => {
    for (const positions of [undefined, [0, 1, 2, 3].map((k): Vec3 => [10, -20, 30 + 4 * k])]) {
      const b = block(positions);
      const v = suvVolumeOf(b);
      expect(v.unevenSlices).toBe(false);
      const sampler = createVolumeSampler(b);
      const [nx, ny, nz] = v.grid.dimensions;
      for (let k = 0; k < nz; k++)
        for (let j = 0; j < ny; j++)
          for (let i = 0; i < nx; i++) {
            const n = i + nx * (j + ny * k);
            const s = b.sliceScales[k]!;
            expect(v.values[n]).toBeCloseTo((b.samples[n]! * s.slope + s.intercept) * s.factor, 5);
            expect(sampler.valueAt(voxelCentre(v.grid, i, j, k))).toBeCloseTo(v.values[n]!, 4);
          }
    }
  });

  it('says when the slices are not evenly spaced', () => {
    const v = suvVolumeOf(block([[10, -20, 30], [10, -20, 34], [10, -20, 38], [10, -20, 46]]));
    expect(v.unevenSlices).toBe(true);
  });
});
