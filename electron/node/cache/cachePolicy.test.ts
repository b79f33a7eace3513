import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENERATE_PRESETS, generateSyntheticStudies, type GeneratedManifest } from '../synthetic/generateSyntheticStudies';
import { enforceQuota } from './cachePolicy';
import { importPaths } from './importPaths';
import { localStudiesOf } from '../../../testing/node/localStudiesOf';
import { StudyCache } from './studyCache';
import { verifyCache } from './verifyCache';

let dir: string;
let cache: StudyCache;
let manifest: GeneratedManifest;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-policy-'));
  manifest = await generateSyntheticStudies({ outDir: path.join(dir, 'gen'), preset: GENERATE_PRESETS.tiny!, onlySeries: ['axial-soft-thin', 'axial-lung-thin'], seed: 'policy' });
  cache = new StudyCache(path.join(dir, 'data'));
  await importPaths(cache, [path.join(dir, 'gen')]);
}, 60_000);
afterAll(async () => {
  cache.close();
  await rm(dir, { recursive: true, force: true });
});

describe('cache quota, LRU eviction and pinning', () => {
  it('evicts pixel blocks first, then the least recently used unpinned study, never a pinned one', async () => {
    const [current, prior] = manifest.studies;
    const thin = current!.series.find((s) => s.key === 'axial-soft-thin')!;
    const local = localStudiesOf(cache);
    await local.studies.seriesVolumeInfo(current!.studyInstanceUid, thin.seriesInstanceUid);
    await local.close();
    const blockBytes = cache.index.pixelBlockBytes();
    expect(blockBytes).toBeGreaterThan(0);
    const originals = cache.index.counts().bytes;

    // Quota just below the total: the pixel block goes, both studies stay.
    let report = enforceQuota(cache, originals + blockBytes - 1);
    expect(report.evictedPixelBlocks).toEqual([thin.seriesInstanceUid]);
    expect(report.evictedStudies).toEqual([]);
    expect(cache.index.pixelBlockBytes()).toBe(0);

    // The current study was opened more recently, and the prior is pinned: with a tiny quota, only the current one can go.
    cache.index.markStudyUsed(current!.studyInstanceUid);
    cache.index.setPinned(prior!.studyInstanceUid, true);
    // Retention: everything here was stored today, so a 30-day rule protects it all.
    expect(enforceQuota(cache, 1, { dryRun: true, keepDays: 30 }).evictedStudies).toEqual([]);
    const dry = enforceQuota(cache, 1, { dryRun: true });
    expect(dry.evictedStudies).toEqual([current!.studyInstanceUid]);
    expect(cache.index.counts().studies).toBe(2); // a dry run changes nothing
    report = enforceQuota(cache, 1);
    expect(report.evictedStudies).toEqual([current!.studyInstanceUid]);
    expect(report.shortBy).toBeGreaterThan(0); // the rest is pinned
    expect(cache.index.searchStudies({}).map((s) => s.studyInstanceUid)).toEqual([prior!.studyInstanceUid]);
    expect(verifyCache(cache)).toMatchObject({ missing: [], corrupt: [], orphans: [] });
    // Audited as an eviction (PS3.15 A.5.3 "DICOM Study Deleted"), with whose study it was and what it held.
    expect(cache.index.auditTrail({ action: 'delete' })).toEqual([]);
    const [evicted] = cache.index.auditTrail({ action: 'evict' });
    expect(evicted).toMatchObject({ studyUid: current!.studyInstanceUid, patientId: manifest.patient.id, patientName: manifest.patient.name, accession: current!.accessionNumber, detail: expect.stringMatching(/cache quota/) });
    expect(evicted!.instances).toBe(Object.values(evicted!.sopClasses).reduce((a, b) => a + b, 0));
    expect(evicted!.instances).toBeGreaterThan(0);
  });
});
