import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StudyCache } from '../cache/studyCache';
import { startReceiver, type Receiver } from '../pacs/storeReceiver';
import { GENERATE_PRESETS, generateSyntheticStudies } from '../synthetic/generateSyntheticStudies';
import { datasetContent } from '../../../testing/node/datasetContent';
import { listDicomFiles } from '../../../testing/node/listDicomFiles';
import { freeServicePort, orthancAvailable, startOrthanc, type OrthancPeer } from '../../../testing/node/orthancPeer';
import { samplePath, sharedSamplesAvailable } from '../../../testing/node/sharedSamples';
import { echo, find, get, move, store } from './dimseScu';
import type { DimsePeer } from './requestAssociation';
import { readFileMeta } from './part10';
import { parseDicom } from '../../common/dicom/parse/parseDicom';
import { missingHere } from '../../../testing/node/requiredInCi';
import type { DicomJsonDataset } from '../../common/dicom/model/dicomJson';

// Our DIMSE SCU against a real PACS (Orthanc): what we store is there, what we find equals its
// own REST view of the same data, and what we move or get arrives in our cache unchanged.

const OUR_AE = 'LIGHTBOX_QR';
let dir: string;
let cache: StudyCache;
let receiver: Receiver;
let orthanc: OrthancPeer;
let peer: DimsePeer;
let files: string[];
const sentSops = new Set<string>();

interface OrthancStudy {
  ID: string;
  MainDicomTags: Record<string, string>;
  PatientMainDicomTags: Record<string, string>;
}

async function orthancFind<T>(body: object): Promise<T> {
  const response = await fetch(`${orthanc.httpUrl}/tools/find`, { method: 'POST', body: JSON.stringify({ Expand: true, ...body }) });
  return (await response.json()) as T;
}

const first = (ds: DicomJsonDataset, tag: string): string => {
  const v = ds[tag]?.Value?.[0];
  return v === undefined ? '' : typeof v === 'object' ? String((v as { Alphabetic?: string }).Alphabetic ?? '') : String(v);
};

describe.skipIf(missingHere(orthancAvailable(), 'Orthanc with its DICOMweb plugin') || missingHere(sharedSamplesAvailable(), 'the shared DICOM samples (../shared/dicom-samples)'))('DIMSE SCU against Orthanc', () => {
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-dimse-orthanc-'));
    cache = new StudyCache(path.join(dir, 'data'));
    const port = await freeServicePort();
    receiver = await startReceiver(cache, { aeTitle: OUR_AE, port, host: '127.0.0.1' });
    orthanc = await startOrthanc({ modalities: { lightbox: [OUR_AE, '127.0.0.1', port] } });
    peer = { aeTitle: orthanc.aeTitle, host: '127.0.0.1', port: orthanc.dicomPort, timeoutMs: 20_000 };
    await generateSyntheticStudies({ outDir: path.join(dir, 'gen'), preset: GENERATE_PRESETS.tiny!, onlySeries: ['scout', 'axial-soft-thick'], seed: 'dimse' });
    // Synthetic current + prior, and compressed real samples (JPEG 2000, JPEG-LS, RLE, JPEG baseline) as they are.
    files = [
      ...(await listDicomFiles(path.join(dir, 'gen'))),
      samplePath('transfer-syntaxes/jpeg2000/US1_J2KR.dcm'),
      samplePath('transfer-syntaxes/dicomparser-ct/CT1_UNC.fragmented_bot_jpeg_ls.80.dcm'),
      samplePath('transfer-syntaxes/jpeg-baseline/SC_rgb_dcmtk_+eb+cr.dcm'),
    ].filter((f) => {
      try {
        readFileMeta(readFileSync(f), f);
        return true;
      } catch {
        return false;
      }
    });
  }, 180_000);
  afterAll(async () => {
    await receiver?.stop();
    cache?.close();
    await orthanc?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('C-ECHO answers with a round trip time', async () => {
    expect(await echo(peer, OUR_AE)).toBeGreaterThan(0);
  });

  it('C-STORE sends every file as it is; Orthanc holds each one', async () => {
    const results = await store(peer, OUR_AE, files.map((f) => ({ source: f, bytes: new Uint8Array(readFileSync(f)) })));
    expect(results.filter((r) => r.status !== 0)).toEqual([]);
    for (const r of results) sentSops.add(r.sopInstanceUid);
    const theirs = await orthanc.rest<string[]>('/instances');
    expect(theirs.length).toBe(sentSops.size);
    // The transfer syntax each one arrived in is the file's own (nothing transcoded on the way).
    for (const f of files.slice(-3)) {
      const meta = readFileMeta(readFileSync(f), f);
      const [hit] = await orthancFind<{ ID: string }[]>({ Level: 'Instance', Query: { SOPInstanceUID: meta.sopInstanceUid } });
      const ts = await (await fetch(`${orthanc.httpUrl}/instances/${hit!.ID}/metadata/TransferSyntax`)).text();
      expect(ts, f).toBe(meta.transferSyntaxUid);
    }
  }, 60_000);

  it('C-FIND at study, series and image level equals Orthanc’s own view', async () => {
    const studies = await find(peer, OUR_AE, 'STUDY', {});
    const restStudies = await orthancFind<OrthancStudy[]>({ Level: 'Study', Query: {} });
    expect(studies.map((s) => first(s, '0020000D')).sort()).toEqual(restStudies.map((s) => s.MainDicomTags.StudyInstanceUID).sort());
    for (const rest of restStudies) {
      const ours = studies.find((s) => first(s, '0020000D') === rest.MainDicomTags.StudyInstanceUID)!;
      expect(first(ours, '00100020')).toBe(rest.PatientMainDicomTags.PatientID);
      expect(first(ours, '00080020')).toBe(rest.MainDicomTags.StudyDate ?? '');
      expect(first(ours, '00080050')).toBe(rest.MainDicomTags.AccessionNumber ?? '');
      const series = await find(peer, OUR_AE, 'SERIES', { StudyInstanceUID: rest.MainDicomTags.StudyInstanceUID! });
      const restSeries = await orthancFind<{ MainDicomTags: Record<string, string> }[]>({ Level: 'Series', Query: { StudyInstanceUID: rest.MainDicomTags.StudyInstanceUID } });
      expect(series.map((s) => `${first(s, '0020000E')} ${first(s, '00080060')}`).sort()).toEqual(restSeries.map((s) => `${s.MainDicomTags.SeriesInstanceUID} ${s.MainDicomTags.Modality}`).sort());
      const images = await find(peer, OUR_AE, 'IMAGE', { StudyInstanceUID: rest.MainDicomTags.StudyInstanceUID!, SeriesInstanceUID: first(series[0]!, '0020000E') });
      const restImages = await orthancFind<{ MainDicomTags: Record<string, string> }[]>({ Level: 'Instance', Query: { SeriesInstanceUID: first(series[0]!, '0020000E') } });
      expect(images.map((i) => first(i, '00080018')).sort()).toEqual(restImages.map((i) => i.MainDicomTags.SOPInstanceUID).sort());
    }
    // Wildcards and date ranges match as Orthanc matches them.
    const queries: Record<string, string>[] = [{ PatientName: 'LIGHTBOX*' }, { StudyDate: '20000101-20301231' }, { PatientID: '*' }, { ModalitiesInStudy: 'CT' }];
    for (const query of queries) {
      const ours = await find(peer, OUR_AE, 'STUDY', query);
      const rest = await orthancFind<OrthancStudy[]>({ Level: 'Study', Query: query });
      expect(ours.map((s) => first(s, '0020000D')).sort(), JSON.stringify(query)).toEqual(rest.map((s) => s.MainDicomTags.StudyInstanceUID).sort());
    }
  }, 60_000);

  it('C-MOVE brings a study into our cache unchanged, value for value', async () => {
    const [study] = await orthancFind<OrthancStudy[]>({ Level: 'Study', Query: { PatientName: 'LIGHTBOX*' } });
    const uid = study!.MainDicomTags.StudyInstanceUID!;
    const progress: number[] = [];
    const counts = await move(peer, OUR_AE, OUR_AE, 'STUDY', { StudyInstanceUID: uid }, (c) => progress.push(c.completed));
    const instances = await orthancFind<{ ID: string; MainDicomTags: Record<string, string> }[]>({ Level: 'Instance', Query: { StudyInstanceUID: uid } });
    expect(counts).toMatchObject({ completed: instances.length, failed: 0 });
    await receiver.flush();
    for (const i of instances) {
      const cached = cache.index.findInstance(i.MainDicomTags.SOPInstanceUID!);
      expect(cached, i.MainDicomTags.SOPInstanceUID).toBeDefined();
      const theirs = new Uint8Array(await (await fetch(`${orthanc.httpUrl}/instances/${i.ID}/file`)).arrayBuffer());
      expect(datasetContent(path.join(cache.paths.objects, cached!.objectPath))).toBe(datasetContent(theirs));
    }
  }, 60_000);

  it('C-GET brings the compressed samples over the same association in their own syntax', async () => {
    const compressed = files.slice(-3).map((f) => readFileMeta(readFileSync(f), f));
    const got = new Map<string, Uint8Array>();
    for (const [i, meta] of compressed.entries()) {
      const ds = parseDicom(readFileSync(files[files.length - 3 + i]!), { source: 'sample' }).dataset;
      const counts = await get(
        peer,
        OUR_AE,
        'IMAGE',
        { StudyInstanceUID: first(ds, '0020000D'), SeriesInstanceUID: first(ds, '0020000E'), SOPInstanceUID: meta.sopInstanceUid },
        { sopClasses: [meta.sopClassUid], transferSyntaxes: [meta.transferSyntaxUid, '1.2.840.10008.1.2.1'] },
        (file, sop) => void got.set(sop, file),
      );
      expect(counts).toMatchObject({ completed: 1, failed: 0 });
      const file = got.get(meta.sopInstanceUid)!;
      expect(readFileMeta(file, 'C-GET').transferSyntaxUid).toBe(meta.transferSyntaxUid);
    }
    for (const [i, meta] of compressed.entries()) {
      expect(datasetContent(got.get(meta.sopInstanceUid)!)).toBe(datasetContent(files[files.length - 3 + i]!));
    }
  }, 60_000);
});
