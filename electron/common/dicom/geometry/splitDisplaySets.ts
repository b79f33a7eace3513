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
 * different acquisition go to separate sets (PS3.3 C.7.6.2 allows all of these in one series).
 */
export function splitDisplaySets(frames: FrameGeometry[]): DisplaySetSplit[] {
  const sets: Array<DisplaySetSplit & { ref: FrameGeometry }> = [];
  for (const f of frames) {
    const match = sets.find(
      (s) =>
        s.ref.rows === f.rows &&
        s.ref.columns === f.columns &&
        s.ref.acquisitionNumber === f.acquisitionNumber &&
        angleBetweenDegrees(s.ref.rowCosines, f.rowCosines) < SAME_ORIENTATION_DEGREES &&
        angleBetweenDegrees(s.ref.columnCosines, f.columnCosines) < SAME_ORIENTATION_DEGREES,
    );
    if (match) match.frames.push(f);
    else {
      const reasons: string[] = [];
      const base = sets[0]?.ref;
      if (base) {
        if (base.rows !== f.rows || base.columns !== f.columns) reasons.push(`size ${f.columns}×${f.rows}`);
        if (base.acquisitionNumber !== f.acquisitionNumber) reasons.push(`acquisition ${f.acquisitionNumber ?? '?'}`);
        if (angleBetweenDegrees(base.rowCosines, f.rowCosines) >= SAME_ORIENTATION_DEGREES || angleBetweenDegrees(base.columnCosines, f.columnCosines) >= SAME_ORIENTATION_DEGREES) reasons.push('orientation');
      }
      sets.push({ key: reasons.join(', ') || 'main', frames: [f], ref: f });
    }
  }
  return sets.map(({ key, frames: fs }) => ({ key, frames: fs }));
}
