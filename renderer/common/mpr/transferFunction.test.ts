import { describe, expect, it } from 'vitest';
import { addOpacityPoint, colorAt, moveOpacityPoint, removeOpacityPoint, volumeHistogram } from './transferFunction';
import { volumePreset } from './volumePresets';

describe('transfer-function editing', () => {
  it('histograms modality values over the volume range', () => {
    // Stored 0..99 with intercept -50: values -50..49, 10 bins of 10.
    const counts = volumeHistogram(Int16Array.from({ length: 100 }, (_, i) => i), { slope: 1, intercept: -50 }, [0, 99], 10);
    expect(counts).toEqual([10, 10, 10, 10, 10, 10, 10, 10, 10, 10]);
  });

  it('moves a point only between its neighbours, opacity within 0–1', () => {
    const bone = volumePreset('ct-bone');
    const moved = moveOpacityPoint(bone, 1, 10_000, 2);
    expect(moved.opacity[1]![0]).toBeLessThan(bone.opacity[2]![0]);
    expect(moved.opacity[1]![1]).toBe(1);
    expect(bone.opacity[1]).toEqual([150, 0]); // the shipped preset is untouched
  });

  it('adds points in order, never removes the last two, and interpolates colours', () => {
    const bone = volumePreset('ct-bone');
    const added = addOpacityPoint(bone, 200, 0.2);
    expect(added.opacity.map((p) => p[0])).toEqual([...added.opacity.map((p) => p[0])].sort((a, b) => a - b));
    let p = added;
    for (let i = 0; i < 10; i++) p = removeOpacityPoint(p, 0);
    expect(p.opacity).toHaveLength(2);
    expect(colorAt(bone, 1500)).toEqual([1, 1, 0.95]);
    const mid = colorAt(bone, 225);
    expect(mid[0]).toBeCloseTo((0.55 + 0.9) / 2, 6);
  });
});
