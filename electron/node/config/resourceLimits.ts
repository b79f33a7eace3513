import { DEFAULT_REQUEST_BODY_LIMITS, type RequestBodyLimits } from '../../common/contract/requestBodyLimits';

/** What a zip import takes before it refuses an archive or an entry as a zip bomb. */
export interface ZipLimits {
  /** All entries of one archive together, uncompressed. */
  totalBytes: number;
  /** Uncompressed ÷ compressed size of one entry larger than `ratioFromBytes`. */
  maxRatio: number;
  /** Entries up to this size are not held to the ratio: a small file of zeros harms no one. */
  ratioFromBytes: number;
}

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/**
 * DICOM pixel data deflate 2–5:1, padding and segmentation masks rarely past 100:1; deflate itself
 * tops out near 1032:1, the ratio of a zip bomb's entries. 200:1 lets every real study through.
 * 32 GiB uncompressed is more than any study on one disc or download.
 */
export const DEFAULT_ZIP_LIMITS: ZipLimits = { totalBytes: 32 * GiB, maxRatio: 200, ratioFromBytes: 1 * MiB };

export interface ResourceLimits {
  requestBody: RequestBodyLimits;
  zip: ZipLimits;
}

/**
 * The limits a site can change, from the environment (read by the host process and the CLI):
 * `LIGHTBOX_MAX_STOW_BYTES` (one STOW-RS request, default 2 GiB), `LIGHTBOX_MAX_ZIP_BYTES`
 * (one zip archive uncompressed, default 32 GiB), `LIGHTBOX_MAX_ZIP_RATIO` (default 200).
 * Sizes take a unit: `4GiB`, `512MiB`, `1500000000`. A value that does not parse is an error
 * naming the variable, not a silent default.
 */
export function resourceLimits(env: NodeJS.ProcessEnv = process.env): ResourceLimits {
  return {
    requestBody: { ...DEFAULT_REQUEST_BODY_LIMITS, stowBytes: sizeFrom(env, 'LIGHTBOX_MAX_STOW_BYTES') ?? DEFAULT_REQUEST_BODY_LIMITS.stowBytes },
    zip: {
      ...DEFAULT_ZIP_LIMITS,
      totalBytes: sizeFrom(env, 'LIGHTBOX_MAX_ZIP_BYTES') ?? DEFAULT_ZIP_LIMITS.totalBytes,
      maxRatio: numberFrom(env, 'LIGHTBOX_MAX_ZIP_RATIO') ?? DEFAULT_ZIP_LIMITS.maxRatio,
    },
  };
}

const UNITS: Record<string, number> = { '': 1, b: 1, kib: 1024, mib: MiB, gib: GiB, tib: 1024 * GiB, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12 };

/** "4GiB", "512 MiB", "1500000000" → bytes. */
export function parseByteSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = m ? UNITS[m[2]!.toLowerCase()] : undefined;
  return m && unit !== undefined ? Math.floor(Number(m[1]) * unit) : undefined;
}

function sizeFrom(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const text = env[name];
  if (text === undefined || text === '') return undefined;
  const bytes = parseByteSize(text);
  if (!bytes) throw new Error(`${name}="${text}" is not a size (examples: 4GiB, 512MiB, 1500000000)`);
  return bytes;
}

function numberFrom(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const text = env[name];
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!(value >= 1)) throw new Error(`${name}="${text}" is not a number ≥ 1`);
  return value;
}
