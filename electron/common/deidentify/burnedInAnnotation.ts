import type { PixelCleaningRule } from './deidentifyOptions';
import type { RawElement } from './rawElementTree';
import { valueText } from './replacementValues';

/** Secondary Capture SOP Classes (PS3.4 B.5): screen grabs and scans, where text in the pixels is the norm. */
const SECONDARY_CAPTURE = /^1\.2\.840\.10008\.5\.1\.4\.1\.1\.7(\.[1-4])?$/;

function text(elements: RawElement[], tag: number): string | undefined {
  const el = elements.find((e) => e.tag === tag);
  return el ? valueText(el.value) : undefined;
}

/**
 * Why the pixels may carry burned-in identity (PS3.15 E.1.1 note 5, E.3.1), or undefined: Burned In
 * Annotation (0028,0301) YES, or an ultrasound or Secondary Capture image that does not say NO
 * (those devices burn names and dates in by default).
 */
export function burnedInAnnotationReason(elements: RawElement[]): string | undefined {
  if (!elements.some((e) => e.tag === 0x7fe00010)) return undefined;
  const flag = text(elements, 0x00280301)?.toUpperCase();
  if (flag === 'YES') return 'Burned In Annotation (0028,0301) is YES';
  if (flag === 'NO') return undefined;
  const modality = text(elements, 0x00080060);
  if (modality === 'US') return 'an ultrasound image without Burned In Annotation (0028,0301)';
  if (SECONDARY_CAPTURE.test(text(elements, 0x00080016) ?? '')) return 'a Secondary Capture image without Burned In Annotation (0028,0301)';
  return undefined;
}

/** The first Clean Pixel Data rule that matches the instance's device and matrix. */
export function matchingPixelRule(elements: RawElement[], rules: PixelCleaningRule[]): PixelCleaningRule | undefined {
  const us = (tag: number): number | undefined => {
    const v = elements.find((e) => e.tag === tag)?.value;
    return v && v.length >= 2 ? v[0]! | (v[1]! << 8) : undefined;
  };
  const same = (want: string | undefined, have: string | undefined): boolean => want === undefined || want.toUpperCase() === (have ?? '').toUpperCase();
  return rules.find(
    (r) =>
      (r.modality === undefined || r.modality === text(elements, 0x00080060)) &&
      same(r.manufacturer, text(elements, 0x00080070)) &&
      same(r.manufacturerModelName, text(elements, 0x00081090)) &&
      (r.rows === undefined || r.rows === us(0x00280010)) &&
      (r.columns === undefined || r.columns === us(0x00280011)),
  );
}
