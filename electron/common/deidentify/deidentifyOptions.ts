/**
 * What a de-identification run is asked to do: PS3.15 Annex E, the Basic Application Level
 * Confidentiality Profile plus the options of E.3, each with its CID 7050 code (PS3.16).
 */

/** The options of PS3.15 E.3 that we implement, as the CLI spells them. */
export const DEIDENTIFY_OPTIONS = [
  'retain-safe-private',
  'retain-uids',
  'retain-device-identity',
  'retain-institution-identity',
  'retain-patient-characteristics',
  'retain-dates',
  'modify-dates',
  'clean-descriptors',
  'clean-structured-content',
  'clean-graphics',
  'clean-pixel-data',
] as const;

export type DeidentifyOption = (typeof DEIDENTIFY_OPTIONS)[number];

/** A code of CID 7050 "De-identification Method" (DCM coding scheme, PS3.16). */
export interface MethodCode {
  value: string;
  meaning: string;
}

export const BASIC_PROFILE_CODE: MethodCode = { value: '113100', meaning: 'Basic Application Confidentiality Profile' };

export const OPTION_CODES: Record<DeidentifyOption, MethodCode> = {
  'clean-pixel-data': { value: '113101', meaning: 'Clean Pixel Data Option' },
  'clean-graphics': { value: '113103', meaning: 'Clean Graphics Option' },
  'clean-structured-content': { value: '113104', meaning: 'Clean Structured Content Option' },
  'clean-descriptors': { value: '113105', meaning: 'Clean Descriptors Option' },
  'retain-dates': { value: '113106', meaning: 'Retain Longitudinal Temporal Information Full Dates Option' },
  'modify-dates': { value: '113107', meaning: 'Retain Longitudinal Temporal Information Modified Dates Option' },
  'retain-patient-characteristics': { value: '113108', meaning: 'Retain Patient Characteristics Option' },
  'retain-device-identity': { value: '113109', meaning: 'Retain Device Identity Option' },
  'retain-uids': { value: '113110', meaning: 'Retain UIDs Option' },
  'retain-safe-private': { value: '113111', meaning: 'Retain Safe Private Option' },
  'retain-institution-identity': { value: '113112', meaning: 'Retain Institution Identity Option' },
};

/** A rectangle of pixels to blank, in columns/rows of the image (0-based, top-left origin). */
export interface PixelRectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Where a device burns identity into its pixels (Clean Pixel Data, PS3.15 E.3.1): every field
 * given must match the instance (Modality exactly, Manufacturer and model case-insensitively, the
 * matrix exactly); the first rule that matches gives the rectangles to blank.
 */
export interface PixelCleaningRule {
  modality?: string;
  manufacturer?: string;
  manufacturerModelName?: string;
  rows?: number;
  columns?: number;
  rectangles: PixelRectangle[];
}

export interface DeidentifyOptions {
  options: ReadonlySet<DeidentifyOption>;
  /** Rules for Clean Pixel Data; required for instances with burned-in annotation. */
  pixelRules?: PixelCleaningRule[];
}

/** Parses `retain-dates,clean-descriptors` (the CLI's `--option`), refusing unknown names and contradictions. */
export function parseOptionList(text: string): Set<DeidentifyOption> {
  const out = new Set<DeidentifyOption>();
  for (const raw of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    if (!(DEIDENTIFY_OPTIONS as readonly string[]).includes(raw)) throw new Error(`unknown de-identification option "${raw}" (known: ${DEIDENTIFY_OPTIONS.join(', ')})`);
    out.add(raw as DeidentifyOption);
  }
  if (out.has('retain-dates') && out.has('modify-dates')) throw new Error('retain-dates and modify-dates exclude each other (PS3.15 E.3.6: full dates or modified dates)');
  return out;
}
