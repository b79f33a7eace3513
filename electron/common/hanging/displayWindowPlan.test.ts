import { describe, expect, it } from 'vitest';
import type { DisplayInfo } from '../contract/hostContract';
import { planDisplayWindows } from './displayWindowPlan';

const display = (id: string, x: number, width = 2048, height = 2560): DisplayInfo => ({ id, label: id, bounds: { x, y: 0, width, height }, scaleFactor: 1, primary: false });

describe('display windows', () => {
  const left = display('11', 0);
  const right = display('12', 2048);
  const windows = new Map([
    [left.id, left.bounds],
    [right.id, right.bounds],
  ]);

  it('changes nothing while the displays stay as they are', () => {
    expect(planDisplayWindows(windows, [left, right])).toEqual({ open: [], close: [], move: [] });
  });

  it('opens a window on a display plugged in, closes the one of a display unplugged', () => {
    const color = display('13', 4096, 1920, 1080);
    expect(planDisplayWindows(windows, [left, color])).toEqual({ open: [color], close: ['12'], move: [] });
  });

  it('moves windows of rearranged displays instead of reopening them', () => {
    const swappedLeft = display('11', 2048);
    const swappedRight = display('12', 0);
    expect(planDisplayWindows(windows, [swappedLeft, swappedRight])).toEqual({ open: [], close: [], move: [swappedLeft, swappedRight] });
  });
});
