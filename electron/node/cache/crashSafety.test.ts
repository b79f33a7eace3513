import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDicomFileSync } from '../dicom/readDicomFile';
import { GENERATE_PRESETS, generateSyntheticStudies } from '../synthetic/generateSyntheticStudies';
import { listDicomFiles } from '../../../testing/node/listDicomFiles';
import { StudyCache } from './studyCache';
import { verifyCache } from './verifyCache';

// An import is killed with SIGKILL at random moments, again and again. After every kill, the
// cache must verify clean and hold, byte-exact, every instance the import had reported stored.
const BIN = path.resolve(import.meta.dirname, '../../../bin/lightbox.js');
const KILLS = 6;
let dir: string;
let source: string;
const sourceBySop = new Map<string, string>();

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-crash-'));
  source = path.join(dir, 'gen');
  await generateSyntheticStudies({ outDir: source, preset: GENERATE_PRESETS.tiny!, seed: 'crash-test' });
  for (const f of await listDicomFiles(source)) sourceBySop.set(String(readDicomFileSync(f).dataset['00080018']!.Value![0]), f);
}, 120_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Runs an import and SIGKILLs it after `killAfterMs` (or lets it finish); returns the SOPs it acknowledged. */
function importUntilKilled(dataDir: string, killAfterMs?: number): Promise<string[]> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, '--data-dir', dataDir, 'import', source, '--log-stored'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve([...out.matchAll(/^stored (\S+)$/gm)].map((m) => m[1]!));
    });
  });
}

describe('crash safety of the local cache', () => {
  it('loses nothing acknowledged and verifies clean after kill -9 at random points', async () => {
    const dataDir = path.join(dir, 'data');
    const acknowledged = new Set<string>();
    const perRun: number[] = [];
    let seed = 12345;
    const random = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let k = 0; k < KILLS; k++) {
      // The built CLI starts in ~0.15 s and imports this study in ~1.3 s: kill somewhere in between.
      const run = await importUntilKilled(dataDir, 200 + Math.floor(random() * 1000));
      perRun.push(run.length);
      for (const sop of run) acknowledged.add(sop);
      const cache = new StudyCache(dataDir);
      try {
        const report = verifyCache(cache);
        expect(report.missing, `after kill ${k + 1}`).toEqual([]);
        expect(report.corrupt, `after kill ${k + 1}`).toEqual([]);
        // Opening the cache finished what the killed import had placed but not indexed: no orphans, no --repair needed.
        expect(report.orphans, `after kill ${k + 1}`).toEqual([]);
        // What the killed import stored has its audit entry (written with the study's first instance).
        if (run.length) expect(cache.index.auditTrail({ action: 'import' }).length, `after kill ${k + 1}`).toBeGreaterThan(0);
        for (const sop of acknowledged) {
          const stored = cache.index.findInstance(sop);
          expect(stored, `${sop} was acknowledged`).toBeDefined();
          const original = await readFile(sourceBySop.get(sop)!);
          expect(Buffer.from(cache.readObject(stored!.objectPath)).equals(original)).toBe(true);
        }
      } finally {
        cache.close();
      }
    }
    // A last run completes the import: everything is there exactly once.
    await importUntilKilled(dataDir);
    const cache = new StudyCache(dataDir);
    try {
      expect(cache.index.counts().instances).toBe(sourceBySop.size);
      const report = verifyCache(cache, { repair: true });
      expect(report.missing.length + report.corrupt.length).toBe(0);
      // The kills really landed mid-import: some runs stored part of the files, not none or all.
      expect(perRun.some((n) => n > 0 && n < sourceBySop.size), `stored per run: ${perRun.join(', ')}`).toBe(true);
    } finally {
      cache.close();
    }
  }, 240_000);
});
