import { describe, expect, it } from 'vitest';
import { colorMapLut } from './colorMaps';
import { colorIndex, colorizeValues, fusionRgba, pixelCentre, sampleOnImage, type FusionDisplay } from './fusionDisplay';
import { fusionRefusal } from './fusionSource';

const display = (over: Partial<FusionDisplay> = {}): FusionDisplay => ({ colorMap: 'hotIron', window: { min: 0, max: 5 }, opacity: 0.5, petOnly: false, ...over });
const entry = (id: Parameters<typeof colorMapLut>[0], n: number) => Array.from(colorMapLut(id).subarray(3 * n, 3 * n + 3));

describe('colour maps (PS3.6 Annex B well-known palettes)', () => {
  it('Hot Iron: black to red over the first half, then through yellow to white', () => {
    expect(entry('hotIron', 0)).toEqual([0, 0, 0]);
    expect(entry('hotIron', 127)).toEqual([254, 0, 0]);
    expect(entry('hotIron', 191)).toEqual([255, 126, 0]);
    expect(entry('hotIron', 255)).toEqual([255, 255, 255]);
    // Each channel never decreases (a heat scale).
    for (let n = 1; n < 256; n++) for (let c = 0; c < 3; c++) expect(entry('hotIron', n)[c]!).toBeGreaterThanOrEqual(entry('hotIron', n - 1)[c]!);
  });

  it('PET: black, through teal (green peaks at 63) and violet (128) to orange (192) and white', () => {
    expect(entry('pet', 0)).toEqual([0, 0, 0]);
    expect(entry('pet', 128)).toEqual([128, 0, 255]); // blue peaks where green returns to 0
    expect(entry('pet', 192)).toEqual([255, 128, 0]); // blue back to 0
    expect(entry('pet', 255)).toEqual([255, 255, 255]);
  });

  it('grey inverted: white for the bottom of the window, black for the top', () => {
    expect(entry('greyInverted', 0)).toEqual([255, 255, 255]);
    expect(entry('greyInverted', 255)).toEqual([0, 0, 0]);
  });
});

describe('values to colours', () => {
  it('stretches the window over the 256 entries, clamped outside it', () => {
    expect(colorIndex(0, { min: 0, max: 5 })).toBe(0);
    expect(colorIndex(5, { min: 0, max: 5 })).toBe(255);
    expect(colorIndex(2.5, { min: 0, max: 5 })).toBe(128); // 127.5 rounds up
    expect(colorIndex(-3, { min: 0, max: 5 })).toBe(0);
    expect(colorIndex(12, { min: 0, max: 5 })).toBe(255);
    expect(colorIndex(3, { min: 2, max: 4 })).toBe(128);
  });

  it('fused: the colour at the chosen opacity, transparent where there is no value', () => {
    expect(fusionRgba(5, display())).toEqual([255, 255, 255, 128]);
    expect(fusionRgba(1, display({ opacity: 1 }))).toEqual([...entry('hotIron', 51), 255]);
    expect(fusionRgba(undefined, display())).toEqual([0, 0, 0, 0]);
    expect(fusionRgba(Number.NaN, display())[3]).toBe(0);
  });

  it('PET only: inverted grey and opaque whatever the colour map and opacity; no value is black', () => {
    expect(fusionRgba(0, display({ petOnly: true, opacity: 0.2 }))).toEqual([255, 255, 255, 255]);
    expect(fusionRgba(5, display({ petOnly: true }))).toEqual([0, 0, 0, 255]);
    expect(fusionRgba(undefined, display({ petOnly: true }))).toEqual([0, 0, 0, 255]);
  });

  it('colours a grid as fusionRgba does pixel by pixel', () => {
    const values = Float32Array.from([0, 1.3, Number.NaN, 4.99, 7]);
    for (const d of [display(), display({ colorMap: 'pet', opacity: 0.8 }), display({ petOnly: true })]) {
      const rgba = colorizeValues(values, d);
      values.forEach((v, i) => expect(Array.from(rgba.subarray(4 * i, 4 * i + 4))).toEqual(fusionRgba(v, d)));
    }
  });
});

describe('sampling on an image’s own grid', () => {
  // An oblique image: rows along (1,1,0)/√2, columns along z; Pixel Spacing 0.7 between rows, 1.3 between columns.
  const s = Math.SQRT1_2;
  const g = { position: [10, 20, 30] as [number, number, number], rowCosines: [s, s, 0] as [number, number, number], columnCosines: [0, 0, 1] as [number, number, number], pixelSpacing: [0.7, 1.3] as [number, number], rows: 3, columns: 4 };

  it('puts pixel (c, r) at the position plus c column spacings along the row and r row spacings down', () => {
    const p = pixelCentre(g, 3, 2);
    expect(p[0]).toBeCloseTo(10 + 3 * 1.3 * s, 12);
    expect(p[1]).toBeCloseTo(20 + 3 * 1.3 * s, 12);
    expect(p[2]).toBeCloseTo(30 + 2 * 0.7, 12);
  });

  it('asks the sampler at each pixel centre, row by row, NaN where it has no value', () => {
    const asked: number[][] = [];
    const values = sampleOnImage({ valueAt: (p) => (asked.push([...p]), p[2] > 31 ? undefined : p[0]) }, g);
    expect(asked).toHaveLength(12);
    expect(asked[4 * 2 + 3]).toEqual(pixelCentre(g, 3, 2));
    expect(values[1]).toBeCloseTo(10 + 1.3 * s, 5);
    expect(Number.isNaN(values[2 * 4 + 1]!)).toBe(true);
  });
});

describe('fusion needs one Frame of Reference', () => {
  it('refuses an image in another Frame of Reference, or without one, and says why', () => {
    expect(fusionRefusal('1.2.3', { frameOfReferenceUid: '1.2.3' })).toBeUndefined();
    expect(fusionRefusal('1.2.4', { frameOfReferenceUid: '1.2.3' })).toMatch(/different Frames of Reference.*registration/);
    expect(fusionRefusal(undefined, { frameOfReferenceUid: '1.2.3' })).toMatch(/no Frame of Reference/);
  });
});
