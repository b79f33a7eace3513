import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDicomFileSync } from '../dicom/readDicomFile';
import { ImagingService } from '../imaging/imagingService';
import { GENERATE_PRESETS, generateSyntheticStudies } from '../synthetic/generateSyntheticStudies';
import { listDicomFiles } from '../../../testing/node/listDicomFiles';
import { readCacheKeyFile } from './cacheKey';
import { CacheLockedError } from './cacheEncryption';
import { importPaths } from './importPaths';
import { buildSeriesVolume } from './pixelCache';
import { StudyCache } from './studyCache';
import { verifyCache } from './verifyCache';

// `lightbox cache encrypt` converting a plain cache is killed with SIGKILL at random moments,
// again and again. After every kill the cache opens with its key, verifies clean (plaintext and
// sealed files side by side) and serves every instance byte-exact; a last run seals the rest.
const BIN = path.resolve(import.meta.dirname, '../../../bin/lightbox.js');
const KILLS = 6;
let dir: string;
let dataDir: string;
let keyFile: string;
const sourceBySop = new Map<string, string>();

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-encrypt-crash-'));
  dataDir = path.join(dir, 'data');
  keyFile = path.join(dir, 'cache.key');
  const source = path.join(dir, 'gen');
  await generateSyntheticStudies({ outDir: source, preset: GENERATE_PRESETS.tiny!, seed: 'encrypt-crash' });
  for (const f of await listDicomFiles(source)) sourceBySop.set(String(readDicomFileSync(f).dataset['00080018']!.Value![0]), f);
  const cache = new StudyCache(dataDir);
  const imaging = new ImagingService(cache, { poolSize: 1 });
  try {
    await importPaths(cache, [source]);
    // A decode-once block, so that the conversion has pixel blocks to seal as well.
    const series = cache.index.allInstances()[0]!;
    expect(await buildSeriesVolume(cache, imaging, series.studyUid, series.seriesUid)).toBeDefined();
  } finally {
    await imaging.close();
    cache.close();
  }
}, 120_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

/**
 * Runs `cache encrypt` and SIGKILLs it after `killAfterMs` — counted from its first progress line
 * when `fromProgress` (mid-conversion whatever the machine's load), else from its start — or lets
 * it finish; its exit code and output.
 */
function encryptUntilKilled(killAfterMs?: number, fromProgress = false): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, '--data-dir', dataDir, 'cache', 'encrypt', '--key-file', keyFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let timer: NodeJS.Timeout | undefined;
    const arm = (): void => {
      if (killAfterMs !== undefined && !timer) timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    };
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (fromProgress && /^sealed \d+\//m.test(out)) arm();
    });
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    if (!fromProgress) arm();
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

async function checkCache(after: string): Promise<{ unencrypted: number; instances: number }> {
  // Killed before encryption was turned on: still the plain cache it was.
  const encrypted = existsSync(path.join(dataDir, 'cache', 'encryption.json'));
  const cache = new StudyCache(dataDir, 'test', encrypted ? { key: readCacheKeyFile(keyFile) } : { env: {} });
  try {
    const report = verifyCache(cache);
    expect(report.missing, after).toEqual([]);
    expect(report.corrupt, after).toEqual([]);
    expect(report.orphans, after).toEqual([]);
    expect(report.damagedVolumes, after).toEqual([]);
    expect(report.exposed, after).toEqual([]);
    for (const i of cache.index.allInstances()) {
      const original = await readFile(sourceBySop.get(i.sopUid)!);
      expect(Buffer.from(cache.readObject(i.objectPath)).equals(original), `${after}: ${i.sopUid}`).toBe(true);
    }
    return { unencrypted: encrypted ? report.unencrypted : report.instances, instances: report.instances };
  } finally {
    cache.close();
  }
}

describe('crash safety of cache encrypt', () => {
  it('leaves a cache that opens, verifies clean and reads byte-exact after kill -9 at random points, and seals everything when rerun', async () => {
    const left: number[] = [];
    let seed = 4242;
    const random = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let k = 0; k < KILLS; k++) {
      // Every other run is killed at a random moment from its start (the CLI starts in ~0.15 s when
      // the machine is idle, sealing takes a few hundred ms more), the others just after a progress
      // line, so that some kills land mid-conversion however busy the machine is.
      await (k % 2 ? encryptUntilKilled(Math.floor(random() * 40), true) : encryptUntilKilled(150 + Math.floor(random() * 700)));
      const state = await checkCache(`after kill ${k + 1}`);
      left.push(state.unencrypted);
    }
    const done = await encryptUntilKilled();
    expect(done.code, done.out).toBe(0);
    const final = await checkCache('after the last run');
    expect(final.unencrypted).toBe(0);
    expect(final.instances).toBe(sourceBySop.size);
    // The kills really landed mid-conversion: some left part of the files in plaintext, not none or all.
    expect(left.some((n) => n > 0 && n < sourceBySop.size), `plaintext files left per kill: ${left.join(', ')}`).toBe(true);
    // The key is required from now on.
    expect(() => new StudyCache(dataDir, 'test', { env: {} })).toThrow(CacheLockedError);
  }, 240_000);
});
