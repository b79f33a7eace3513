import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENERATE_PRESETS, generateSyntheticStudies, type GeneratedManifest } from '../synthetic/generateSyntheticStudies';
import { ImagingService } from '../imaging/imagingService';
import { createCacheLocalStudies } from './cacheLocalStudies';
import type { LocalStudies } from '../host/localStudies';
import { importPaths } from './importPaths';
import { StudyCache } from './studyCache';
import { CacheIndex } from './cacheIndex';
import { createHostRouteImplementations } from '../host/hostRoutes';
import type { DisplayService } from '../host/displayService';
import { HostEventBus } from '../../common/events/hostEventBus';
import type { HostEvent, StudyReadingStatus, StudySummary } from '../../common/contract/hostContract';

let dir: string;
let manifest: GeneratedManifest;
let cache: StudyCache;
let imaging: ImagingService;
let studies: LocalStudies;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-reading-status-'));
  manifest = await generateSyntheticStudies({ outDir: path.join(dir, 'gen'), preset: GENERATE_PRESETS.tiny!, seed: 'reading-status' });
  cache = new StudyCache(path.join(dir, 'data'));
  imaging = new ImagingService(cache, { poolSize: 1 });
  studies = createCacheLocalStudies(cache, imaging);
  await importPaths(cache, [path.join(dir, 'gen')]);
}, 120_000);
afterAll(async () => {
  await imaging.close();
  cache.close();
  await rm(dir, { recursive: true, force: true });
});

const uids = (query: Parameters<LocalStudies['search']>[0]): string[] => studies.search(query).map((s) => s.studyInstanceUid);

describe('reading status in the cache index', () => {
  it('searches by text in the name, the patient ID or the accession, and by date range', () => {
    const [current, prior] = manifest.studies;
    expect(uids({ text: manifest.patient.id.toLowerCase() })).toEqual([current!.studyInstanceUid, prior!.studyInstanceUid]);
    expect(uids({ text: prior!.accessionNumber })).toEqual([prior!.studyInstanceUid]);
    expect(uids({ text: manifest.patient.name.split('^')[0]!.toLowerCase() })).toHaveLength(2);
    expect(uids({ studyDate: `${current!.studyDate}-${current!.studyDate}` })).toEqual([current!.studyInstanceUid]);
    expect(uids({ studyDate: `-${prior!.studyDate}` })).toEqual([prior!.studyInstanceUid]);
    expect(uids({ text: 'no-such-study' })).toEqual([]);
  });

  it('is unread until opened, in progress once opened, read when the reader says so; each change audited', () => {
    const [current, prior] = manifest.studies;
    const uid = current!.studyInstanceUid;
    expect(studies.search({}).map((s) => s.readingStatus)).toEqual(['unread', 'unread']);
    const opened = studies.recordOpen(uid);
    expect(opened).toMatchObject({ studyInstanceUid: uid, status: 'in-progress', changedBy: cache.auditUser });
    // Opening again changes nothing and writes no second status row.
    studies.recordOpen(uid);
    expect(uids({ readingStatus: 'in-progress' })).toEqual([uid]);
    expect(uids({ readingStatus: 'unread' })).toEqual([prior!.studyInstanceUid]);
    expect(studies.setReadingStatus!(uid, 'read').status).toBe('read');
    // A read study opened again to compare stays read.
    studies.recordOpen(uid);
    expect(uids({ readingStatus: 'read' })).toEqual([uid]);
    const rows = cache.index.auditTrail({ studyUid: uid, action: 'status' });
    expect(rows.map((r) => r.detail)).toEqual(['reading status in-progress → read (set by the reader)', 'reading status unread → in-progress (opened for reading)']);
    expect(rows.every((r) => r.user === cache.auditUser && r.patientId === manifest.patient.id && r.accession === current!.accessionNumber)).toBe(true);
    expect(() => studies.setReadingStatus!('1.2.999', 'read')).toThrow('not in the local cache');
  });
});

describe('reading status through the host routes', () => {
  it('opening and the reader\'s change are announced; a wrong status or date range answers 400', async () => {
    const events = new HostEventBus();
    const seen: HostEvent[] = [];
    events.onDidEmit((e) => seen.push(e));
    const routes = createHostRouteImplementations({
      info: { product: 'Lightbox', version: 'test', mode: 'browser', dataDir: dir },
      studies,
      displays: { listDisplays: () => [] } as unknown as DisplayService,
      events,
    });
    const uid = manifest.studies[1]!.studyInstanceUid;
    await routes.openStudy({ params: {}, query: {}, body: { studyInstanceUid: uid } } as never);
    expect(seen.filter((e) => e.type === 'onDidChangeReadingStatus')).toEqual([{ type: 'onDidChangeReadingStatus', status: expect.objectContaining({ studyInstanceUid: uid, status: 'in-progress' }) }]);
    const saved = (await routes.putReadingStatus({ params: { studyUid: uid }, query: {}, body: { status: 'read' } } as never)) as StudyReadingStatus;
    expect(saved.status).toBe('read');
    const read = (await routes.searchStudies({ params: {}, query: { readingStatus: 'read' }, body: undefined } as never)) as StudySummary[];
    expect(read.map((s) => s.studyInstanceUid)).toContain(uid);
    await expect(routes.putReadingStatus({ params: { studyUid: uid }, query: {}, body: { status: 'done' } } as never)).rejects.toMatchObject({ status: 400 });
    await expect(routes.searchStudies({ params: {}, query: { studyDate: '2026-11-20' }, body: undefined } as never)).rejects.toMatchObject({ status: 400 });
    await expect(routes.searchStudies({ params: {}, query: { readingStatus: 'finished' }, body: undefined } as never)).rejects.toMatchObject({ status: 400 });
  });
});

describe('an index an older Lightbox wrote, opened read-only', () => {
  it('lists its studies as unread instead of failing', async () => {
    const file = path.join(dir, 'old-index.sqlite');
    const index = new CacheIndex(file);
    index.db.exec('DROP TABLE reading_status; PRAGMA user_version = 10;');
    index.close();
    const readOnly = new CacheIndex(file, true);
    try {
      expect(readOnly.searchStudies({})).toEqual([]);
      expect(readOnly.searchStudies({ readingStatus: 'unread' })).toEqual([]);
      expect(readOnly.readingStatus('1.2.3').status).toBe('unread');
    } finally {
      readOnly.close();
    }
  });
});
