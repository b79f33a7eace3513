import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTool } from '../testing/runTool';
import { GENERATE_PRESETS, generateSyntheticStudies, type GeneratedManifest } from '../synthetic/generateSyntheticStudies';
import { FolderStudyCatalog } from './folderStudyCatalog';

let dir: string;
let manifest: GeneratedManifest;
let catalog: FolderStudyCatalog;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-catalog-'));
  manifest = await generateSyntheticStudies({ outDir: dir, preset: GENERATE_PRESETS.tiny!, seed: 'catalog-test' });
  await writeFile(path.join(dir, 'notes.txt'), 'not DICOM');
  const scanned = await FolderStudyCatalog.scan(dir);
  catalog = scanned.catalog;
  expect(scanned.report.rejected.map((r) => path.basename(r.file))).toEqual(['notes.txt']);
  expect(scanned.report.instances).toBe(manifest.files);
}, 120_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('folder study catalog', () => {
  it('lists the current study and its prior for the same patient, newest first', async () => {
    const studies = await catalog.search({ patientName: 'lightbox*' });
    expect(studies.map((s) => s.studyDate)).toEqual(['20261120', '20251118']);
    expect(studies[0]).toMatchObject({ patientId: 'LBX-SYN-0001', modalities: ['CT'], seriesCount: 8 });
    expect(await catalog.search({ studyDate: '20260101-' })).toHaveLength(1);
    expect(await catalog.search({ patientName: 'nobody' })).toEqual([]);
    expect(await catalog.findStudyByAccession('SYN25001')).toBe(manifest.studies[1]!.studyInstanceUid);
  });

  it('serves a frame byte-exact, as dcmtk decodes it', async () => {
    const study = manifest.studies[0]!;
    const series = study.series.find((s) => s.key === 'axial-soft-thin')!;
    const metadata = (await catalog.getStudyMetadata(study.studyInstanceUid))!;
    const instance = metadata.find((d) => d['0020000E']!.Value![0] === series.seriesInstanceUid && d['00200013']!.Value![0] === 10)!;
    const sop = String(instance['00080018']!.Value![0]);
    const frame = (await catalog.getFrame(study.studyInstanceUid, series.seriesInstanceUid, sop, 1))!;
    // dcmdump +W writes the pixel data value to a .raw file: the reference bytes.
    await runTool('dcmdump', ['-q', '+W', dir, path.join(dir, series.folder, '0010.dcm')]);
    const written = (await readdir(dir)).find((f) => f.endsWith('.raw'))!;
    expect(Buffer.from(frame).equals(await readFile(path.join(dir, written)))).toBe(true);
  });
});
