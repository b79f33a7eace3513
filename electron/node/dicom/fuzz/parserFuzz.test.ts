import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSampleManifest, samplePath, sharedSamplesAvailable } from '../../../../testing/node/sharedSamples';
import { startTsWorker } from '../../runtime/startTsWorker';
import type { FuzzCaseResult } from './fuzzWorker';
import { missingHere } from '../../../../testing/node/requiredInCi';

const CASES_PER_FILE = 24;
/**
 * A mutated file's parse is bounded by the work of a few linear passes over its bytes, not by a
 * number of milliseconds: on this shared 2-core machine a 3 s wall-clock case was the machine,
 * while a 7 s one was a regular expression backtracking quadratically over 2 MB of zeros. The
 * budget is measured in the same thread just before the file's cases (see fuzzWorker.ts). Measured
 * (2026-12-03): every case within 1.3 passes (sub-millisecond files) and 0.7 for the slowest; the
 * quadratic one took 25 passes.
 */
const LINEAR_PASSES = 4;
const ALLOWANCE_MS = 50;
/** Heap bound for the parser worker: far above any sample's size, far below "allocate what the length field says". */
const HEAP_LIMIT_MB = 192;

describe.skipIf(missingHere(sharedSamplesAvailable(), 'the shared DICOM samples (../shared/dicom-samples)'))('parser fuzzing on mutated real samples', () => {
  it('always returns or throws a DicomParseError, in work linear in its size, within a memory bound', async () => {
    // One file per folder and transfer syntax: every encoding the parser handles.
    const seen = new Set<string>();
    const files = loadSampleManifest()
      .filter((f) => {
        const key = `${path.dirname(f.path)}|${f.transferSyntaxUID ?? 'none'}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      })
      .map((f) => samplePath(f.path));
    expect(files.length).toBeGreaterThan(20);

    const results: FuzzCaseResult[] = [];
    const worker = startTsWorker(new URL('./fuzzWorker.ts', import.meta.url), {
      workerData: { files, casesPerFile: CASES_PER_FILE, seed: 20261126, linearPasses: LINEAR_PASSES, allowanceMs: ALLOWANCE_MS },
      resourceLimits: { maxOldGenerationSizeMb: HEAP_LIMIT_MB },
    });
    await new Promise<void>((resolve, reject) => {
      let watchdog: NodeJS.Timeout;
      const arm = (): void => {
        clearTimeout(watchdog);
        const last = results.at(-1);
        watchdog = setTimeout(() => {
          void worker.terminate();
          reject(new Error(`parser hung after ${last ? `${last.file} seed ${last.seed}` : 'start'}`));
        }, 60_000);
      };
      arm();
      worker.on('message', (r: FuzzCaseResult) => {
        results.push(r);
        arm();
      });
      worker.on('error', (e) => {
        clearTimeout(watchdog);
        reject(e);
      });
      worker.on('exit', () => {
        clearTimeout(watchdog);
        resolve();
      });
    });

    expect(results).toHaveLength(files.length * CASES_PER_FILE);
    const untyped = results.filter((r) => r.outcome === 'untyped-error');
    expect(untyped.map((r) => `${r.file} ${r.mutation} seed ${r.seed}: ${r.detail}`)).toEqual([]);
    const superLinear = results.filter((r) => r.ms > r.budgetMs);
    expect(superLinear.map((r) => `${r.file} ${r.mutation} seed ${r.seed}: ${Math.round(r.ms)} ms, budget ${Math.round(r.budgetMs)} ms`)).toEqual([]);
    // The mutations must actually hurt: some cases end in a typed error, and a truncated file
    // that still parses in full (best effort) always says what it lost. (A header-only parse
    // never looks past the pixel data, so a cut there is rightly unseen.)
    expect(results.filter((r) => r.outcome === 'typed-error').length).toBeGreaterThan(50);
    const silentTruncations = results.filter((r) => r.mutation === 'truncate' && !r.headerOnly && r.outcome === 'parsed' && r.warnings === 0);
    expect(silentTruncations.map((r) => `${r.file} seed ${r.seed}`)).toEqual([]);
    // Every error names the file it came from.
    for (const r of results.filter((x) => x.outcome === 'typed-error')) expect(r.detail).toContain(r.file);
  }, 300_000);
});
