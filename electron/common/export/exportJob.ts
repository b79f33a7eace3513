import { DEIDENTIFY_OPTIONS } from '../deidentify/deidentifyOptions';
import { exportFormatOf, fileSetIdProblem, type ExportFormat, type ExportProgress, type ExportRequest, type ExportResult } from './exportRequest';

export type ExportJobState = 'running' | 'done' | 'failed' | 'cancelled';

/**
 * An export the host runs for the app (`POST /api/exports`): what was asked, how far it got, and
 * how it ended. The destination is a path on the host's machine (in browser mode, the machine the
 * page runs on too). Changes arrive as `onDidChangeExport` events.
 */
export interface ExportJob {
  id: string;
  state: ExportJobState;
  request: ExportRequest;
  format: ExportFormat;
  pdi: boolean;
  progress: ExportProgress;
  /** 0–100; 100 only once the export is complete at its destination. */
  percent: number;
  /** ISO times. */
  startedAt: string;
  finishedAt?: string;
  /** A finished export: what was written, kept as stored, left out. */
  result?: ExportResult;
  /** Why it failed; for a cancelled one, that nothing was written. */
  error?: string;
}

/**
 * How far an export is, in percent: the instances written of those to write. The DICOMDIR and an
 * ISO image come after the last instance, so the writing phases stop at 99: 100 means complete.
 */
export function exportPercent(progress: ExportProgress, state: ExportJobState): number {
  if (state === 'done') return 100;
  if (progress.instancesTotal <= 0) return 0;
  return Math.min(99, Math.floor((100 * progress.instancesDone) / progress.instancesTotal));
}

const UID = /^[0-9]+(\.[0-9]+)*$/;
const FORMATS: readonly ExportFormat[] = ['folder', 'zip', 'iso'];

/**
 * What is wrong with an export request as it arrived over HTTP (any JSON), or undefined: the shape
 * and the values the export itself would only refuse after opening its destination. Whether the
 * UIDs are in the cache and the destination is free is the export's own check.
 */
export function exportRequestProblem(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return 'the body must be an export request (uids, out, …)';
  const r = body as Partial<Record<keyof ExportRequest, unknown>>;
  if (!Array.isArray(r.uids) || r.uids.length === 0) return 'uids: name at least one study, series or SOP Instance UID';
  const bad = r.uids.find((u) => typeof u !== 'string' || u.length > 64 || !UID.test(u));
  if (bad !== undefined) return `uids: "${String(bad)}" is not a DICOM UID`;
  if (typeof r.out !== 'string' || r.out.trim() === '') return 'out: the destination (a folder, FILE.zip or FILE.iso) is required';
  if (r.format !== undefined && !FORMATS.includes(r.format as ExportFormat)) return `format must be ${FORMATS.join(', ')}`;
  const format = (r.format as ExportFormat | undefined) ?? exportFormatOf(r.out);
  if (format === 'zip' && !r.out.toLowerCase().endsWith('.zip')) return 'out: a zip archive is a FILE.zip';
  if (format === 'iso' && !r.out.toLowerCase().endsWith('.iso')) return 'out: an ISO image is a FILE.iso';
  if (r.pdi !== undefined && typeof r.pdi !== 'boolean') return 'pdi must be true or false';
  if (r.transcode !== undefined && r.transcode !== 'keep' && r.transcode !== 'explicit-le') return 'transcode must be keep or explicit-le';
  if (r.fileSetId !== undefined) {
    if (typeof r.fileSetId !== 'string') return 'fileSetId must be a string';
    const problem = fileSetIdProblem(r.fileSetId);
    if (problem) return problem;
  }
  if (r.deidentify !== undefined) return deidentifyRequestProblem(r.deidentify);
  return undefined;
}

/** The de-identification part of an export or second-opinion request (options, project, pseudonym, pixel rules). */
export function deidentifyRequestProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return 'deidentify must be { options, project?, pseudonym?, pixelRules? }';
  const d = value as Record<string, unknown>;
  if (!Array.isArray(d.options)) return 'deidentify.options must be a list (empty: the Basic Profile alone)';
  const unknown = d.options.find((o) => !(DEIDENTIFY_OPTIONS as readonly unknown[]).includes(o));
  if (unknown !== undefined) return `deidentify.options: unknown option "${String(unknown)}" (known: ${DEIDENTIFY_OPTIONS.join(', ')})`;
  if (d.options.includes('retain-dates') && d.options.includes('modify-dates')) return 'retain-dates and modify-dates exclude each other (PS3.15 E.3.6: full dates or modified dates)';
  for (const key of ['project', 'pseudonym'] as const) if (d[key] !== undefined && typeof d[key] !== 'string') return `deidentify.${key} must be a string`;
  if (d.pixelRules !== undefined && !Array.isArray(d.pixelRules)) return 'deidentify.pixelRules must be a list of Clean Pixel Data rules';
  return undefined;
}
