import type { DeidentifyOption, PixelCleaningRule } from '../deidentify/deidentifyOptions';
import { deidentifyRequestProblem } from './exportJob';

/** How a study sent for a second opinion is de-identified: PS3.15 Basic Profile with these options, under a project. */
export interface SecondOpinionDeidentification {
  /** Options of PS3.15 E.3 (empty: the Basic Profile alone); `retain-uids` is refused (see below). */
  options: DeidentifyOption[];
  /** The de-identification project whose key and pseudonym table are used (default "default"). */
  project?: string;
  /** The pseudonym to use instead of the project's. */
  pseudonym?: string;
  pixelRules?: PixelCleaningRule[];
  /**
   * Send what the profile can make safe and leave out the instances it refuses (listed in the
   * answer and the audit trail). Default: refuse the whole study, naming those instances.
   */
  skipRefused?: boolean;
}

/** "Send for second opinion" (`POST /api/studies/:studyUid/second-opinion`, `lightbox send STUDY --to NODE`). */
export interface SecondOpinionRequest {
  node: string;
  /** Absent: the study is sent as it is (a plain send). */
  deidentify?: SecondOpinionDeidentification;
}

export interface SecondOpinionResponse {
  node: string;
  /** The study asked about. */
  originalStudyInstanceUid: string;
  /** The study queued for the node: the original, or its pseudonymous copy, kept in the local cache as a study of its own. */
  studyInstanceUid: string;
  deidentified: boolean;
  /** De-identified: the patient's pseudonym (the same for every study of the patient in the project). */
  pseudonym?: string;
  /** De-identified: profile, options and project, as the audit trail names them. */
  method?: string;
  /** Instances of the study queued (or already sent earlier and not sent again). */
  instances: number;
  /** Instances newly queued: those the node already confirmed are not sent twice. */
  queued: number;
  /** Instances the de-identification refused and, with `skipRefused`, left out. */
  leftOut: Array<{ sopInstanceUid: string; reason: string }>;
}

/**
 * What is wrong with a second-opinion request as it arrived (any JSON), or undefined. The
 * pseudonymous copy is kept in the cache beside the original, so it must have UIDs of its own:
 * Retain UIDs would make it the original study again.
 */
export function secondOpinionRequestProblem(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return 'the body must be { node, deidentify? }';
  const r = body as Partial<Record<keyof SecondOpinionRequest, unknown>>;
  if (typeof r.node !== 'string' || r.node === '') return 'node: name the node to send to';
  if (r.deidentify === undefined) return undefined;
  const problem = deidentifyRequestProblem(r.deidentify);
  if (problem) return problem;
  const d = r.deidentify as SecondOpinionDeidentification;
  if (d.skipRefused !== undefined && typeof d.skipRefused !== 'boolean') return 'deidentify.skipRefused must be true or false';
  return secondOpinionOptionsProblem(d.options);
}

/** Options a de-identified second opinion cannot take. */
export function secondOpinionOptionsProblem(options: readonly DeidentifyOption[]): string | undefined {
  return options.includes('retain-uids')
    ? 'retain-uids cannot be used for a second opinion: the de-identified copy is kept beside the original and needs UIDs of its own (export the files with lightbox export --deidentify basic,retain-uids instead)'
    : undefined;
}
