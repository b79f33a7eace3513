import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GENERATE_PRESETS, generateSyntheticStudies } from '../synthetic/generateSyntheticStudies';
import { importPaths } from './importPaths';
import { StudyCache } from './studyCache';
import { verifyCache } from './verifyCache';

let dir: string | undefined;
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('cache verify', () => {
  it('finds corrupt, missing and orphan files, and repairs the index', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-verify-'));
    await generateSyntheticStudies({ outDir: path.join(dir, 'gen'), preset: GENERATE_PRESETS.tiny!, onlySeries: ['axial-soft-thin'], currentOnly: true, seed: 'verify' });
    const cache = new StudyCache(path.join(dir, 'data'));
    try {
      await importPaths(cache, [path.join(dir, 'gen')]);
      expect(verifyCache(cache)).toMatchObject({ missing: [], corrupt: [], orphans: [] });
      const [a, b] = cache.index.allInstances();
      await writeFile(path.join(cache.paths.objects, a!.objectPath), 'damaged');
      await rm(path.join(cache.paths.objects, b!.objectPath));
      await mkdir(path.join(cache.paths.objects, 'ff'), { recursive: true });
      await writeFile(path.join(cache.paths.objects, 'ff', 'stray.dcm'), 'x');
      const report = verifyCache(cache);
      expect(report.corrupt.map((c) => c.sopUid)).toEqual([a!.sopUid]);
      expect(report.missing.map((m) => m.sopUid)).toEqual([b!.sopUid]);
      expect(report.orphans).toEqual([path.join('ff', 'stray.dcm')]);
      const before = cache.index.counts().instances;
      verifyCache(cache, { repair: true });
      expect(cache.index.counts().instances).toBe(before - 2);
      expect(verifyCache(cache)).toMatchObject({ missing: [], corrupt: [], orphans: [] });
    } finally {
      cache.close();
    }
  });
});
