import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GENERATE_PRESETS, generateSyntheticStudies } from '../synthetic/generateSyntheticStudies';
import { importPaths } from './importPaths';
import { StudyCache } from './studyCache';
import { missingHere } from '../../../testing/node/requiredInCi';

let dir: string | undefined;
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.skipIf(missingHere(['/usr/bin/zip'].some((z) => { try { execFileSync(z, ['-v'], { stdio: 'ignore' }); return true; } catch { return false; } }), 'zip (Info-ZIP)'))('importing zip archives', () => {
  it('imports the DICOM files of a zip (stored and deflated, nested folders), reports the rest and a damaged archive', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-zip-'));
    const gen = path.join(dir, 'gen');
    const manifest = await generateSyntheticStudies({ outDir: gen, preset: GENERATE_PRESETS.tiny!, onlySeries: ['axial-soft-thin'], currentOnly: true, seed: 'zip' });
    // Deflated entries (-6) for the series, a stored (-0) one for the phantom notes.
    execFileSync('zip', ['-q', '-r', '-6', path.join(dir, 'study.zip'), '.'], { cwd: gen });
    execFileSync('zip', ['-q', '-0', path.join(dir, 'study.zip'), 'lightbox-phantom.json'], { cwd: gen });
    await writeFile(path.join(dir, 'broken.zip'), 'PK but not really a zip');
    const cache = new StudyCache(path.join(dir, 'data'));
    try {
      const report = await importPaths(cache, [path.join(dir, 'study.zip'), path.join(dir, 'broken.zip')]);
      expect(report.stored).toBe(manifest.files);
      // A damaged archive fails; a non-DICOM entry of a good one is skipped, like a file in a folder.
      expect(report.failed.map((f) => path.basename(f.file.split('!/').pop()!))).toEqual(['broken.zip']);
      expect(report.skipped.map((f) => [path.basename(f.file.split('!/').pop()!), f.reason])).toContainEqual(['lightbox-phantom.json', 'not DICOM']);
      expect(report.failed[0]!.reason).toMatch(/not a zip archive/);
      expect(cache.index.counts().instances).toBe(manifest.files);
    } finally {
      cache.close();
    }
  });
});
