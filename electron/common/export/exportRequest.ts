import type { InventedKey } from '../dicom/dicomdir/buildDirectoryRecords';
import type { DeidentifyOption, PixelCleaningRule } from '../deidentify/deidentifyOptions';
import type { MediaProfile } from './mediaProfile';

/** Where an export goes: a folder, a zip archive, or an ISO 9660 image (always PDI media). */
export type ExportFormat = 'folder' | 'zip' | 'iso';

/** What the user asked to export (the CLI's `lightbox export` and, later, the app's export dialog). */
export interface ExportRequest {
  /** Study, series or SOP Instance UIDs of the local cache, mixed as the user likes. */
  uids: string[];
  /** The folder, FILE.zip or FILE.iso to create; it must not exist (an empty folder is allowed). */
  out: string;
  /** Taken from `out`'s extension when absent (.zip, .iso, else a folder). */
  format?: ExportFormat;
  /** IHE PDI media: DICOMDIR, DICOM/…, README.TXT, INDEX.HTM (an ISO image always is). */
  pdi?: boolean;
  /** `keep` (default): files as stored; `explicit-le`: rewritten in Explicit VR Little Endian (STD-GEN-CD). */
  transcode?: 'keep' | 'explicit-le';
  /** PS3.15 Basic Application Level Confidentiality Profile with these options, under a project's key and pseudonym table. */
  deidentify?: {
    options: DeidentifyOption[];
    /** The de-identification project (default "default"): the same as `lightbox deidentify --project`. */
    project?: string;
    /** The pseudonym to use instead of the project's (only for an export of one patient). */
    pseudonym?: string;
    pixelRules?: PixelCleaningRule[];
  };
  /** File-set ID (0004,1130) and ISO volume ID: up to 16 of A–Z, 0–9, _ (default LIGHTBOX). */
  fileSetId?: string;
}

export interface ExportProgress {
  phase: 'writing' | 'dicomdir' | 'image';
  instancesDone: number;
  instancesTotal: number;
  bytesWritten: number;
}

export interface ExportResult {
  out: string;
  format: ExportFormat;
  pdi: boolean;
  /** Instances written. */
  instances: number;
  /** Original Study Instance UIDs exported from (what the audit trail names). */
  studies: string[];
  bytes: number;
  /** PDI media: the PS3.11 profile the files allow, and the DICOMDIR key set used. */
  profile?: MediaProfile;
  /** Instances written in their stored syntax although Explicit VR Little Endian was asked for, with why. */
  kept: Array<{ sopInstanceUid: string; transferSyntaxUid: string; reason: string }>;
  /** Instances left out: de-identification refused them, or they could not be read or put on media. */
  refused: Array<{ sopInstanceUid: string; reason: string }>;
  /** Type 1 DICOMDIR keys the files lacked (invented values, or none possible). */
  invented: InventedKey[];
  /** De-identified exports: the pseudonyms written. */
  pseudonyms: string[];
}

/** The format an output path implies. */
export function exportFormatOf(out: string): ExportFormat {
  const lower = out.toLowerCase();
  return lower.endsWith('.zip') ? 'zip' : lower.endsWith('.iso') ? 'iso' : 'folder';
}

/** A File-set ID (PS3.10 8.x, CS with the File ID character repertoire: A–Z, 0–9, _ and space, 16 at most). */
export function fileSetIdProblem(id: string): string | undefined {
  return /^[A-Z0-9_ ]{0,16}$/.test(id) ? undefined : `file-set ID "${id}" must be at most 16 of A–Z, 0–9, _ and space`;
}
