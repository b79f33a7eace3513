import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmptyLocalStudies } from '../host/localStudies';
import { GENERATE_PRESETS, generateSyntheticStudies, type GeneratedManifest } from '../synthetic/generateSyntheticStudies';
import { withAuditedReads } from './auditedReads';
import { importPaths } from './importPaths';
import { StudyCache } from './studyCache';

let dir: string;
let manifest: GeneratedManifest;
let sops: Array<{ study: string; series: string; sop: string }>;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-wado-audit-'));
  manifest = await generateSyntheticStudies({ outDir: path.join(dir, 'gen'), preset: GENERATE_PRESETS.tiny!, onlySeries: ['axial-soft-thin'], seed: 'wado-audit' });
  const cache = new StudyCache(path.join(dir, 'data'));
  await importPaths(cache, [path.join(dir, 'gen')]);
  sops = cache.index.allInstances().map((i) => ({ study: i.studyUid, series: i.seriesUid, sop: i.sopUid }));
  cache.close();
}, 120_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The host's studies with reads that find what the index holds (the bytes do not matter to the audit). */
function readsOver(cache: StudyCache) {
  const held = (sop: string): boolean => cache.index.findInstance(sop) !== undefined;
  return {
    ...createEmptyLocalStudies(),
    displayFrame: async (_st: string, _se: string, sop: string) => (held(sop) ? new Uint8Array(4) : undefined),
    instance: async (_st: string, _se: string, sop: string) => (held(sop) ? new Uint8Array(4) : undefined),
  };
}

describe('reads through the host in the audit trail', () => {
  it('one wado row per study per window, however many frames were read, with the distinct instances per SOP class', async () => {
    const cache = new StudyCache(path.join(dir, 'data'), 'lightbox-host');
    try {
      const studies = withAuditedReads(readsOver(cache), cache, { idleMs: 150, maxMs: 60_000 });
      const [current, prior] = manifest.studies;
      const ofStudy = (uid: string) => sops.filter((s) => s.study === uid);
      // A study open: every slice's frame, five passes (scrolling), as separate requests.
      for (let pass = 0; pass < 5; pass++) for (const s of ofStudy(current!.studyInstanceUid)) await studies.displayFrame(s.study, s.series, s.sop, 1);
      // Three originals of the prior; and a read of something not held, which read nothing.
      for (const s of ofStudy(prior!.studyInstanceUid).slice(0, 3)) await studies.instance(s.study, s.series, s.sop);
      await studies.instance(prior!.studyInstanceUid, 'x', '1.2.3.4.5.6');
      expect(cache.index.auditTrail({ action: 'wado' })).toEqual([]); // nothing per frame
      let rows = cache.index.auditTrail({ action: 'wado' });
      for (let i = 0; i < 40 && rows.length < 2; i++) {
        await new Promise((r) => setTimeout(r, 50));
        rows = cache.index.auditTrail({ action: 'wado' });
      }
      const ct = '1.2.840.10008.5.1.4.1.1.2';
      const n = ofStudy(current!.studyInstanceUid).length;
      expect(rows.map((r) => [r.studyUid, r.instances, r.sopClasses, r.patientName, r.peer]).sort()).toEqual(
        [
          [current!.studyInstanceUid, n, { [ct]: n }, manifest.patient.name, 'viewer or DICOMweb client of the host'],
          [prior!.studyInstanceUid, 3, { [ct]: 3 }, manifest.patient.name, 'viewer or DICOMweb client of the host'],
        ].sort(),
      );
      expect(rows.find((r) => r.studyUid === current!.studyInstanceUid)!.detail).toMatch(new RegExp(`^${5 * n} request\\(s\\) over .*: display frames ${5 * n}$`));
    } finally {
      cache.close();
    }
  });

  it('writes what is still open when the cache closes', async () => {
    const data = path.join(dir, 'data');
    let cache = new StudyCache(data, 'lightbox-host');
    const studies = withAuditedReads(readsOver(cache), cache, { idleMs: 60_000, maxMs: 600_000 });
    const before = cache.index.auditTrail({ action: 'wado' }).length;
    const s = sops[0]!;
    await studies.displayFrame(s.study, s.series, s.sop, 1);
    cache.close();
    cache = new StudyCache(data);
    try {
      const rows = cache.index.auditTrail({ action: 'wado' });
      expect(rows).toHaveLength(before + 1);
      expect(rows[0]).toMatchObject({ studyUid: s.study, instances: 1, source: 'lightbox-host' });
    } finally {
      cache.close();
    }
  });
});
