import { sourceKey, type ResultOverlay } from './resultOverlay';

/**
 * The overlays to draw over a volume (MPR) built from these slices: a SEG when one of its masks
 * lies on one of the slices (the stack viewer's rule, so a SEG of another series with its own frame of
 * reference is not drawn here), or when it names no source image at all (placed by geometry alone);
 * RTSTRUCT contours always, placed by geometry as the stack viewer places them. Others (SR, PR)
 * have nothing to draw in a plane.
 */
export function overlaysForVolume(overlays: readonly ResultOverlay[], slices: ReadonlyArray<{ sopInstanceUid: string; frame: number }>): ResultOverlay[] {
  const keys = new Set(slices.map((s) => sourceKey(s.sopInstanceUid, s.frame)));
  return overlays.filter((o) => {
    if (o.kind === 'rtstruct') return true;
    if (o.kind !== 'seg') return false;
    if (o.masksBySource.size === 0) return true;
    for (const key of o.masksBySource.keys()) if (keys.has(key)) return true;
    return false;
  });
}
