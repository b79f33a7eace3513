// Runs fuzz cases in a worker with a heap limit: an allocation beyond the bound kills the
// worker (ERR_WORKER_OUT_OF_MEMORY) and the test sees it. Reports one message per case.
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { parentPort, workerData } from 'node:worker_threads';
import { DicomParseError } from '../../../common/dicom/dicomErrors';
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
  ms: number;
}

const { files, casesPerFile, seed } = workerData as { files: string[]; casesPerFile: number; seed: number };
const mutations: Mutation[] = ['truncate', 'flip-bytes', 'absurd-length', 'garbage-tail'];

for (const file of files) {
  const original = new Uint8Array(readFileSync(file));
  for (let k = 0; k < casesPerFile; k++) {
    const caseSeed = seed + k * 7919 + file.length;
    const random = createRandom(caseSeed);
    const mutation = mutations[k % mutations.length]!;
    const bytes = mutateDicom(original, mutation, random);
    const headerOnly = k % 2 === 0;
    const started = performance.now();
    let result: FuzzCaseResult;
    try {
      const parsed = parseDicom(bytes, { source: file, headerOnly, inflateRaw: (b) => inflateRawSync(b, { maxOutputLength: 64 << 20 }) });
      result = { file, seed: caseSeed, mutation, headerOnly, outcome: 'parsed', warnings: parsed.warnings.length, ms: 0 };
    } catch (error) {
      result = {
        file,
        seed: caseSeed,
        mutation,
        headerOnly,
        outcome: error instanceof DicomParseError ? 'typed-error' : 'untyped-error',
        detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        ms: 0,
      };
    }
    result.ms = performance.now() - started;
    parentPort!.postMessage(result);
  }
}
