import { readdirSync, type Dirent } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readDicomFileSync } from '../dicom/readDicomFile';
import { loadSampleManifest, loadSampleOtherFiles, samplePath, SHARED_SAMPLES_DIR, sharedSamplesAvailable } from '../../../testing/node/sharedSamples';
import { importPaths } from './importPaths';
import { StudyCache } from './studyCache';
import { missingHere } from '../../../testing/node/requiredInCi';

let dir: string | undefined;
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.skipIf(missingHere(sharedSamplesAvailable(), 'the shared DICOM samples (../shared/dicom-samples)'))('importing the whole shared sample tree', () => {
  it('indexes every storable file, reports every other one by name with its reason, and finishes', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-import-'));
    const cache = new StudyCache(dir);
    try {
      const report = await importPaths(cache, [SHARED_SAMPLES_DIR]);
      const failed = new Map(report.failed.map((f) => [f.file, f.reason]));
      const skipped = new Set(report.skipped.map((f) => f.file));
      const indexed = new Set(cache.index.allInstances().map((i) => i.sopUid));
      const unaccounted: string[] = [];
      for (const f of loadSampleManifest()) {
        const file = samplePath(f.path);
        if (failed.has(file) || skipped.has(file)) continue;
        const sop = readDicomFileSync(file).dataset['00080018']?.Value?.[0];
        if (!indexed.has(String(sop))) unaccounted.push(f.path);
      }
      expect(unaccounted).toEqual([]);
      // Every failure names a reason; every DICOMDIR was recognised, not failed.
      for (const [file, reason] of failed) expect(reason.length, file).toBeGreaterThan(10);
      expect([...failed.keys()].some((f) => path.basename(f).startsWith('DICOMDIR'))).toBe(false);
      expect(report.skipped.length).toBeGreaterThanOrEqual(8);
      // Instances that share a SOP Instance UID with different bytes (the same MR in six transfer syntaxes) keep the last.
      expect(report.replaced).toBeGreaterThan(0);
      // Every file of the tree is accounted for exactly once — the manifest's instances and its
      // other files (licences, SUV fixtures in JSON, README, the manifest itself) alike.
      const treeFiles = (readdirSync(SHARED_SAMPLES_DIR, { recursive: true, withFileTypes: true }) as Dirent[]).filter((e) => e.isFile() && !e.name.startsWith('.'));
      expect(report.stored + report.replaced + report.duplicates + report.skipped.length + report.failed.length).toBe(treeFiles.length);
      // Files that are not DICOM are reported by name with a reason, never stored.
      for (const other of loadSampleOtherFiles()) expect(failed.has(samplePath(other.path)) || skipped.has(samplePath(other.path)), other.path).toBe(true);
    } finally {
      cache.close();
    }
  }, 120_000);
});
