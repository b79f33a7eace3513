import { describe, expect, it } from 'vitest';
import { dicomLabToLab, dicomLabToSrgb, labToDicomLab, labToSrgb, srgbToDicomLab, srgbToLab, type Lab, type Rgb } from './cielab';

/**
 * Reference values from outside this code:
 * - CIELab of the sRGB primaries and white under D65 as published by B. Lindbloom's calculator
 *   (brucelindbloom.com, "CIE Color Calculator", sRGB, D65, 2°), to two decimals.
 * - The RGB colours dcmqi was given (doc/examples/seg-example_partial_overlaps.json and the liver of
 *   seg-example.json, QIICR/dcmqi) and the Recommended Display CIELab Values it wrote for them into
 *   seg-sr/dcmqi/seg/partial_overlaps.dcm and liver.dcm (dcmqi converts with dcmtk's IODCIELabUtil).
 */
const PRIMARIES: Array<{ rgb: Rgb; lab: Lab }> = [
  { rgb: [255, 0, 0], lab: [53.24, 80.09, 67.2] },
  { rgb: [0, 255, 0], lab: [87.73, -86.18, 83.18] },
  { rgb: [0, 0, 255], lab: [32.3, 79.19, -107.86] },
  { rgb: [255, 255, 255], lab: [100, 0, 0] },
  { rgb: [0, 0, 0], lab: [0, 0, 0] },
];

const DCMQI: Array<{ label: string; rgb: Rgb; dicomLab: Lab }> = [
  { label: 'GREEN', rgb: [128, 174, 128], dicomLab: [43803, 26565, 37722] },
  { label: 'ORANGE', rgb: [216, 101, 79], dicomLab: [37064, 44082, 41620] },
  { label: 'PURPLE', rgb: [183, 156, 220], dicomLab: [45062, 38660, 25486] },
  { label: 'LIGHT_BLUE', rgb: [140, 224, 228], dicomLab: [55193, 26619, 30325] },
  { label: 'DARK_BLUE', rgb: [0, 151, 206], dicomLab: [38399, 29410, 23264] },
  { label: 'Liver', rgb: [221, 130, 101], dicomLab: [41661, 41167, 40792] },
];

describe('DICOM CIELab scaling (PS3.3 C.10.7.1.1)', () => {
  it('maps 0..0xFFFF onto L* 0..100 and a*, b* -128..127, with 0x8080 as zero', () => {
    expect(dicomLabToLab([0, 0, 0])).toEqual([0, -128, -128]);
    const top = dicomLabToLab([0xffff, 0xffff, 0xffff]);
    expect(top[0]).toBeCloseTo(100, 12);
    expect(top[1]).toBeCloseTo(127, 12);
    expect(top[2]).toBeCloseTo(127, 12);
    expect(dicomLabToLab([0, 0x8080, 0x8080]).slice(1)).toEqual([0, 0]);
  });

  it('round-trips through the integer encoding within half a step', () => {
    for (const lab of [[50, 10, -20], [0, -128, 127], [100, 0, 0]] as Lab[]) {
      const back = dicomLabToLab(labToDicomLab(lab));
      expect(Math.abs(back[0] - lab[0])).toBeLessThanOrEqual(100 / 0xffff);
      expect(Math.abs(back[1] - lab[1])).toBeLessThanOrEqual(255 / 0xffff);
      expect(Math.abs(back[2] - lab[2])).toBeLessThanOrEqual(255 / 0xffff);
    }
  });
});

describe('CIELab ↔ sRGB', () => {
  it.each(PRIMARIES)('$rgb is CIELab $lab', ({ rgb, lab }) => {
    const got = srgbToLab(rgb);
    for (let i = 0; i < 3; i++) expect(Math.abs(got[i]! - lab[i]!)).toBeLessThan(0.01);
    expect(labToSrgb(lab)).toEqual(rgb);
  });

  it.each(DCMQI)('$label: the CIELab dcmqi wrote reads back as the RGB it was given, ±1', ({ rgb, dicomLab }) => {
    const got = dicomLabToSrgb(dicomLab);
    for (let i = 0; i < 3; i++) expect(Math.abs(got[i]! - rgb[i]!)).toBeLessThanOrEqual(1);
    // And the other way: the RGB encodes to the same 16-bit values to within a few steps of rounding.
    const encoded = srgbToDicomLab(rgb);
    for (let i = 0; i < 3; i++) expect(Math.abs(encoded[i]! - dicomLab[i]!)).toBeLessThanOrEqual(3);
  });

  it('clips colours outside the sRGB gamut instead of wrapping', () => {
    const out = labToSrgb([50, 127, -127]);
    for (const c of out) expect(c >= 0 && c <= 255).toBe(true);
  });
});
