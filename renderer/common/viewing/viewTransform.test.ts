import { describe, expect, it } from 'vitest';
import { fitTransform, imageToScreen, oneToOneTransform, panBy, screenToImage, zoomAbout, type Rotation, type ViewTransform } from './viewTransform';

const vp = { width: 400, height: 300 };
const plane = { width: 200, height: 100 };

describe('view transform', () => {
  it('fit centres the image and fills the limiting side', () => {
    const t = fitTransform(plane, vp);
    expect(t.scale).toBe(2);
    expect(imageToScreen(t, vp, [0, 0])).toEqual([0, 50]);
    expect(imageToScreen(t, vp, [200, 100])).toEqual([400, 250]);
    const sideways = fitTransform(plane, vp, { rotation: 90, flipH: false, flipV: false });
    expect(sideways.scale).toBe(1.5);
  });

  it('screenToImage inverts imageToScreen for every rotation and flip', () => {
    for (const rotation of [0, 90, 180, 270] as Rotation[])
      for (const flipH of [false, true])
        for (const flipV of [false, true]) {
          const t: ViewTransform = { center: [37, 12], scale: 1.7, rotation, flipH, flipV };
          const p: [number, number] = [13.5, 81.25];
          const back = screenToImage(t, vp, imageToScreen(t, vp, p));
          expect(back[0]).toBeCloseTo(p[0], 9);
          expect(back[1]).toBeCloseTo(p[1], 9);
        }
  });

  it('rotates clockwise and flips about the screen axes', () => {
    const t = { ...fitTransform({ width: 100, height: 100 }, { width: 100, height: 100 }) };
    // The image's top-right corner goes to the bottom-right after 90° clockwise.
    expect(imageToScreen({ ...t, rotation: 90 }, { width: 100, height: 100 }, [100, 0])).toEqual([100, 100]);
    expect(imageToScreen({ ...t, flipH: true }, { width: 100, height: 100 }, [100, 0])).toEqual([0, 0]);
    expect(imageToScreen({ ...t, flipV: true }, { width: 100, height: 100 }, [100, 0])).toEqual([100, 100]);
  });

  it('1:1 puts one image pixel on one device pixel with the corner on a pixel boundary', () => {
    const t = oneToOneTransform({ width: 101 * 0.5, height: 77 * 0.5 }, 0.5, { width: 300, height: 201 }, 1);
    expect(t.scale).toBe(2);
    const corner = imageToScreen(t, { width: 300, height: 201 }, [0, 0]);
    expect(Number.isInteger(corner[0]) && Number.isInteger(corner[1])).toBe(true);
    const t2 = oneToOneTransform({ width: 64, height: 64 }, 1, { width: 99, height: 99 }, 2);
    const c2 = imageToScreen(t2, { width: 99, height: 99 }, [0, 0]);
    expect(Number.isInteger(c2[0] * 2) && Number.isInteger(c2[1] * 2)).toBe(true);
  });

  it('zoom keeps the anchor fixed; pan follows the pointer', () => {
    const t = fitTransform(plane, vp);
    const anchor: [number, number] = [100, 80];
    const before = screenToImage(t, vp, anchor);
    const z = zoomAbout(t, vp, 2, anchor);
    const after = screenToImage(z, vp, anchor);
    expect(after[0]).toBeCloseTo(before[0], 9);
    expect(after[1]).toBeCloseTo(before[1], 9);
    const p = panBy({ ...t, rotation: 90 }, vp, 10, -4);
    const moved = imageToScreen(p, vp, [50, 50]);
    const orig = imageToScreen({ ...t, rotation: 90 }, vp, [50, 50]);
    expect(moved[0] - orig[0]).toBeCloseTo(10, 9);
    expect(moved[1] - orig[1]).toBeCloseTo(-4, 9);
  });
});
