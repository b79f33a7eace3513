import { describe, expect, it } from 'vitest';
import { angleDegrees, cobbDegrees, regionStatistics, segmentLength, shapeArea, shapeContains } from './measurements';

describe('measurements', () => {
  it('lengths and angles', () => {
    expect(segmentLength({ points: [[0, 0], [3, 4]] })).toBe(5);
    expect(angleDegrees([[10, 0], [0, 0], [0, 10]])).toBeCloseTo(90, 9);
    expect(cobbDegrees([[0, 0], [10, 0], [0, 5], [10, 15]])).toBeCloseTo(45, 9);
    expect(cobbDegrees([[0, 0], [10, 0], [10, 15], [0, 5]])).toBeCloseTo(45, 9);
  });

  it('areas and containment', () => {
    expect(shapeArea({ kind: 'rectangle', points: [[1, 1], [3, 5]] })).toBe(8);
    expect(shapeArea({ kind: 'ellipse', points: [[0, 0], [4, 2]] })).toBeCloseTo(2 * Math.PI, 9);
    expect(shapeArea({ kind: 'freehand', points: [[0, 0], [4, 0], [4, 3], [0, 3]] })).toBe(12);
    expect(shapeContains({ kind: 'ellipse', points: [[0, 0], [4, 2]] }, [2, 1])).toBe(true);
    expect(shapeContains({ kind: 'ellipse', points: [[0, 0], [4, 2]] }, [0.2, 0.2])).toBe(false);
    expect(shapeContains({ kind: 'freehand', points: [[0, 0], [4, 0], [0, 4]] }, [1, 1])).toBe(true);
    expect(shapeContains({ kind: 'freehand', points: [[0, 0], [4, 0], [0, 4]] }, [3, 3])).toBe(false);
  });

  it('region statistics over pixel centres, in the values given', () => {
    // 10×10 image, 0.5 mm pixels, value = column; a rectangle over columns 2–5, rows 0–9.
    const stats = regionStatistics({ kind: 'rectangle', points: [[1, 0], [3, 5]] }, { columns: 10, rows: 10, pixelSpacing: [0.5, 0.5] }, (c) => c);
    expect(stats.pixels).toBe(40);
    expect(stats.mean).toBeCloseTo(3.5, 9);
    expect(stats.min).toBe(2);
    expect(stats.max).toBe(5);
    expect(stats.sd).toBeCloseTo(Math.sqrt((4 * 10 * 1.25) / 39), 9);
  });
});
