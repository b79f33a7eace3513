import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHostClient, type HostClient } from '../../common/contract/hostClient';
import { decodeMultipart } from '../../common/contract/multipart';
import { importPaths } from '../cache/importPaths';
import { StudyCache } from '../cache/studyCache';
import { createHost } from '../host/createHost';
import { createVirtualDisplayService } from '../host/displayService';
import { startBrowserModeServer, type BrowserModeServer } from '../server/browserModeServer';
import { GENERATE_PRESETS, generateSyntheticStudies, type GeneratedManifest } from '../synthetic/generateSyntheticStudies';
import { localStudiesOf } from '../../../testing/node/localStudiesOf';

const TOKEN = 'dicomweb-test-token-0123456789';
let dir: string;
let cache: StudyCache;
let server: BrowserModeServer;
let client: HostClient;
let manifest: GeneratedManifest;
let closeStudies: () => Promise<void>;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-dicomweb-'));
  manifest = await generateSyntheticStudies({ outDir: path.join(dir, 'gen'), preset: GENERATE_PRESETS.tiny!, seed: 'dicomweb' });
  cache = new StudyCache(path.join(dir, 'data'));
  await importPaths(cache, [path.join(dir, 'gen')]);
  const { studies, close } = localStudiesOf(cache);
  closeStudies = close;
  const host = createHost({ mode: 'browser', dataDir: dir, displays: createVirtualDisplayService(1), studies });
  server = await startBrowserModeServer({ handle: host.handle, token: TOKEN });
  client = createHostClient({ baseUrl: server.origin, transport: (r) => fetch(r), headers: { authorization: `Bearer ${TOKEN}` } });
}, 120_000);
afterAll(async () => {
  await server.close();
  await closeStudies();
  cache.close();
  await rm(dir, { recursive: true, force: true });
});

const value = (ds: Record<string, { Value?: unknown[] }>, tag: string): unknown => ds[tag]?.Value?.[0];

describe('local DICOMweb (QIDO-RS, WADO-RS) over the loopback server', () => {
  it('QIDO-RS finds studies by name, date range and modality, with counts, as application/dicom+json', async () => {
    const response = await fetch(`${server.origin}/dicomweb/studies?PatientName=lightbox*`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.headers.get('content-type')).toBe('application/dicom+json');
    const studies = (await response.json()) as Array<Record<string, { Value?: unknown[] }>>;
    expect(studies.map((s) => value(s, '00080020'))).toEqual(['20261120', '20251118']);
    const current = studies[0]!;
    expect(value(current, '00100010')).toEqual({ Alphabetic: 'LIGHTBOX^SYNTHETIC CHEST PHANTOM' });
    expect(value(current, '00201206')).toBe(manifest.studies[0]!.series.length);
    expect(value(current, '00201208')).toBe(manifest.studies[0]!.series.reduce((n, s) => n + s.instances, 0));
    expect(await client.call('qidoStudies', { query: { StudyDate: '20260101-' } })).toHaveLength(1);
    expect(await client.call('qidoStudies', { query: { ModalitiesInStudy: 'MR' } })).toEqual([]);
    expect(await client.call('qidoStudies', { query: { limit: '1', offset: '1' } })).toHaveLength(1);
  });

  it('QIDO-RS lists series and instances of a study', async () => {
    const study = manifest.studies[0]!;
    const series = await client.call('qidoSeries', { params: { studyUid: study.studyInstanceUid } });
    expect(series.map((s) => value(s, '0020000E')).sort()).toEqual(study.series.map((s) => s.seriesInstanceUid).sort());
    const thin = study.series.find((s) => s.key === 'axial-soft-thin')!;
    const instances = await client.call('qidoInstances', { params: { studyUid: study.studyInstanceUid, seriesUid: thin.seriesInstanceUid } });
    expect(instances).toHaveLength(thin.instances);
    await expect(client.call('qidoSeries', { params: { studyUid: '1.2.3' } })).rejects.toMatchObject({ status: 404 });
  });

  it('WADO-RS metadata, bulk data, frames and instances agree with the stored files', async () => {
    const study = manifest.studies[0]!;
    const thin = study.series.find((s) => s.key === 'axial-soft-thin')!;
    const metadata = await client.call('wadoSeriesMetadata', { params: { studyUid: study.studyInstanceUid, seriesUid: thin.seriesInstanceUid } });
    expect(metadata).toHaveLength(thin.instances);
    const first = metadata[0]!;
    const sop = String(value(first, '00080018'));
    const uri = first['7FE00010']!.BulkDataURI!;
    expect(uri).toMatch(new RegExp(`^/dicomweb/studies/${study.studyInstanceUid}/series/${thin.seriesInstanceUid}/instances/${sop}/bulkdata/7FE00010\\?offset=\\d+&length=\\d+$`));
    const original = await readFile(path.join(dir, 'gen', thin.folder, `${String(value(first, '00200013')).padStart(4, '0')}.dcm`));
    const bulk = await fetch(`${server.origin}${uri}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const bulkBody = decodeMultipart(new Uint8Array(await bulk.arrayBuffer()), bulk.headers.get('content-type')!);
    const offset = Number(/offset=(\d+)/.exec(uri)![1]);
    expect(Buffer.from(bulkBody.parts[0]!.bytes).equals(original.subarray(offset))).toBe(true);
    // Native pixel data: the decoded frame is the same bytes.
    const frames = await client.call('wadoFrames', { params: { studyUid: study.studyInstanceUid, seriesUid: thin.seriesInstanceUid, instanceUid: sop, frames: '1' } });
    expect(frames.parts).toHaveLength(1);
    expect(Buffer.from(frames.parts[0]!.bytes).equals(bulkBody.parts[0]!.bytes)).toBe(true);
    await expect(client.call('wadoFrames', { params: { studyUid: study.studyInstanceUid, seriesUid: thin.seriesInstanceUid, instanceUid: sop, frames: '0' } })).rejects.toMatchObject({ status: 400 });
    const instance = await client.call('wadoInstance', { params: { studyUid: study.studyInstanceUid, seriesUid: thin.seriesInstanceUid, instanceUid: sop } });
    expect(instance.parts[0]!.contentType).toBe('application/dicom');
    expect(Buffer.from(instance.parts[0]!.bytes).equals(original)).toBe(true);
  });

  it('STOW-RS stores instances and reports the ones it could not understand', async () => {
    const other = await generateSyntheticStudies({ outDir: path.join(dir, 'stow'), preset: GENERATE_PRESETS.tiny!, onlySeries: ['scout'], currentOnly: true, seed: 'stow' });
    const scout = await readFile(path.join(dir, 'stow', other.studies[0]!.series[0]!.folder, '0001.dcm'));
    const response = await client.call('stowStudies', {
      body: {
        type: 'application/dicom',
        parts: [
          { contentType: 'application/dicom', bytes: new Uint8Array(scout) },
          { contentType: 'application/dicom', bytes: new TextEncoder().encode('not a DICOM file at all, sorry') },
        ],
      },
    });
    expect((response['00081199']!.Value as Array<Record<string, { Value?: unknown[] }>>).map((r) => r['00081155']!.Value![0])).toEqual([
      expect.stringMatching(/^2\.25\./),
    ]);
    expect((response['00081198']!.Value as Array<Record<string, { Value?: unknown[] }>>)[0]!['00081197']!.Value).toEqual([0xc000]);
    expect(await client.call('qidoStudies', { query: { StudyInstanceUID: other.studies[0]!.studyInstanceUid } })).toHaveLength(1);
  });

  it('is protected by the launch token like every host route', async () => {
    expect((await fetch(`${server.origin}/dicomweb/studies`)).status).toBe(401);
  });
});

/** Reads back our PNGs (filter 0 rows, one IDAT): width, height, channels, pixels. */
async function decodeOwnPng(png: Uint8Array): Promise<{ width: number; height: number; channels: number; pixels: Uint8Array }> {
  const { inflateSync } = await import('node:zlib');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  const channels = png[25] === 2 ? 3 : 1;
  let p = 8;
  let idat = new Uint8Array(0);
  while (p < png.length) {
    const length = view.getUint32(p);
    const type = new TextDecoder().decode(png.subarray(p + 4, p + 8));
    if (type === 'IDAT') idat = png.slice(p + 8, p + 8 + length);
    p += 12 + length;
  }
  const raw = new Uint8Array(inflateSync(idat));
  const pixels = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++) pixels.set(raw.subarray(y * (width * channels + 1) + 1, (y + 1) * (width * channels + 1)), y * width * channels);
  return { width, height, channels, pixels };
}

describe('WADO-RS thumbnails', () => {
  it('renders a series thumbnail with the image’s default window: lung dark, soft tissue mid-grey, the spine white', async () => {
    const study = manifest.studies[0]!;
    const thin = study.series.find((s) => s.key === 'axial-soft-thin')!;
    const response = await fetch(`${server.origin}/dicomweb/studies/${study.studyInstanceUid}/series/${thin.seriesInstanceUid}/thumbnail`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.headers.get('content-type')).toBe('image/png');
    const png = await decodeOwnPng(new Uint8Array(await response.arrayBuffer()));
    const size = GENERATE_PRESETS.tiny!.size;
    expect([png.width, png.height, png.channels]).toEqual([size.matrix, size.matrix, 1]);
    // Pixel (column, row) of a patient position (x, y) in the axial slice (FOV centred on the origin).
    const at = (x: number, y: number): number => {
      const ps = size.fov / size.matrix;
      const c = Math.round(x / ps + (size.matrix - 1) / 2);
      const r = Math.round(y / ps + (size.matrix - 1) / 2);
      return png.pixels[r * png.width + c]!;
    };
    expect(at(70, 0)).toBeLessThan(10); // left lung, -850 HU below the 40/400 window
    expect(at(0, 82)).toBeGreaterThan(245); // spine, 700 HU above it
    expect(Math.abs(at(120, -20) - 128)).toBeLessThan(25); // soft tissue, 40 HU, the window's centre
  });
});
