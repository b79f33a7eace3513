import { describe, expect, it } from 'vitest';
import type { FrameGeometry } from '../../../electron/common/dicom/geometry/frameGeometry';
import { referenceLine } from './referenceLines';

const base = { sopInstanceUid: '1', frame: 1, pixelSpacing: [1, 1] as [number, number], spacingSource: 'PixelSpacing' as const, rows: 100, columns: 100 };
// Axial image at z = 0 covering x, y ∈ [-50, 50) (pixel centres), LPS.
const axial: FrameGeometry = { ...base, position: [-49.5, -49.5, 0], rowCosines: [1, 0, 0], columnCosines: [0, 1, 0], normal: [0, 0, 1] };
// Coronal image at y = 10 (x to the right, z downwards).
const coronal: FrameGeometry = { ...base, position: [-49.5, 10, 49.5], rowCosines: [1, 0, 0], columnCosines: [0, 0, -1], normal: [0, 1, 0] };

describe('reference lines', () => {
  it('a coronal plane at y = 10 cuts an axial image along the row y = 10', () => {
    const line = referenceLine(axial, coronal)!;
    // y = 10 is 59.5 mm below pixel (0,0)'s centre, 60 mm from the corner.
    expect(line[0][1]).toBeCloseTo(60, 9);
    expect(line[1][1]).toBeCloseTo(60, 9);
    expect(line[0][0]).toBeCloseTo(0, 9);
    expect(line[1][0]).toBeCloseTo(100, 9);
  });
  it('the axial plane z = 0 cuts the coronal image along its row at z = 0', () => {
    const line = referenceLine(coronal, axial)!;
    expect(line[0][1]).toBeCloseTo(50, 9);
  });
  it('parallel planes and planes outside the image give no line', () => {
    expect(referenceLine(axial, { ...axial, position: [-49.5, -49.5, 5] })).toBeUndefined();
    expect(referenceLine(axial, { ...coronal, position: [-49.5, 80, 49.5] })).toBeUndefined();
  });
});
