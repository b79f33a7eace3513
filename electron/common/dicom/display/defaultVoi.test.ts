import { describe, expect, it } from 'vitest';
import { describePixels } from '../model/pixelDescription';
import { minMaxWindow } from './defaultVoi';
import { voiTransform } from './voiTransform';

const ct = describePixels({
  '00280010': { vr: 'US', Value: [4] },
  '00280011': { vr: 'US', Value: [4] },
  '00280100': { vr: 'US', Value: [16] },
  '00280101': { vr: 'US', Value: [12] },
  '00280103': { vr: 'US', Value: [1] },
  '00281052': { vr: 'DS', Value: [-1024] },
  '00281053': { vr: 'DS', Value: [1] },
});

describe('the default window from the data (min–max)', () => {
  it('shows a uniform frame (a blank first slice) black, not white', () => {
    const blank = new Int16Array(16); // all 0 → −1024 HU, air
    const voi = minMaxWindow(ct, blank);
    expect(voiTransform(voi)(-1024)).toBe(0);
  });

  it('spans min to max otherwise: the minimum black, the maximum white', () => {
    const ramp = Int16Array.from({ length: 16 }, (_, i) => i * 100);
    const f = voiTransform(minMaxWindow(ct, ramp));
    expect(f(-1024)).toBe(0);
    expect(f(-1024 + 1500)).toBe(1);
  });
});
