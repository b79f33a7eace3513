/**
 * What the SUV engine answers: a factor per kind of SUV, the inputs it used, and for each kind it
 * cannot compute, the attributes that are missing or inconsistent. Refusals are data, never a
 * thrown string, so the viewer, the CLI and tests can show and check the reason.
 */

/**
 * The kinds of SUV: body weight; lean body mass by James (1976) and by Janmahasatian et al. (2005);
 * body surface area (Du Bois & Du Bois 1916); ideal body weight (Devine 1974).
 */
export type SuvKind = 'bw' | 'lbmJames' | 'lbmJanmahasatian' | 'bsa' | 'ibw';
export const SUV_KINDS: readonly SuvKind[] = ['bw', 'lbmJames', 'lbmJanmahasatian', 'bsa', 'ibw'];

/** SUVbsa is in cm²/ml, the others in g/ml. */
export const SUV_UNITS: Record<SuvKind, 'g/ml' | 'cm²/ml'> = { bw: 'g/ml', lbmJames: 'g/ml', lbmJanmahasatian: 'g/ml', bsa: 'cm²/ml', ibw: 'g/ml' };

/**
 * Why a value cannot be used: `missing` (absent or empty), `invalid` (present but unusable: 0, not
 * a number, a unit that makes no SUV), `inconsistent` (contradicts another attribute or differs
 * between the series' instances), `unsupported` (a case the engine does not handle).
 */
export interface SuvProblem {
  /** PS3.6 keyword, or the private attribute's name. */
  attribute: string;
  /** `(gggg,eeee)`; private attributes with their creator. */
  tag: string;
  kind: 'missing' | 'invalid' | 'inconsistent' | 'unsupported';
  message: string;
}

/** Values the reader may replace (audited by the caller); a result using any of them is "edited". */
export interface SuvOverrides {
  weightKg?: number;
  heightM?: number;
  injectedDoseBq?: number;
  /** DICOM DT, `YYYYMMDDHHMMSS[.F]`. */
  injectionDateTime?: string;
}

/** How the time the images are decay corrected to (or, without decay correction, each frame's time) was found. */
export type ScanTimeSource =
  | 'series' // Series Date/Time, not after the first acquisition (QIBA)
  | 'ge-private' // GE (0009,100D) scan date-time, the series having been re-created later
  | 'frame-reference' // back-computed per frame from Frame Reference Time and Actual Frame Duration
  | 'earliest-acquisition' // the earliest Acquisition Date/Time of the series
  | 'decay-correction-datetime' // Enhanced PET Decay Correction DateTime (0018,9701)
  | 'administration' // Decay Correction ADMIN: corrected to the injection itself
  | 'frame-midpoint'; // Decay Correction NONE: each frame's average count-rate time

export interface SuvInputs {
  units?: string;
  decayCorrection?: string;
  correctedImage?: string[];
  weightKg?: number;
  heightM?: number;
  sex?: string;
  injectedDoseBq?: number;
  halfLifeSeconds?: number;
  /** Seconds (see dicomDateTime.ts) and as text. */
  injectionTime?: { seconds: number; text: string; assumedPreviousDay?: boolean };
  scanTimeSource?: ScanTimeSource;
  philipsSuvScaleFactor?: number;
  philipsActivityConcentrationScaleFactor?: number;
  /** Which inputs came from the reader instead of the header. */
  overridden: Array<keyof SuvOverrides>;
}

/** One frame (a slice of a classic series, a frame of a multi-frame instance). */
export interface SuvFrameFactors {
  sopInstanceUid: string;
  /** 1-based frame number within its instance. */
  frame: number;
  rescaleSlope: number;
  rescaleIntercept: number;
  /** The time the dose is decayed to for this frame (seconds; text in `scanTime`). */
  scanSeconds?: number;
  scanTime?: string;
  decaySeconds?: number;
  /** Modality value (after Rescale Slope/Intercept) → SUV, for each kind available. */
  factors: Partial<Record<SuvKind, number>>;
}

export type SuvKindResult =
  | {
      available: true;
      unit: 'g/ml' | 'cm²/ml';
      /** The factor when every frame has the same one; else the range over frames. */
      factor?: number;
      range?: [number, number];
      /** The body size in the numerator: grams (bw, lbm, ibw) or cm² (bsa). */
      bodySize?: number;
    }
  | { available: false; problems: SuvProblem[] };

export interface SuvResult {
  kinds: Record<SuvKind, SuvKindResult>;
  inputs: SuvInputs;
  frames: SuvFrameFactors[];
  /** True when a reader's override was used. */
  edited: boolean;
  warnings: string[];
}
