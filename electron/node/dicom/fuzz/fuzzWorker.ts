// Runs fuzz cases in a worker with a heap limit: an allocation beyond the bound kills the
// worker (ERR_WORKER_OUT_OF_MEMORY) and the test sees it. Reports one message per case.
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { parentPort, workerData } from 'node:worker_threads';
import { decodeLatin1 } from '../../../common/dicom/characterSets';
import { DicomParseError } from '../../../common/dicom/dicomErrors';
import { encodeBase64 } from '../../../common/dicom/parse/base64';
import { parseDicom } from '../../../common/dicom/parse/parseDicom';
import { createRandom, mutateDicom, type Mutation } from './mutateDicom';

export interface FuzzCaseResult {
  file: string;
  seed: number;
  mutation: Mutation;
  outcome: 'parsed' | 'typed-error' | 'untyped-error';
  detail?: string;
  headerOnly: boolean;
  /** Warnings of a best-effort parse. */
  warnings?: number;
  /** The case's parse time: the fastest of up to three runs (re-run only when over budget). */
  ms: number;
  /**
   * What a parse linear in the input may cost here and now: `linearPasses` times the fastest of
   * three linear passes over the same bytes (a full parse of the original, a Latin-1 decode and a
   * base64 encode of every byte: the most a converter does per byte), plus a fixed allowance.
   */
  budgetMs: number;
}

const { files, casesPerFile, seed, linearPasses, allowanceMs } = workerData as { files: string[]; casesPerFile: number; seed: number; linearPasses: number; allowanceMs: number };
const mutations: Mutation[] = ['truncate', 'flip-bytes', 'absurd-length', 'garbage-tail'];
const inflateRaw = (b: Uint8Array): Uint8Array => inflateRawSync(b, { maxOutputLength: 64 << 20 });

function timed(run: () => void): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

function fastestOf(runs: number, run: () => void): number {
  return Math.min(...Array.from({ length: runs }, () => timed(run)));
}

/** One linear pass over the bytes, in the same thread, measured now: the unit the budget is counted in. */
function linearPassMs(file: string, bytes: Uint8Array): number {
  return fastestOf(3, () => {
    try {
      parseDicom(bytes, { source: file, headerOnly: false, inflateRaw });
    } catch {
      // a malformed sample: its own parse still counts as the pass
    }
    encodeBase64(bytes);
    decodeLatin1(bytes);
  });
}

function parseCase(file: string, bytes: Uint8Array, headerOnly: boolean): Pick<FuzzCaseResult, 'outcome' | 'detail' | 'warnings'> {
  try {
    const parsed = parseDicom(bytes, { source: file, headerOnly, inflateRaw });
    return { outcome: 'parsed', warnings: parsed.warnings.length };
  } catch (error) {
    return {
      outcome: error instanceof DicomParseError ? 'typed-error' : 'untyped-error',
      detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    };
  }
}

for (const file of files) {
  const original = new Uint8Array(readFileSync(file));
  const budgetMs = linearPasses * linearPassMs(file, original) + allowanceMs;
  for (let k = 0; k < casesPerFile; k++) {
    const caseSeed = seed + k * 7919 + file.length;
    const random = createRandom(caseSeed);
    const mutation = mutations[k % mutations.length]!;
    const bytes = mutateDicom(original, mutation, random);
    const headerOnly = k % 2 === 0;
    let outcome!: ReturnType<typeof parseCase>;
    let ms = timed(() => (outcome = parseCase(file, bytes, headerOnly)));
    // Over budget once may be this shared machine descheduling the thread; work that is really
    // super-linear is over budget every time.
    if (ms > budgetMs) ms = Math.min(ms, fastestOf(2, () => parseCase(file, bytes, headerOnly)));
    parentPort!.postMessage({ file, seed: caseSeed, mutation, headerOnly, ...outcome, ms, budgetMs } satisfies FuzzCaseResult);
  }
}
