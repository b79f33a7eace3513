import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENERATE_PRESETS, generateSyntheticStudies, type GeneratedManifest } from '../synthetic/generateSyntheticStudies';
import { runTool } from '../../../testing/node/runTool';
import { ImagingService } from '../imaging/imagingService';
import { createCacheLocalStudies } from './cacheLocalStudies';
import type { LocalStudies } from '../host/localStudies';
import type { DicomJsonDataset } from '../../common/dicom/model/dicomJson';
import { importPaths } from './importPaths';
import { StudyCache } from './studyCache';

let dir: string;
let manifest: GeneratedManifest;
let cache: StudyCache;
let imaging: ImagingService;
let studies: LocalStudies;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-cache-'));
  manifest = await generateSyntheticStudies({ outDir: path.join(dir, 'gen'), preset: GENERATE_PRESETS.tiny!, seed: 'cache-test' });
  await writeFile(path.join(dir, 'gen', 'notes.txt'), 'not DICOM');
  cache = new StudyCache(path.join(dir, 'data'));
  imaging = new ImagingService(cache, { poolSize: 1 });
  studies = createCacheLocalStudies(cache, imaging);
  const report = await importPaths(cache, [path.join(dir, 'gen')]);
  // Files in a folder that are not DICOM are skipped with the reason, not failures.
  expect(report.failed).toEqual([]);
  expect(report.skipped.map((f) => [path.basename(f.file), f.reason])).toEqual([
    ['lightbox-phantom.json', 'not DICOM'],
    ['notes.txt', 'not DICOM'],
  ]);
  expect(report.stored).toBe(manifest.files);
}, 120_000);
afterAll(async () => {
  await imaging.close();
  cache.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the local cache as the host\'s studies', () => {
  it('lists the current study and its prior for the same patient, newest first', async () => {
    const found = studies.search({ patientName: 'lightbox*' });
    expect(found.map((s) => s.studyDate)).toEqual(['20261120', '20251118']);
    expect(found[0]).toMatchObject({ patientId: 'LBX-SYN-0001', modalities: ['CT'], seriesCount: 8 });
    expect(studies.search({ studyDate: '20260101-' })).toHaveLength(1);
    expect(studies.search({ patientName: 'nobody' })).toEqual([]);
    expect(studies.search({ modality: 'MR' })).toEqual([]);
    expect(studies.findStudyByAccession('SYN25001')).toBe(manifest.studies[1]!.studyInstanceUid);
    expect(studies.hasStudy(manifest.studies[1]!.studyInstanceUid)).toBe(true);
    expect(studies.hasStudy('1.2.999')).toBe(false);
  });

  it('keeps the originals byte-exact under hash-derived names', async () => {
    const series = manifest.studies[0]!.series[1]!;
    const original = await readFile(path.join(dir, 'gen', series.folder, '0001.dcm'));
    const stored = cache.index.allInstances();
    expect(stored).toHaveLength(manifest.files);
    // Series folder / (SOP UID hash)-(content hash): one name, one content.
    expect(stored.every((s) => /^[0-9a-f]{2}\/[0-9a-f]{16}\/[0-9a-f]{32}-[0-9a-f]{32}\.dcm$/.test(s.objectPath))).toBe(true);
    expect(stored.every((s) => s.objectPath.endsWith(`-${s.sha256.slice(0, 32)}.dcm`))).toBe(true);
    // One folder per series: receiving a series creates one folder, not one per instance.
    const folders = new Set(stored.map((s) => path.dirname(s.objectPath)));
    expect(folders.size).toBe(manifest.studies.flatMap((st) => st.series).length);
    const hits = stored.filter((s) => Buffer.from(cache.readObject(s.objectPath)).equals(original));
    expect(hits).toHaveLength(1);
  });

  it('skips a re-import of the same bytes and replaces an instance whose bytes changed', async () => {
    const again = await importPaths(cache, [path.join(dir, 'gen')]);
    expect(again).toMatchObject({ stored: 0, replaced: 0, duplicates: manifest.files });
    const file = path.join(dir, 'gen', manifest.studies[0]!.series[1]!.folder, '0002.dcm');
    const changed = Buffer.from(await readFile(file));
    changed[changed.length - 1] = changed[changed.length - 1]! ^ 0xff; // one pixel differs
    const copy = path.join(dir, 'changed.dcm');
    await writeFile(copy, changed);
    expect(await importPaths(cache, [copy])).toMatchObject({ replaced: 1, stored: 0 });
    expect(cache.index.counts().instances).toBe(manifest.files);
  });

  it('serves a frame byte-exact, as dcmtk reads it, decoded off the host thread from where the index says it is', async () => {
    const study = manifest.studies[0]!;
    const series = study.series.find((s) => s.key === 'axial-soft-thin')!;
    const metadata = (await new Response(studies.studyMetadata(study.studyInstanceUid)!.body).json()) as DicomJsonDataset[];
    const instance = metadata.find((d) => d['0020000E']!.Value![0] === series.seriesInstanceUid && d['00200013']!.Value![0] === 10)!;
    const sop = String(instance['00080018']!.Value![0]);
    // The frame's place in the file was recorded when it was stored: a frame request parses no header.
    expect(cache.index.instanceObject(study.studyInstanceUid, series.seriesInstanceUid, sop)!.frameSource).toMatchObject({ numberOfFrames: 1, nativeOffset: expect.any(Number) });
    const frame = (await studies.displayFrame(study.studyInstanceUid, series.seriesInstanceUid, sop, 1))!;
    const rawDir = path.join(dir, 'raw');
    await import('node:fs/promises').then((fs) => fs.mkdir(rawDir, { recursive: true }));
    // dcmdump +W writes the pixel data value to a .raw file: the reference bytes.
    await runTool('dcmdump', ['-q', '+W', rawDir, path.join(dir, 'gen', series.folder, '0010.dcm')]);
    const written = (await readdir(rawDir)).find((f) => f.endsWith('.raw'))!;
    expect(Buffer.from(frame).equals(await readFile(path.join(rawDir, written)))).toBe(true);
  });

  it('keeps bulk data out of the stored metadata', async () => {
    const metadata = cache.index.studyMetadata(manifest.studies[0]!.studyInstanceUid)!;
    expect(metadata[0]!['7FE00010']).toEqual({ vr: 'OW', BulkDataURI: expect.stringMatching(/^bulkdata\/7FE00010\?offset=\d+&length=\d+$/) });
  });
});

describe('audit trail', () => {
  it('records imports per study and every study opened through the host', async () => {
    const imports = cache.index.auditTrail({ action: 'import' }).filter((e) => e.outcome === 'success');
    expect(new Set(imports.map((e) => e.studyUid))).toEqual(new Set(manifest.studies.map((s) => s.studyInstanceUid)));
    expect(imports[0]).toMatchObject({ patientId: 'LBX-SYN-0001', source: 'lightbox' });
    const { createHost } = await import('../host/createHost');
    const { createVirtualDisplayService } = await import('../host/displayService');
    const host = createHost({ mode: 'browser', dataDir: dir, displays: createVirtualDisplayService(1), studies });
    const study = manifest.studies[1]!.studyInstanceUid;
    const response = await host.handle(
      new Request('http://127.0.0.1/api/commands/open-study', { method: 'POST', body: JSON.stringify({ studyInstanceUid: study }), headers: { 'content-type': 'application/json' } }),
    );
    expect(await response.json()).toMatchObject({ accepted: true });
    expect(cache.index.auditTrail({ action: 'open', studyUid: study })).toEqual([expect.objectContaining({ action: 'open', outcome: 'success', studyUid: study, patientId: 'LBX-SYN-0001' })]);
  });

  it('keeps measurements with cached studies only', () => {
    const uid = manifest.studies[0]!.studyInstanceUid;
    expect(() => studies.putAnnotations('1.2.999', { studyInstanceUid: '1.2.999', measurements: [] })).toThrow('study 1.2.999 is not in the local cache');
    studies.putAnnotations(uid, { studyInstanceUid: uid, measurements: [] });
    expect(studies.getAnnotations(uid)).toMatchObject({ studyInstanceUid: uid, measurements: [] });
  });
});
