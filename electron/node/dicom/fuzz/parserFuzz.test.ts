import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSampleManifest, samplePath, sharedSamplesAvailable } from '../../testing/sharedSamples';
import { startTsWorker } from '../../runtime/startTsWorker';
import type { FuzzCaseResult } from './fuzzWorker';

const CASES_PER_FILE = 24;
/** A parse of a mutated file of a few MB must finish well inside this. */
const MAX_MS_PER_CASE = 2000;
/** Heap bound for the parser worker: far above any sample's size, far below "allocate what the length field says". */
const HEAP_LIMIT_MB = 192;

describe.skipIf(!sharedSamplesAvailable())('parser fuzzing on mutated real samples', () => {
  it('always returns or throws a DicomParseError, quickly, within a memory bound', async () => {
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
      workerData: { files, casesPerFile: CASES_PER_FILE, seed: 20261126 },
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
        }, 15_000);
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
    const slow = results.filter((r) => r.ms > MAX_MS_PER_CASE);
    expect(slow.map((r) => `${r.file} ${r.mutation} ${Math.round(r.ms)} ms`)).toEqual([]);
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
