import type { FrameGeometry } from './frameGeometry';
import { angleBetweenDegrees } from './vec3';

/** Orientations closer than this are the same stack. */
const SAME_ORIENTATION_DEGREES = 1;

export interface DisplaySetSplit {
  /** Why this set is separate, e.g. "orientation", "size", "acquisition 2". */
  key: string;
  frames: FrameGeometry[];
}

/**
 * Splits one series' frames into display sets that can each be viewed as one stack/volume:
 * frames of a different orientation (a localizer in the series), a different size, or a
 * repeated acquisition go to separate sets (PS3.3 C.7.6.2 allows all of these in one series).
 * Acquisition numbers split only when acquisitions cover the same positions (repeats, dynamics):
 * some scanners number every slice as its own acquisition.
 */
export function splitDisplaySets(frames: FrameGeometry[]): DisplaySetSplit[] {
  const repeated = acquisitionsRepeat(frames);
  const sets: Array<DisplaySetSplit & { ref: FrameGeometry }> = [];
  for (const f of frames) {
    const match = sets.find(
      (s) =>
        s.ref.rows === f.rows &&
        s.ref.columns === f.columns &&
        (!repeated || s.ref.acquisitionNumber === f.acquisitionNumber) &&
        angleBetweenDegrees(s.ref.rowCosines, f.rowCosines) < SAME_ORIENTATION_DEGREES &&
        angleBetweenDegrees(s.ref.columnCosines, f.columnCosines) < SAME_ORIENTATION_DEGREES,
    );
    if (match) match.frames.push(f);
    else {
      const reasons: string[] = [];
      const base = sets[0]?.ref;
      if (base) {
        if (base.rows !== f.rows || base.columns !== f.columns) reasons.push(`size ${f.columns}×${f.rows}`);
        if (repeated && base.acquisitionNumber !== f.acquisitionNumber) reasons.push(`acquisition ${f.acquisitionNumber ?? '?'}`);
        if (angleBetweenDegrees(base.rowCosines, f.rowCosines) >= SAME_ORIENTATION_DEGREES || angleBetweenDegrees(base.columnCosines, f.columnCosines) >= SAME_ORIENTATION_DEGREES) reasons.push('orientation');
      }
      sets.push({ key: reasons.join(', ') || 'main', frames: [f], ref: f });
    }
  }
  return sets.map(({ key, frames: fs }) => ({ key, frames: fs }));
}

/** True when two acquisitions have a frame at the same position (the series repeats itself). */
function acquisitionsRepeat(frames: FrameGeometry[]): boolean {
  const seen = new Map<string, number | undefined>();
  for (const f of frames) {
    const key = f.position.map((v) => v.toFixed(2)).join(',') + '|' + f.rowCosines.map((v) => v.toFixed(3)).join(',');
    if (seen.has(key) && seen.get(key) !== f.acquisitionNumber) return true;
    seen.set(key, f.acquisitionNumber);
  }
  return false;
}
