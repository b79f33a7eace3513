import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENERATE_PRESETS, generateSyntheticStudies } from '../synthetic/generateSyntheticStudies';
import { importPaths } from './importPaths';
import { StudyCache } from './studyCache';
import { startReceiver } from '../pacs/storeReceiver';
import { verifyCache } from './verifyCache';
import { missingHere } from '../../../testing/node/requiredInCi';

// A full disk and a read-only folder, made real with small tmpfs mounts (needs root, as CI is;
// skipped with a message elsewhere).
const dir = mkdtempSync(path.join(os.tmpdir(), 'lightbox-storage-'));
let canMount = false;
try {
  const probe = path.join(dir, 'probe');
  mkdirSync(probe);
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe], { stdio: 'ignore' });
  execFileSync('umount', [probe]);
  canMount = true;
} catch {
  console.log('[storage failures] cannot mount tmpfs here (not root?): disk-full and read-only tests skipped');
}

const mounts: string[] = [];
function mountTmpfs(name: string, size: string): string {
  const at = path.join(dir, name);
  mkdirSync(at, { recursive: true });
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', at]);
  mounts.push(at);
  return at;
}

let source: string;
beforeAll(async () => {
  source = path.join(dir, 'gen');
  await generateSyntheticStudies({ outDir: source, preset: GENERATE_PRESETS.tiny!, currentOnly: true, onlySeries: ['axial-soft-thin', 'axial-lung-thin'], seed: 'storage' });
}, 60_000);
afterAll(() => {
  for (const m of mounts.reverse()) execFileSync('umount', ['-l', m]);
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(missingHere(canMount, 'mounting tmpfs (root)'))('storage failures', () => {
  it('a full disk: the import finishes, names every file not stored and why, and the cache stays consistent', async () => {
    const data = mountTmpfs('full', '3m'); // room for some 18 KiB slices, not for the 112 of them
    const cache = new StudyCache(data);
    try {
      const report = await importPaths(cache, [source]);
      expect(report.stored).toBeGreaterThan(0);
      const dicomFailures = report.failed.filter((f) => f.file.endsWith('.dcm'));
      expect(dicomFailures.length).toBeGreaterThan(0);
      for (const f of dicomFailures) expect(f.reason).toMatch(/not stored: the disk is full/);
      const verify = verifyCache(cache);
      expect(verify).toMatchObject({ missing: [], corrupt: [], orphans: [] });
      expect(cache.index.counts().instances).toBe(report.stored);
    } finally {
      cache.close();
    }
  });

  it('a full disk under the Storage SCP: storescu is answered A700 "Out of Resources", and what was answered stored is there', async () => {
    const data = mountTmpfs('full-scp', '3m');
    const cache = new StudyCache(data);
    const receiver = await startReceiver(cache, { aeTitle: 'LIGHTBOX', port: 0, host: '127.0.0.1', allowedCallingAes: ['STORESCU'] });
    try {
      const files = readdirSync(source, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile() && e.name.endsWith('.dcm'))
        .map((e) => path.join(e.parentPath, e.name))
        .sort();
      // storescu exits non-zero when a store fails; its log has each response status.
      // Asynchronously: the receiver answers on this process's event loop.
      const log = await new Promise<string>((resolve) => {
        const child = spawn('storescu', ['-v', '-aec', 'LIGHTBOX', '127.0.0.1', String(receiver.port), ...files]);
        let text = '';
        child.stdout.on('data', (d: Buffer) => (text += d.toString()));
        child.stderr.on('data', (d: Buffer) => (text += d.toString()));
        child.on('close', () => resolve(text));
      });
      expect(log).toMatch(/Received Store Response \(Refused: OutOfResources/);
      await receiver.indexed();
      const stored = cache.index.counts().instances;
      expect(stored).toBeGreaterThan(0);
      expect(stored).toBeLessThan(files.length);
      expect(verifyCache(cache)).toMatchObject({ missing: [], corrupt: [], orphans: [] });
    } finally {
      await receiver.stop();
      cache.close();
    }
  }, 60_000);

  it('a read-only cache folder: imports fail with a clear reason, and what was stored stays readable', async () => {
    const data = mountTmpfs('readonly', '64m');
    const series = (name: string): string => path.join(source, readdirSync(source).find((d) => !d.endsWith('.json'))!, name);
    let cache = new StudyCache(data);
    const first = await importPaths(cache, [series('02-axial-soft-thin')]);
    expect(first.failed).toEqual([]);
    cache.close();
    // Nothing open on it any more: the folder can become read-only (a full disk's remount, a locked share).
    execFileSync('mount', ['-o', 'remount,ro', data]);
    cache = new StudyCache(data);
    try {
      expect(cache.index.searchStudies({})).toHaveLength(1);
      const second = await importPaths(cache, [series('03-axial-lung-thin')]);
      expect(second.stored).toBe(0);
      expect(second.failed.length).toBeGreaterThan(0);
      for (const f of second.failed) expect(f.reason).toMatch(/not stored: the cache folder is read-only/);
      expect(cache.index.counts().instances).toBe(first.stored);
    } finally {
      cache.close();
    }
  });
});
