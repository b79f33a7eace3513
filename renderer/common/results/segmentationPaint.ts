import { visitMasksOnPlane, type PlaneGrid, type SegmentationPlaneIndex } from './segmentationOnPlane';

/** How a segment is painted: its colour and opacity (0..1); undefined: not painted. */
export type SegmentPaint = { rgb: readonly [number, number, number]; opacity: number } | undefined;

/**
 * Paints a segmentation's masks on the grid into RGBA pixels (non-premultiplied, as ImageData
 * holds them), each mask composited over what is there, as the stack overlay's canvas composites
 * its mask sprites: a pixel's alpha is round(mask alpha × opacity). Returns how many pixels went
 * from transparent to painted (a drawn-pixel count for tests).
 */
export function paintSegmentationOnPlane(index: SegmentationPlaneIndex, grid: PlaneGrid, paintOf: (segmentNumber: number) => SegmentPaint, rgba: Uint8ClampedArray): number {
  let painted = 0;
  const sinks = new Map<number, ((i: number, alpha: number) => void) | undefined>();
  const sinkOf = (segmentNumber: number) => {
    const p = paintOf(segmentNumber);
    if (!p || p.opacity <= 0) return undefined;
    const [red, green, blue] = p.rgb;
    return (i: number, alpha: number) => {
      const sa = Math.round(alpha * p.opacity) / 255;
      if (sa <= 0) return;
      const o = 4 * i;
      const da = rgba[o + 3]! / 255;
      if (da === 0) painted++;
      const oa = sa + da * (1 - sa);
      const keep = (da * (1 - sa)) / oa;
      rgba[o] = (red * sa) / oa + rgba[o]! * keep;
      rgba[o + 1] = (green * sa) / oa + rgba[o + 1]! * keep;
      rgba[o + 2] = (blue * sa) / oa + rgba[o + 2]! * keep;
      rgba[o + 3] = oa * 255;
    };
  };
  visitMasksOnPlane(index, grid, (mask) => {
    if (!sinks.has(mask.segmentNumber)) sinks.set(mask.segmentNumber, sinkOf(mask.segmentNumber));
    return sinks.get(mask.segmentNumber);
  });
  return painted;
}
