import { describe, expect, it } from 'vitest';
import type { Vec3 } from '../../../electron/common/dicom/geometry/vec3';
import type { Segmentation, SegmentInfo, SegmentMask } from '../../../electron/common/results/seg/segmentationModel';
import { indexSegmentation, screenGrid, segmentCoverageOnPlane, type PlaneGrid } from './segmentationOnPlane';
import { paintSegmentationOnPlane } from './segmentationPaint';

/**
 * Hand-made geometry: axial frames of 4 columns × 3 rows, 1 mm between columns and 2 mm between
 * rows, at z = 0, 5 and 10 (frame spacing 5 mm), first pixel centre at x = 0, y = 0.
 */
const AXIAL: [number, number, number, number, number, number] = [1, 0, 0, 0, 1, 0];
const FRAME_DATA = [
  [1, 0, 0, 0, /**/ 0, 0, 0, 0, /**/ 0, 0, 0, 0],
  [0, 1, 0, 0, /**/ 0, 0, 1, 0, /**/ 0, 0, 0, 1],
  [1, 1, 1, 1, /**/ 0, 0, 0, 0, /**/ 1, 0, 0, 1],
];

function mask(segmentNumber: number, z: number, data: number[], extra: Partial<SegmentMask> = {}): SegmentMask {
  return { segmentNumber, segFrame: 1, sources: [], imagePositionPatient: [0, 0, z], imageOrientationPatient: AXIAL, pixelSpacing: [2, 1], rows: 3, columns: 4, data: Uint8Array.from(data), ...extra };
}

function segment(number: number, extra: Partial<SegmentInfo> = {}): SegmentInfo {
  return { number, label: `S${number}`, typeModifiers: [], algorithms: [], color: [255, 0, 0], colorSource: 'default', isBackground: false, ...extra };
}

function segmentation(masks: SegmentMask[], segments: SegmentInfo[] = [segment(1)]): Segmentation {
  return { sopInstanceUid: '1.2.3', sopClassUid: '1.2.840.10008.5.1.4.1.1.66.4', segmentationType: 'BINARY', rows: 3, columns: 4, numberOfFrames: masks.length, segments, masks, warnings: [] };
}

const threeFrames = () => segmentation(FRAME_DATA.map((d, i) => mask(1, 5 * i, d)));

/** The SEG's own pixel grid on the axial plane at height z. */
const axialGrid = (z: number): PlaneGrid => ({ origin: [0, 0, z], stepRight: [1, 0, 0], stepDown: [0, 2, 0], width: 4, height: 3 });

/** A one-pixel grid at a point: what the segment covers there (0 or 255). */
const at = (seg: Segmentation, p: Vec3): number => segmentCoverageOnPlane(indexSegmentation(seg), { origin: p, stepRight: [1, 0, 0], stepDown: [0, 1, 0], width: 1, height: 1 }, 1)[0]!;

describe('segmentation masks sampled on a plane', () => {
  it('an axial plane through a frame, on the frame’s own grid, is that frame’s mask', () => {
    const index = indexSegmentation(threeFrames());
    FRAME_DATA.forEach((data, i) => expect([...segmentCoverageOnPlane(index, axialGrid(5 * i), 1)]).toEqual(data.map((v) => v * 255)));
  });

  it('a plane takes the nearest frame within half the frame spacing, and nothing beyond the first and last', () => {
    const index = indexSegmentation(threeFrames());
    const cover = (z: number) => [...segmentCoverageOnPlane(index, axialGrid(z), 1)].map((v) => v / 255);
    expect(cover(7.4)).toEqual(FRAME_DATA[1]);
    expect(cover(7.6)).toEqual(FRAME_DATA[2]);
    expect(cover(12.4)).toEqual(FRAME_DATA[2]);
    expect(cover(12.6)).toEqual(new Array(12).fill(0));
    expect(cover(-2.4)).toEqual(FRAME_DATA[0]);
    expect(cover(-2.6)).toEqual(new Array(12).fill(0));
  });

  it('in the plane, a point takes the pixel whose square holds it (±half a pixel around its centre)', () => {
    const seg = threeFrames();
    // Frame at z = 0: only pixel (column 0, row 0) is set; it spans x −0.5..0.5, y −1..1.
    expect(at(seg, [0.4, 0.9, 0])).toBe(255);
    expect(at(seg, [-0.4, -0.9, 0])).toBe(255);
    expect(at(seg, [0.6, 0, 0])).toBe(0);
    expect(at(seg, [0, 1.1, 0])).toBe(0);
    expect(at(seg, [-0.6, 0, 0])).toBe(0);
  });

  it('a coronal plane through a row shows that row of each frame, frame above frame', () => {
    const index = indexSegmentation(threeFrames());
    // Coronal at y = 2 (row 1), screen down = −z: grid rows at z = 10, 5, 0.
    const grid: PlaneGrid = { origin: [0, 2, 10], stepRight: [1, 0, 0], stepDown: [0, 0, -5], width: 4, height: 3 };
    const rowOf = (frame: number, row: number) => FRAME_DATA[frame]!.slice(4 * row, 4 * row + 4);
    expect([...segmentCoverageOnPlane(index, grid, 1)].map((v) => v / 255)).toEqual([...rowOf(2, 1), ...rowOf(1, 1), ...rowOf(0, 1)]);
  });

  it('a plane tilted across the frames takes, pixel by pixel, the frame nearest to each pixel', () => {
    const index = indexSegmentation(threeFrames());
    // Along row 0, rising 2.5 mm per column from z = 0.1: columns at z 0.1, 2.6, 5.1, 7.6 → frames 1, 2, 2, 3.
    const grid: PlaneGrid = { origin: [0, 0, 0.1], stepRight: [1, 0, 2.5], stepDown: [0, 2, 0], width: 4, height: 1 };
    expect([...segmentCoverageOnPlane(index, grid, 1)].map((v) => v / 255)).toEqual([FRAME_DATA[0]![0], FRAME_DATA[1]![1], FRAME_DATA[1]![2], FRAME_DATA[2]![3]]);
  });

  it('a plane running through the frames’ stack, across gaps and beyond the ends, is covered only within each frame’s reach', () => {
    // Frames at z = 0 and 20, reach ±2.5 mm (declared spacing 5); the grid row runs along z, 1 mm a pixel.
    const seg = segmentation([mask(1, 0, FRAME_DATA[2]!, { spacingBetweenSlices: 5 }), mask(1, 20, FRAME_DATA[2]!)]);
    const index = indexSegmentation(seg);
    const expected = Array.from({ length: 31 }, (_, x) => ((x >= 3 && x <= 7) || (x >= 23 && x <= 27) ? 255 : 0));
    const up: PlaneGrid = { origin: [0, 0, -5], stepRight: [0, 0, 1], stepDown: [0, 2, 0], width: 31, height: 1 };
    expect([...segmentCoverageOnPlane(index, up, 1)]).toEqual(expected);
    const down: PlaneGrid = { origin: [0, 0, 25], stepRight: [0, 0, -1], stepDown: [0, 2, 0], width: 31, height: 1 };
    expect([...segmentCoverageOnPlane(index, down, 1)]).toEqual(expected);
  });

  it('a declared Spacing Between Slices sets the reach of sparse frames; without it, the smallest step does', () => {
    const sparse = (declared?: number) => segmentation([mask(1, 0, FRAME_DATA[2]!, declared ? { spacingBetweenSlices: declared } : {}), mask(1, 20, FRAME_DATA[2]!)]);
    expect(at(sparse(), [0, 0, 9.9])).toBe(255);
    expect(at(sparse(2), [0, 0, 9.9])).toBe(0);
    expect(at(sparse(2), [0, 0, 0.9])).toBe(255);
    // One frame alone: half its slice thickness.
    const single = segmentation([mask(1, 0, FRAME_DATA[2]!, { sliceThickness: 3 })]);
    expect([at(single, [0, 0, 1.4]), at(single, [0, 0, 1.6])]).toEqual([255, 0]);
  });

  it('fractional masks give their fraction; background segments and masks without a plane are left out', () => {
    const fraction = Uint8Array.from([10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 200]);
    const seg = segmentation(
      [mask(1, 0, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], { fraction }), mask(2, 0, new Array(12).fill(1)), mask(1, 5, new Array(12).fill(1), { imagePositionPatient: undefined })],
      [segment(1), segment(2, { isBackground: true })],
    );
    const index = indexSegmentation(seg);
    expect(index.unplaced).toBe(1);
    expect([...segmentCoverageOnPlane(index, axialGrid(0), 1)]).toEqual([...fraction]);
    expect([...segmentCoverageOnPlane(index, axialGrid(0), 2)]).toEqual(new Array(12).fill(0));
  });

  it('paints each visible segment in its colour and opacity, later masks over earlier ones', () => {
    const seg = segmentation([mask(1, 0, [1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), mask(2, 0, [0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0])], [segment(1), segment(2)]);
    const index = indexSegmentation(seg);
    const rgba = new Uint8ClampedArray(4 * 12);
    const painted = paintSegmentationOnPlane(index, axialGrid(0), (n) => (n === 1 ? { rgb: [255, 0, 0], opacity: 0.5 } : { rgb: [0, 0, 255], opacity: 1 }), rgba);
    expect(painted).toBe(3);
    const px = (i: number) => [...rgba.slice(4 * i, 4 * i + 4)];
    expect(px(0)).toEqual([255, 0, 0, 128]);
    // Opaque blue over half-transparent red: blue.
    expect(px(1)).toEqual([0, 0, 255, 255]);
    expect(px(2)).toEqual([0, 0, 255, 255]);
    expect(px(3)).toEqual([0, 0, 0, 0]);
    // A hidden (undefined) or fully transparent segment paints nothing.
    const none = new Uint8ClampedArray(4 * 12);
    expect(paintSegmentationOnPlane(index, axialGrid(0), (n) => (n === 1 ? undefined : { rgb: [0, 0, 255], opacity: 0 }), none)).toBe(0);
    expect(none.every((v) => v === 0)).toBe(true);
  });

  it('half-opaque over half-opaque composites as a canvas does (source-over)', () => {
    const seg = segmentation([mask(1, 0, [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), mask(2, 0, [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])], [segment(1), segment(2)]);
    const rgba = new Uint8ClampedArray(4 * 12);
    paintSegmentationOnPlane(indexSegmentation(seg), axialGrid(0), (n) => ({ rgb: n === 1 ? [255, 0, 0] : [0, 0, 255], opacity: 0.5 }), rgba);
    // a = 128/255 each: out alpha = a + a(1 − a) ≈ 0.752 → 192; red = 255·a(1 − a)/out ≈ 84.8 → 85, blue = 255·a/out ≈ 170.2 → 170.
    expect([...rgba.slice(0, 4)]).toEqual([85, 0, 170, 192]);
  });

  it('the grid of a view’s pixels samples each pixel’s centre', () => {
    const screen = { toPatient: (x: number, y: number): Vec3 => [10 + 2 * x, 20, 30 - 2 * y] };
    expect(screenGrid(screen, { width: 3.7, height: 2 })).toEqual({ origin: [11, 20, 29], stepRight: [2, 0, 0], stepDown: [0, 0, -2], width: 3, height: 2 });
  });
});
