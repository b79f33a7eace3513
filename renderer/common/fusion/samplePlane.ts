import type { Vec3 } from '../../../electron/common/dicom/geometry/vec3';
import type { VolumeSampler } from './volumeSampler';

/**
 * A grid of points on a plane in patient space: an image's pixel centres, or an MPR view's. The
 * same description as an image's geometry (PS3.3 C.7.6.2): the first point, the direction along a
 * row (to the right) and down a column, and the spacing between rows and between columns.
 */
export interface PlaneSamplingGrid {
  /** Patient point (LPS mm) of the first sample, row 0 column 0. */
  origin: Vec3;
  /** Unit vector from one column to the next (along a row). */
  rowDirection: Vec3;
  /** Unit vector from one row to the next (down a column). */
  columnDirection: Vec3;
  /** [between rows, between columns] mm, in Pixel Spacing's order. */
  spacing: [number, number];
  rows: number;
  columns: number;
}

/**
 * The fused series sampled at every point of a grid (row by row), NaN where the point lies outside
 * it: each point placed in patient space and handed to the series' own sampler, whatever its grid.
 * `out` is filled when it has the grid's length (a buffer kept between calls: no allocation).
 */
export function samplePlane(sampler: VolumeSampler, grid: PlaneSamplingGrid, out?: Float32Array): Float32Array {
  const n = grid.rows * grid.columns;
  const values = out && out.length === n ? out : new Float32Array(n);
  const [down, along] = grid.spacing;
  const [rx, ry, rz] = [grid.rowDirection[0] * along, grid.rowDirection[1] * along, grid.rowDirection[2] * along];
  const [cx, cy, cz] = [grid.columnDirection[0] * down, grid.columnDirection[1] * down, grid.columnDirection[2] * down];
  const [ox, oy, oz] = grid.origin;
  const p: Vec3 = [0, 0, 0]; // one point, refilled: no allocation per sample
  for (let r = 0; r < grid.rows; r++)
    for (let c = 0; c < grid.columns; c++) {
      p[0] = ox + rx * c + cx * r;
      p[1] = oy + ry * c + cy * r;
      p[2] = oz + rz * c + cz * r;
      const v = sampler.valueAt(p);
      values[r * grid.columns + c] = v === undefined ? Number.NaN : v;
    }
  return values;
}

/** The grid's numbers as a string: equal grids sample the same values. */
export function planeGridKey(g: PlaneSamplingGrid): string {
  return [...g.origin, ...g.rowDirection, ...g.columnDirection, ...g.spacing, g.rows, g.columns].join(',');
}

/**
 * The last few sampled grids of one fused series, by grid key: going back to a plane (a crosshair
 * dragged back, a view repainted with another colour map) costs nothing. A buffer pushed out is
 * reused for the next grid of its size, so following the crosshair allocates nothing.
 */
export class PlaneSampleCache {
  private readonly kept = new Map<string, Float32Array>();

  constructor(
    private readonly sampler: VolumeSampler,
    private readonly capacity = 6,
  ) {}

  values(grid: PlaneSamplingGrid): Float32Array {
    const key = planeGridKey(grid);
    let values = this.kept.get(key);
    if (values) {
      this.kept.delete(key); // most recent last
    } else {
      let spare: Float32Array | undefined;
      if (this.kept.size >= this.capacity) {
        const oldest = this.kept.keys().next().value!;
        spare = this.kept.get(oldest);
        this.kept.delete(oldest);
      }
      values = samplePlane(this.sampler, grid, spare);
    }
    this.kept.set(key, values);
    return values;
  }
}
