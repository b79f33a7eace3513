import { cross, dot, normalize, sub, type Vec3 } from '../../../electron/common/dicom/geometry/vec3';
import type { Segmentation, SegmentMask } from '../../../electron/common/results/seg/segmentationModel';

/**
 * A grid of sample points on a plane, row by row: pixel (x, y)'s centre is
 * origin + x·stepRight + y·stepDown (patient LPS mm). An MPR view's CSS pixels are one such grid.
 */
export interface PlaneGrid {
  origin: Vec3;
  stepRight: Vec3;
  stepDown: Vec3;
  width: number;
  height: number;
}

/** A SEG frame's mask placed in patient space: in-plane index = (p − position)·rowStep (column), ·columnStep (row). */
interface PlacedMask {
  mask: SegmentMask;
  position: Vec3;
  /** Row direction ÷ column spacing: dot with an offset gives the column index. */
  columnPerMm: Vec3;
  /** Column direction ÷ row spacing: dot with an offset gives the row index. */
  rowPerMm: Vec3;
  /** The pixels it paints lie in columns [c0, c1) and rows [r0, r1); empty when c0 ≥ c1. */
  bounds: { c0: number; c1: number; r0: number; r1: number };
}

/** The masks lying on one plane of a stack (every segment's frame at that position). */
interface FrameSlice {
  /** Position along the stack's normal (mm). */
  at: number;
  masks: PlacedMask[];
}

/** SEG frames sharing one orientation, ordered along their normal. */
interface FrameStack {
  normal: Vec3;
  slices: FrameSlice[];
  /** A point belongs to the nearest slice when within this distance (half the frame spacing). */
  halfSpacing: number;
}

/** A segmentation's masks indexed by where they lie, for sampling on arbitrary planes. */
export interface SegmentationPlaneIndex {
  stacks: FrameStack[];
  /** Masks without Plane Position/Orientation or Pixel Spacing: they cannot be placed in space. */
  unplaced: number;
}

/** Frames whose positions along the normal differ by less than this lie on the same plane (DS rounding). */
const SAME_PLANE_MM = 0.01;

/** The box of a mask's non-zero pixels (set, or a non-zero fraction): sampling skips everything outside it. */
function paintedBounds(mask: SegmentMask): PlacedMask['bounds'] {
  const values = mask.fraction ?? mask.data;
  const b = { c0: mask.columns, c1: 0, r0: mask.rows, r1: 0 };
  for (let r = 0, i = 0; r < mask.rows; r++)
    for (let c = 0; c < mask.columns; c++, i++)
      if (values[i]) {
        if (c < b.c0) b.c0 = c;
        if (c >= b.c1) b.c1 = c + 1;
        if (r < b.r0) b.r0 = r;
        if (r >= b.r1) b.r1 = r + 1;
      }
  return b;
}

/**
 * Indexes a segmentation's masks by orientation and by position along the normal. Background
 * segments are left out, as the stack overlay leaves them out. The frame spacing is the declared
 * Spacing Between Slices, else the smallest step between frames, else the slice thickness.
 */
export function indexSegmentation(segmentation: Segmentation): SegmentationPlaneIndex {
  const background = new Set(segmentation.segments.filter((s) => s.isBackground).map((s) => s.number));
  const groups = new Map<string, { normal: Vec3; placed: Array<PlacedMask & { at: number }>; declared?: number }>();
  let unplaced = 0;
  for (const mask of segmentation.masks) {
    if (background.has(mask.segmentNumber)) continue;
    const { imagePositionPatient: position, imageOrientationPatient: o, pixelSpacing } = mask;
    if (!position || !o || !pixelSpacing) {
      unplaced++;
      continue;
    }
    const row: Vec3 = [o[0], o[1], o[2]];
    const column: Vec3 = [o[3], o[4], o[5]];
    const normal = normalize(cross(row, column));
    // Orientation key: frames of one acquisition share their cosines to well under 1e-4.
    const key = [...row, ...column].map((v) => v.toFixed(4)).join(',');
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { normal, placed: [] }));
    const [rowSpacing, columnSpacing] = pixelSpacing;
    group.placed.push({ mask, position, columnPerMm: row.map((v) => v / columnSpacing) as Vec3, rowPerMm: column.map((v) => v / rowSpacing) as Vec3, bounds: paintedBounds(mask), at: dot(position, normal) });
    group.declared ??= mask.spacingBetweenSlices ?? undefined;
  }
  const stacks: FrameStack[] = [];
  for (const group of groups.values()) {
    group.placed.sort((a, b) => a.at - b.at);
    const slices: FrameSlice[] = [];
    for (const p of group.placed) {
      const last = slices.at(-1);
      if (last && p.at - last.at < SAME_PLANE_MM) last.masks.push(p);
      else slices.push({ at: p.at, masks: [p] });
    }
    let smallestStep = Infinity;
    for (let i = 1; i < slices.length; i++) smallestStep = Math.min(smallestStep, slices[i]!.at - slices[i - 1]!.at);
    const first = group.placed[0]!.mask;
    const spacing = group.declared && group.declared > 0 ? group.declared : Number.isFinite(smallestStep) ? smallestStep : (first.sliceThickness ?? Math.min(...first.pixelSpacing!));
    stacks.push({ normal: group.normal, slices, halfSpacing: spacing / 2 });
  }
  return { stacks, unplaced };
}

const cache = new WeakMap<Segmentation, SegmentationPlaneIndex>();

/** The index of a segmentation, built once per segmentation object (kept while the object lives). */
export function segmentationPlaneIndex(segmentation: Segmentation): SegmentationPlaneIndex {
  let index = cache.get(segmentation);
  if (!index) cache.set(segmentation, (index = indexSegmentation(segmentation)));
  return index;
}

/** Index of the slice nearest to `t` when within the stack's half spacing, else -1. */
function sliceAt(stack: FrameStack, t: number): number {
  const s = stack.slices;
  let lo = 0;
  let hi = s.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (s[mid]!.at < t) lo = mid + 1;
    else hi = mid;
  }
  // lo: the first slice at or after t (or the last); its predecessor may be nearer.
  if (lo > 0 && Math.abs(s[lo - 1]!.at - t) <= Math.abs(s[lo]!.at - t)) lo--;
  return Math.abs(s[lo]!.at - t) <= stack.halfSpacing ? lo : -1;
}

/**
 * Where a run of pixels in no slice's reach ends along a grid row, from pixel x (in none): just
 * before the row enters the next reach it is heading for (a pixel early, against rounding).
 */
function gapEnd(stack: FrameStack, tRow: number, dtx: number, x: number, width: number): number {
  if (dtx === 0) return width;
  const s = stack.slices;
  const h = stack.halfSpacing;
  const t = tRow + x * dtx;
  let target: number | undefined;
  if (dtx > 0) {
    const k = s.findIndex((slice) => slice.at - h > t);
    if (k >= 0) target = s[k]!.at - h;
  } else {
    const k = s.findLastIndex((slice) => slice.at + h < t);
    if (k >= 0) target = s[k]!.at + h;
  }
  if (target === undefined) return width;
  return Math.min(width, Math.max(x + 1, Math.floor((target - tRow) / dtx) - 1));
}

/**
 * Asked once per mask per call: where its covered grid pixels go (grid index, alpha 0..255), or
 * undefined to skip the mask (a hidden segment). Resolving per mask keeps per-pixel work to a store.
 */
export type MaskPixelVisitor = (mask: SegmentMask) => ((gridIndex: number, alpha: number) => void) | undefined;

/** A mask's continuous (column + ½, row + ½) as an affine function of the grid's (x, y), with where its pixels go. */
interface MaskOnGrid {
  data: Uint8Array;
  fraction: Uint8Array | undefined;
  columns: number;
  bounds: PlacedMask['bounds'];
  c0: number;
  cx: number;
  cy: number;
  r0: number;
  rx: number;
  ry: number;
  sink: (gridIndex: number, alpha: number) => void;
}

function maskOnGrid(m: PlacedMask, grid: PlaneGrid, sink: (gridIndex: number, alpha: number) => void): MaskOnGrid {
  const d = sub(grid.origin, m.position);
  // +½: floor() of the shifted index is the nearest pixel (a pixel's square spans ±½ around its centre).
  return {
    data: m.mask.data,
    fraction: m.mask.fraction,
    columns: m.mask.columns,
    bounds: m.bounds,
    c0: dot(d, m.columnPerMm) + 0.5,
    cx: dot(grid.stepRight, m.columnPerMm),
    cy: dot(grid.stepDown, m.columnPerMm),
    r0: dot(d, m.rowPerMm) + 0.5,
    rx: dot(grid.stepRight, m.rowPerMm),
    ry: dot(grid.stepDown, m.rowPerMm),
    sink,
  };
}

/**
 * The part of [from, to) where v = start + (x − from)·step lies in [lo, hi), a pixel wider each
 * side against rounding (the caller still checks each pixel).
 */
function clip(from: number, to: number, start: number, step: number, lo: number, hi: number): [number, number] {
  if (step === 0) return start >= lo && start < hi ? [from, to] : [from, from];
  const a = from + (lo - start) / step;
  const b = from + (hi - start) / step;
  return [Math.max(from, Math.floor(Math.min(a, b)) - 1), Math.min(to, Math.ceil(Math.max(a, b)) + 1)];
}

/** Samples one mask along grid row y for x in [from, to), only where the row crosses the mask's painted box. */
function sampleRun(m: MaskOnGrid, y: number, from: number, to: number, rowStart: number): void {
  const { data, fraction, columns, bounds, cx, rx, sink } = m;
  const cStart = m.c0 + from * cx + y * m.cy;
  const rStart = m.r0 + from * rx + y * m.ry;
  const [ca, cb] = clip(from, to, cStart, cx, bounds.c0, bounds.c1);
  const [ra, rb] = clip(from, to, rStart, rx, bounds.r0, bounds.r1);
  const first = Math.max(ca, ra);
  const last = Math.min(cb, rb);
  for (let x = first; x < last; x++) {
    const column = Math.floor(cStart + (x - from) * cx);
    const row = Math.floor(rStart + (x - from) * rx);
    if (column < bounds.c0 || row < bounds.r0 || column >= bounds.c1 || row >= bounds.r1) continue;
    const i = row * columns + column;
    const alpha = fraction ? fraction[i]! : data[i] ? 255 : 0;
    if (alpha) sink(rowStart + x, alpha);
  }
}

/**
 * Nearest-neighbour sampling of the masks on a plane: each grid pixel's centre takes the slice
 * nearest to it along the frames' normal (when within half the frame spacing) and, in each mask of
 * that slice, the pixel whose square holds it. Work is proportional to grid pixels × masks per slice;
 * the plane may cut the frames at any angle. Along a grid row the slice changes only where the row
 * crosses a slice's reach, so each row is sampled in runs of one slice.
 * The alpha is the mask's fraction (FRACTIONAL) or 255, as the stack overlay draws it.
 */
export function visitMasksOnPlane(index: SegmentationPlaneIndex, grid: PlaneGrid, visit: MaskPixelVisitor): void {
  for (const stack of index.stacks) {
    const slices = stack.slices;
    if (slices.length === 0) continue;
    const onGrid = slices.map((slice) =>
      slice.masks.flatMap((m) => {
        if (m.bounds.c0 >= m.bounds.c1) return [];
        const sink = visit(m.mask);
        return sink ? [maskOnGrid(m, grid, sink)] : [];
      }),
    );
    if (onGrid.every((l) => l.length === 0)) continue;
    const t0 = dot(grid.origin, stack.normal);
    const dtx = dot(grid.stepRight, stack.normal);
    const dty = dot(grid.stepDown, stack.normal);
    for (let y = 0; y < grid.height; y++) {
      const tRow = t0 + y * dty;
      const rowStart = y * grid.width;
      let x = 0;
      while (x < grid.width) {
        const s = sliceAt(stack, tRow + x * dtx);
        let end: number;
        if (s < 0) end = gapEnd(stack, tRow, dtx, x, grid.width);
        else {
          // A slice's reach is one interval of t, and t is linear in x: the run is the pixels in it,
          // found by doubling steps while the slice stays the same.
          end = x + 1;
          while (end < grid.width && sliceAt(stack, tRow + end * dtx) === s) {
            let step = 1;
            while (end + step * 2 < grid.width && sliceAt(stack, tRow + (end + step * 2) * dtx) === s) step *= 2;
            end += step;
          }
        }
        if (s >= 0) for (const m of onGrid[s]!) sampleRun(m, y, x, end, rowStart);
        x = end;
      }
    }
  }
}

/** One segment's coverage of the grid (0..255 per pixel, row by row): for tests and statistics. */
export function segmentCoverageOnPlane(index: SegmentationPlaneIndex, grid: PlaneGrid, segmentNumber: number): Uint8Array {
  const out = new Uint8Array(grid.width * grid.height);
  const cover = (i: number, alpha: number) => void (out[i] = Math.max(out[i]!, alpha));
  visitMasksOnPlane(index, grid, (mask) => (mask.segmentNumber === segmentNumber ? cover : undefined));
  return out;
}

/** The grid of a view's CSS pixels: pixel (x, y)'s centre is the patient point under screen point (x + ½, y + ½). */
export function screenGrid(screen: { toPatient(x: number, y: number): Vec3 }, size: { width: number; height: number }): PlaneGrid {
  const origin = screen.toPatient(0.5, 0.5);
  return { origin, stepRight: sub(screen.toPatient(1.5, 0.5), origin), stepDown: sub(screen.toPatient(0.5, 1.5), origin), width: Math.max(0, Math.floor(size.width)), height: Math.max(0, Math.floor(size.height)) };
}
