import { add, cross, normalize, scale, type Vec3 } from '../../common/dicom/geometry/vec3';
import { AIR_HU, type CompiledPhantom } from './chestPhantom';
import type { SeriesPlan } from './seriesPlans';

/** 32-bit integer hash (murmur3 finalizer) → [0, 1). */
function hashUnit(x: number): number {
  let v = (x ^ 0x9e3779b9) >>> 0;
  v = Math.imul(v ^ (v >>> 16), 0x85ebca6b) >>> 0;
  v = Math.imul(v ^ (v >>> 13), 0xc2b2ae35) >>> 0;
  return ((v ^ (v >>> 16)) >>> 0) / 4294967296;
}

/** Deterministic per-pixel noise: a hash of (seed, slice, pixel) through Box–Muller. */
function gaussian(seed: number, a: number, b: number): number {
  const h = hashUnit;
  const u1 = h(seed * 73856093 + a * 19349663 + b) || 1e-9;
  const u2 = h(seed * 83492791 + b * 2654435761 + a);
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/**
 * Samples one image of a series plan from the phantom and returns stored values
 * (HU + 1024, unsigned 12-bit, as the Rescale Intercept of -1024 expects).
 */
export function renderPhantomSlice(plan: SeriesPlan, index: number, phantom: CompiledPhantom, noiseSeed: number): Uint16Array {
  const out = new Uint16Array(plan.rows * plan.columns);
  const topLeft = plan.positions[index]!;
  const stepCol = scale(plan.rowCosines, plan.pixelSpacing[1]);
  const stepRow = scale(plan.columnCosines, plan.pixelSpacing[0]);
  const normal = normalize(cross(plan.rowCosines, plan.columnCosines));
  const offsets: Vec3[] =
    plan.sampling.kind === 'slab'
      ? Array.from({ length: plan.sampling.samples }, (_, k) => scale(normal, ((k + 0.5) / (plan.sampling as { samples: number }).samples - 0.5) * (plan.sampling as { thickness: number }).thickness))
      : plan.sampling.kind === 'projection'
        ? Array.from({ length: Math.ceil(plan.sampling.depth / 2) }, (_, k) => scale(normal, k * 2 - (plan.sampling as { depth: number }).depth / 2))
        : [[0, 0, 0]];
  const projection = plan.sampling.kind === 'projection';
  const m = offsets.length;
  for (let r = 0; r < plan.rows; r++) {
    const rowStart = add(topLeft, scale(stepRow, r));
    const rowEnd = add(rowStart, scale(stepCol, plan.columns - 1));
    const lo: Vec3 = [0, 1, 2].map((a) => Math.min(rowStart[a]!, rowEnd[a]!) + Math.min(...offsets.map((o) => o[a]!))) as Vec3;
    const hi: Vec3 = [0, 1, 2].map((a) => Math.max(rowStart[a]!, rowEnd[a]!) + Math.max(...offsets.map((o) => o[a]!))) as Vec3;
    const huAt = phantom.within(lo, hi);
    for (let c = 0; c < plan.columns; c++) {
      const px = rowStart[0] + stepCol[0] * c;
      const py = rowStart[1] + stepCol[1] * c;
      const pz = rowStart[2] + stepCol[2] * c;
      let stored: number;
      if (projection) {
        // Attenuation line integral, scaled to the 12-bit range like a radiograph.
        let mu = 0;
        for (let k = 0; k < m; k++) {
          const o = offsets[k]!;
          mu += (huAt(px + o[0], py + o[1], pz + o[2]) - AIR_HU) / 1000;
        }
        stored = Math.round(Math.min(4095, (mu * 2 * 4095) / 300));
      } else {
        let hu = 0;
        for (let k = 0; k < m; k++) {
          const o = offsets[k]!;
          hu += huAt(px + o[0], py + o[1], pz + o[2]);
        }
        hu /= m;
        if (plan.noiseSd > 0 && hu > AIR_HU + 50) hu += plan.noiseSd * gaussian(noiseSeed, index, r * plan.columns + c);
        stored = Math.round(Math.max(0, Math.min(4095, hu + 1024)));
      }
      out[r * plan.columns + c] = stored;
    }
  }
  return out;
}
