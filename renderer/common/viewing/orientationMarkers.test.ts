import { describe, expect, it } from 'vitest';
import { fitTransform } from './viewTransform';
import { orientationMarkers, scaleBarLength } from './orientationMarkers';

describe('orientation markers', () => {
  const axial = { row: [1, 0, 0] as [number, number, number], col: [0, 1, 0] as [number, number, number] };
  const t = fitTransform({ width: 100, height: 100 }, { width: 100, height: 100 });
  it('axial image: patient left on screen right, anterior at the top', () => {
    expect(orientationMarkers(axial.row, axial.col, t)).toEqual({ right: 'L', left: 'R', top: 'A', bottom: 'P' });
  });
  it('follow flips and rotation', () => {
    expect(orientationMarkers(axial.row, axial.col, { ...t, flipH: true })).toMatchObject({ right: 'R', left: 'L' });
    expect(orientationMarkers(axial.row, axial.col, { ...t, rotation: 90 })).toEqual({ right: 'A', left: 'P', top: 'R', bottom: 'L' });
  });
  it('coronal: head at the top', () => {
    expect(orientationMarkers([1, 0, 0], [0, 0, -1], t)).toEqual({ right: 'L', left: 'R', top: 'H', bottom: 'F' });
  });
  it('scale bar picks a round length near a quarter of the height', () => {
    expect(scaleBarLength(2, 400)).toBe(50);
    expect(scaleBarLength(10, 400)).toBe(10);
  });
});
