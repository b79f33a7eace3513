/**
 * Hanging protocols as data (schema version 1). A protocol says which studies it is for
 * (study rules), which priors to bring, which series make its display sets (series rules), and
 * how stages lay them out on each display with their viewport type, window and sync groups.
 * Documented in README "Hanging protocols"; validated at load by `validateProtocol`.
 */

export const PROTOCOL_SCHEMA_VERSION = 1;

/** Matching operators: exact (case-insensitive), substring, regular expression, numeric range, any of. */
export type RuleOp = 'equals' | 'contains' | 'matches' | 'range' | 'oneOf' | 'present' | 'absent';

export type StudyAttribute = 'modality' | 'bodyPart' | 'studyDescription' | 'institution' | 'numberOfImages' | 'numberOfSeries';

export type SeriesAttribute =
  | 'modality'
  | 'seriesDescription'
  | 'bodyPart'
  | 'orientation'
  | 'sliceThickness'
  | 'contrast'
  | 'kernel'
  | 'imageType'
  | 'frames'
  | 'instances'
  | 'viewPosition'
  | 'laterality'
  | 'units'
  | 'attenuationCorrected';

export interface Rule<A extends string> {
  attribute: A;
  op: RuleOp;
  /** string for equals/contains/matches, [min, max] for range, a list for oneOf; none for present/absent. */
  value?: string | number | [number, number] | string[];
  /** Added to the score when the rule holds (default 1). */
  weight?: number;
  /** The protocol (or display set) does not apply at all when a required rule fails. */
  required?: boolean;
}

export type StudyRule = Rule<StudyAttribute>;
export type SeriesRule = Rule<SeriesAttribute>;

/** Which priors to bring (same patient): the n most relevant, or none. */
export interface PriorRule {
  count: number;
  /** Require a modality in common with the current study (default true). */
  sameModality?: boolean;
  /** Require the same body part when both studies state one (default false). */
  sameBodyPart?: boolean;
  /** Ignore older priors (days before the current study). */
  maxAgeDays?: number;
}

export interface DisplaySetSelector {
  id: string;
  /** `current`, or the n-th chosen prior (`prior`, `prior-2`, …). */
  study: 'current' | 'prior' | `prior-${number}`;
  rules: SeriesRule[];
  /** Take the n-th best match (1-based, default 1): "the first four series" of a default grid. */
  nth?: number;
  /** Without a matching series the protocol is not used (default false: the viewport stays empty). */
  required?: boolean;
}

export type ViewportType = 'stack' | 'mpr-axial' | 'mpr-sagittal' | 'mpr-coronal' | '3d' | 'mip';

/** Colour maps a protocol may fuse with (renderer/common/fusion/colorMaps.ts draws them). */
export type FusionColorMap = 'hotIron' | 'pet' | 'greyInverted';

/**
 * A viewport that opens with a second series drawn over its own (a PET over a CT), or — `alone` —
 * the fused series alone in inverted grey, opaque (the PET-alone reading look: the viewport's own
 * series, usually the same PET, only places the slices). Colour map, opacity and window are where
 * the reader starts: the fusion controls change them for every fused viewport of the window.
 */
export interface ViewportFusionSpec {
  /** The display set whose series is fused. */
  displaySet: string;
  colorMap?: FusionColorMap;
  /** 0 (not seen) to 1 (opaque); default 0.5. */
  opacity?: number;
  /** [min, max] in the fused series' unit (SUVbw for a PET with a usable SUV). */
  window?: [number, number];
  /** The fused series alone in inverted grey (colour map and opacity do not apply). */
  alone?: boolean;
}

export interface ViewportSpec {
  displaySet: string;
  type?: ViewportType;
  /** A window preset name (lung, mediastinum, bone, brain, abdomen, liver) or `auto`. */
  windowPreset?: string;
  zoom?: 'fit' | '1:1';
  /** Mirror horizontally (mammography right/left pairs). */
  flipHorizontal?: boolean;
  /** Synchronization groups this viewport belongs to. */
  sync?: string[];
  /** Opens fused with another display set's series (PET/CT). */
  fusion?: ViewportFusionSpec;
}

export type Layout = { kind: 'grid'; rows: number; columns: number } | { kind: 'free'; rects: [number, number, number, number][] };

export interface DisplaySpec {
  /** The reading-room role this layout wants (`diagnostic`, `diagnostic-2`, `color`): the planner places it. */
  role?: string;
  layout: Layout;
  viewports: ViewportSpec[];
}

export interface Stage {
  name: string;
  displays: DisplaySpec[];
}

export interface SyncGroup {
  id: string;
  /** What is linked: slice position (by patient coordinates), window/level, zoom and pan. */
  kinds: ('position' | 'windowLevel' | 'zoomPan')[];
}

export interface HangingProtocol {
  schemaVersion: typeof PROTOCOL_SCHEMA_VERSION;
  id: string;
  name: string;
  description?: string;
  /** Used when no other protocol matches; it needs no rules. */
  isDefault?: boolean;
  /**
   * Study score needed to apply (default: the required rules' weights plus 1 when the protocol
   * has other rules — "a CT" alone does not make a CT chest).
   */
  minScore?: number;
  match: StudyRule[];
  priors?: PriorRule;
  displaySets: DisplaySetSelector[];
  stages: Stage[];
  syncGroups?: SyncGroup[];
}
