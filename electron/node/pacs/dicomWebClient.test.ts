import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StudyCache } from '../cache/studyCache';
import { parseDicom } from '../../common/dicom/parse/parseDicom';
import { readFileMeta } from '../dimse/part10';
import { GENERATE_PRESETS, generateSyntheticStudies } from '../synthetic/generateSyntheticStudies';
import { datasetContent } from '../../../testing/node/datasetContent';
import { listDicomFiles } from '../../../testing/node/listDicomFiles';
import { freePort, orthancAvailable, startOrthanc, type OrthancPeer } from '../../../testing/node/orthancPeer';
import { samplePath, sharedSamplesAvailable } from '../../../testing/node/sharedSamples';
import { DicomWebClient, DicomWebError } from './dicomWebClient';
import { Outbox } from './outbox';
import { DEFAULT_PACS_SETTINGS } from './pacsSettings';
import { retrieveStudy } from './retrieveStudy';
import { missingHere } from '../../../testing/node/requiredInCi';
import type { DicomJsonDataset } from '../../common/dicom/model/dicomJson';

// Our DICOMweb client against Orthanc's DICOMweb plugin: STOW-RS stores what Orthanc then
// holds, QIDO-RS finds what Orthanc's REST API lists, WADO-RS brings instances and frames back
// unchanged; the outbox sends over STOW-RS as it does over C-STORE.

let dir: string;
let orthanc: OrthancPeer;
let client: DicomWebClient;
let files: string[];
let studyUid: string;

const uid = (ds: DicomJsonDataset, tag: string): string => String(ds[tag]?.Value?.[0] ?? '');

describe.skipIf(missingHere(orthancAvailable(), 'Orthanc with its DICOMweb plugin') || missingHere(sharedSamplesAvailable(), 'the shared DICOM samples (../shared/dicom-samples)'))('DICOMweb client against Orthanc', () => {
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-dicomweb-client-'));
    orthanc = await startOrthanc();
    client = new DicomWebClient({ url: orthanc.dicomWebUrl, name: 'orthanc-web', timeoutMs: 10_000 });
    const generated = await generateSyntheticStudies({ outDir: path.join(dir, 'gen'), preset: GENERATE_PRESETS.tiny!, onlySeries: ['scout', 'axial-soft-thick'], currentOnly: true, seed: 'web' });
    studyUid = generated.studies[0]!.studyInstanceUid;
    files = [...(await listDicomFiles(path.join(dir, 'gen'))), samplePath('transfer-syntaxes/jpeg2000/US1_J2KR.dcm')];
  }, 120_000);
  afterAll(async () => {
    await orthanc?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('STOW-RS stores every file; the response names each instance', async () => {
    const result = await client.store(files.map((f) => new Uint8Array(readFileSync(f))));
    expect(result.failed).toEqual([]);
    const sops = files.map((f) => readFileMeta(readFileSync(f), f).sopInstanceUid).sort();
    expect([...result.stored].sort()).toEqual(sops);
    expect((await orthanc.rest<string[]>('/instances')).length).toBe(files.length);
  });

  it('QIDO-RS finds the same studies, series and instances as Orthanc’s REST API lists', async () => {
    const studies = await client.searchStudies({ PatientName: 'LIGHTBOX*' });
    expect(studies.map((s) => uid(s, '0020000D'))).toEqual([studyUid]);
    const series = await client.searchSeries(studyUid);
    const rest = (await (await fetch(`${orthanc.httpUrl}/tools/find`, { method: 'POST', body: JSON.stringify({ Level: 'Series', Query: { StudyInstanceUID: studyUid }, Expand: true }) })).json()) as { MainDicomTags: { SeriesInstanceUID: string } }[];
    expect(series.length).toBe(2);
    expect(series.map((s) => uid(s, '0020000E')).sort()).toEqual(rest.map((r) => r.MainDicomTags.SeriesInstanceUID).sort());
    const instances = await client.searchInstances(studyUid);
    expect(instances.length).toBe(files.length - 1);
  });

  it('WADO-RS retrieve brings every instance into the cache unchanged, and frames come back as stored', async () => {
    const cache = new StudyCache(path.join(dir, 'cache'));
    try {
      const node = { name: 'orthanc-web', kind: 'dicomweb' as const, url: orthanc.dicomWebUrl };
      const result = await retrieveStudy({ cache, node, studyUid, via: 'wado', ourAeTitle: 'LIGHTBOX', dicomWeb: client });
      expect(result).toMatchObject({ total: files.length - 1, missing: [] });
      for (const f of files.slice(0, -1)) {
        const meta = readFileMeta(readFileSync(f), f);
        const stored = cache.index.findInstance(meta.sopInstanceUid)!;
        expect(datasetContent(path.join(cache.paths.objects, stored.objectPath))).toBe(datasetContent(f));
      }
      // A re-run fetches nothing again.
      expect(await retrieveStudy({ cache, node, studyUid, via: 'wado', ourAeTitle: 'LIGHTBOX', dicomWeb: client })).toMatchObject({ alreadyCached: files.length - 1, received: 0 });
    } finally {
      cache.close();
    }
    // Frames of the JPEG 2000 sample, as stored (transfer-syntax=*): the codestream itself.
    const j2k = files.at(-1)!;
    const ds = (await client.searchInstances(uid((await client.searchStudies({ PatientID: '*' })).find((s) => uid(s, '0020000D') !== studyUid)!, '0020000D')))[0]!;
    const [frame] = await client.frames(uid(ds, '0020000D'), uid(ds, '0020000E'), uid(ds, '00080018'), [1]);
    expect(Buffer.from(frame!.subarray(0, 4)).toString('hex')).toBe('ff4fff51'); // SOC + SIZ: a J2K codestream
    // The file's one frame is split over three fragments: joined, they are the codestream Orthanc sent (up to a padding byte).
    const bytes = readFileSync(j2k);
    const fragments = parseDicom(bytes, { source: j2k }).pixelData!.fragments!;
    const joined = Buffer.concat(fragments.map((f) => bytes.subarray(f.offset, f.offset + f.length)));
    expect(fragments.length).toBe(3);
    expect(Buffer.compare(joined.subarray(0, frame!.length), Buffer.from(frame!))).toBe(0);
    expect(joined.length - frame!.length).toBeLessThanOrEqual(1);
  });

  it('the outbox sends over STOW-RS; errors name the node', async () => {
    const cache = new StudyCache(path.join(dir, 'cache'));
    try {
      const outbox = new Outbox(cache);
      const settings = { ...DEFAULT_PACS_SETTINGS, nodes: [{ name: 'web', kind: 'dicomweb' as const, url: orthanc.dicomWebUrl }] };
      // Delete the study at Orthanc, then send it back from our cache.
      for (const id of await orthanc.rest<string[]>('/studies')) await fetch(`${orthanc.httpUrl}/studies/${id}`, { method: 'DELETE' });
      const sops = cache.index.instancesOfStudy(studyUid).map((i) => i.sopUid);
      outbox.enqueue('web', sops);
      expect(await outbox.drain(settings)).toMatchObject({ sent: sops.length, failed: 0, deferred: 0 });
      expect((await orthanc.rest<string[]>('/instances')).length).toBe(sops.length);
    } finally {
      cache.close();
    }
    const offline = new DicomWebClient({ url: `http://127.0.0.1:${await freePort()}/dicom-web`, name: 'nowhere' });
    const error = await offline.searchStudies().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DicomWebError);
    expect((error as Error).message).toMatch(/^nowhere: GET \/studies: ECONNREFUSED/);
  });
});
