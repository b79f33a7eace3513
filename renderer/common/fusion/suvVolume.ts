import { cross, normalize, scale, sub, type Vec3 } from '../../../electron/common/dicom/geometry/vec3';
import type { SuvVolume } from '../../../electron/common/pet/suvMeasurements';
import type { SampledVolume } from './volumeSampler';

/**
 * A series' block as a voxel grid of values in patient space (the SUV engine's `SuvVolume`): each
 * slice's stored values turned into values with that slice's own scale (Rescale Slope/Intercept and,
 * for a PET, its frame's SUV factor). The grid's slice axis runs from the first slice's position to
 * the last's, so even spacing is assumed between them (`unevenSlices` says when it is not so by more
 * than a tenth of a step: region statistics then place voxels up to that far from where they were).
 */
export function suvVolumeOf(volume: SampledVolume): SuvVolume & { unevenSlices: boolean } {
  const [nx, ny, nz] = volume.info.dimensions;
  const [sx, sy] = volume.info.spacing;
  const u = normalize(volume.info.direction[0] as Vec3);
  const v = normalize(volume.info.direction[1] as Vec3);
  const meanStep = (volume.info.sliceStep ?? scale(volume.info.direction[2] as Vec3, volume.info.spacing[2])) as Vec3;
  const positions = volume.slicePositions?.length === nz ? volume.slicePositions : undefined;
  const origin = (positions?.[0] ?? volume.info.origin) as Vec3;
  const step = positions && nz > 1 ? scale(sub(positions[nz - 1]!, positions[0]!), 1 / (nz - 1)) : meanStep;
  let unevenSlices = false;
  if (positions && nz > 2) {
    const n = normalize(cross(u, v));
    const typical = Math.abs(step[0] * n[0] + step[1] * n[1] + step[2] * n[2]);
    for (let k = 1; k < nz && !unevenSlices; k++) {
      const d = sub(positions[k]!, positions[k - 1]!);
      unevenSlices = Math.abs(Math.abs(d[0] * n[0] + d[1] * n[1] + d[2] * n[2]) - typical) > typical / 10;
    }
  }
  const plane = nx * ny;
  const values = new Float32Array(plane * nz);
  for (let k = 0; k < nz; k++) {
    const s = volume.sliceScales[k]!;
    const gain = s.slope * s.factor;
    const offset = s.intercept * s.factor;
    for (let n = k * plane, end = n + plane; n < end; n++) values[n] = volume.samples[n]! * gain + offset;
  }
  return { grid: { dimensions: [nx, ny, nz], origin, axes: [scale(u, sx), scale(v, sy), step] }, values, unevenSlices };
}
