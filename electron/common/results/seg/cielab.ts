/**
 * Colours of segments: DICOM encodes them as CIELab (PS3.3 C.10.7.1.1), each component an unsigned
 * 16-bit integer: L* 0..100 scaled to 0..0xFFFF, a* and b* -128..127 scaled to 0..0xFFFF (so 0x8080
 * is 0). The white point is D65 (the standard says the values are "relative to CIE Standard
 * Illuminant D65"), which is also sRGB's, so no chromatic adaptation is needed.
 */

export type Rgb = [number, number, number];
export type Lab = [number, number, number];

/** D65 reference white (CIE 1931 2°), normalised to Y = 1: the values sRGB (IEC 61966-2-1) uses. */
const WHITE: Lab = [0.95047, 1, 1.08883];
/** CIE constants as rationals (CIE 15:2004), so the two branches of f meet exactly. */
const EPSILON = 216 / 24389;
const KAPPA = 24389 / 27;

/** DICOM-scaled CIELab (three 0..65535 integers) → CIELab (L* 0..100, a*, b* -128..127). */
export function dicomLabToLab(dicom: readonly number[]): Lab {
  const [l = 0, a = 0x8080, b = 0x8080] = dicom;
  return [(l * 100) / 0xffff, (a * 255) / 0xffff - 128, (b * 255) / 0xffff - 128];
}

/** CIELab → DICOM-scaled CIELab, rounded to integers and clamped to 0..65535. */
export function labToDicomLab(lab: Lab): Lab {
  const clamp = (v: number): number => Math.min(0xffff, Math.max(0, Math.round(v)));
  return [clamp((lab[0] * 0xffff) / 100), clamp(((lab[1] + 128) * 0xffff) / 255), clamp(((lab[2] + 128) * 0xffff) / 255)];
}

function labToXyz([l, a, b]: Lab): [number, number, number] {
  const fy = (l + 16) / 116;
  const fx = fy + a / 500;
  const fz = fy - b / 200;
  const inverse = (f: number): number => (f ** 3 > EPSILON ? f ** 3 : (116 * f - 16) / KAPPA);
  const y = l > KAPPA * EPSILON ? fy ** 3 : l / KAPPA;
  return [WHITE[0] * inverse(fx), WHITE[1] * y, WHITE[2] * inverse(fz)];
}

function xyzToLab([x, y, z]: [number, number, number]): Lab {
  const f = (t: number): number => (t > EPSILON ? Math.cbrt(t) : (KAPPA * t + 16) / 116);
  const fx = f(x / WHITE[0]);
  const fy = f(y / WHITE[1]);
  const fz = f(z / WHITE[2]);
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}

/** sRGB transfer function (IEC 61966-2-1): linear light → encoded, and back. */
const encode = (c: number): number => (c <= 0.0031308 ? 12.92 * c : 1.055 * c ** (1 / 2.4) - 0.055);
const decode = (c: number): number => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);

/** CIELab → sRGB, 0..255 integers; colours outside the sRGB gamut are clipped per channel. */
export function labToSrgb(lab: Lab): Rgb {
  const [x, y, z] = labToXyz(lab);
  // The sRGB matrix for D65 (IEC 61966-2-1, inverted to the precision the standard gives).
  const linear: Rgb = [
    3.2404542 * x - 1.5371385 * y - 0.4985314 * z,
    -0.969266 * x + 1.8760108 * y + 0.041556 * z,
    0.0556434 * x - 0.2040259 * y + 1.0572252 * z,
  ];
  return linear.map((c) => Math.round(255 * encode(Math.min(1, Math.max(0, c))))) as Rgb;
}

/** sRGB (0..255) → CIELab. */
export function srgbToLab(rgb: Rgb): Lab {
  const [r, g, b] = rgb.map((c) => decode(c / 255)) as Rgb;
  return xyzToLab([
    0.4124564 * r + 0.3575761 * g + 0.1804375 * b,
    0.2126729 * r + 0.7151522 * g + 0.072175 * b,
    0.0193339 * r + 0.119192 * g + 0.9503041 * b,
  ]);
}

/** A Recommended Display CIELab Value (0062,000D) as the sRGB colour to draw. */
export function dicomLabToSrgb(dicom: readonly number[]): Rgb {
  return labToSrgb(dicomLabToLab(dicom));
}

/** An sRGB colour as a Recommended Display CIELab Value, for writing segmentations. */
export function srgbToDicomLab(rgb: Rgb): Lab {
  return labToDicomLab(srgbToLab(rgb));
}
