import { request as httpRequest } from 'node:http';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeMultipart } from '../../common/contract/multipart';
import { GENERATE_PRESETS, generateSyntheticStudies } from '../synthetic/generateSyntheticStudies';
import { startServedHost, type ServedHost } from '../../../testing/node/servedHost';

// Error answers against `lightbox serve` in its own process (issue 19): a missing frame answered
// 500 with the absolute path of the cache file, and `TRACE /` answered 500.
let dir: string;
let host: ServedHost;
let auth: Record<string, string>;
let ids: { study: string; series: string; sop: string };

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-errors-'));
  const manifest = await generateSyntheticStudies({ outDir: path.join(dir, 'gen'), preset: GENERATE_PRESETS.tiny!, onlySeries: ['scout'], currentOnly: true, seed: 'errors' });
  const study = manifest.studies[0]!;
  const series = study.series[0]!;
  host = await startServedHost({ dataDir: path.join(dir, 'data') });
  auth = { authorization: `Bearer ${host.token}` };
  const bytes = new Uint8Array(await readFile(path.join(dir, 'gen', series.folder, '0001.dcm')));
  const stow = encodeMultipart({ type: 'application/dicom', parts: [{ contentType: 'application/dicom', bytes }] });
  const stored = (await (await fetch(`${host.origin}/dicomweb/studies`, { method: 'POST', headers: { ...auth, 'content-type': stow.contentType }, body: stow.bytes as Uint8Array<ArrayBuffer> })).json()) as Record<string, { Value: Array<Record<string, { Value: string[] }>> }>;
  const sop = stored['00081199']!.Value[0]!['00081155']!.Value[0]!;
  ids = { study: study.studyInstanceUid, series: series.seriesInstanceUid, sop };
}, 120_000);
afterAll(async () => {
  await host?.close();
  await rm(dir, { recursive: true, force: true });
});

/** A request node:http sends as it is (fetch refuses TRACE). */
function rawRequest(method: string, urlPath: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${host.origin}${urlPath}`, { method, headers: auth }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('error answers of the running server', () => {
  it('answers 404 without any local path when an instance’s file is gone, and logs the path on the server side', async () => {
    const frameUrl = `/api/studies/${ids.study}/series/${ids.series}/instances/${ids.sop}/frames/1`;
    expect((await fetch(`${host.origin}${frameUrl}`, { headers: auth })).status).toBe(200);
    const objects = path.join(dir, 'data', 'cache', 'objects');
    for (const e of await readdir(objects, { recursive: true, withFileTypes: true })) if (e.isFile()) await rm(path.join(e.parentPath, e.name));
    const wado = `/dicomweb/studies/${ids.study}/series/${ids.series}/instances/${ids.sop}`;
    for (const url of [frameUrl, `${wado}/frames/1`, wado, `${wado}/thumbnail`]) {
      const response = await fetch(`${host.origin}${url}`, { headers: auth });
      const text = await response.text();
      expect({ url, status: response.status }).toEqual({ url, status: 404 });
      expect(JSON.parse(text)).toMatchObject({ code: 'not-found' });
      expect(text).not.toContain(dir);
      expect(text).not.toMatch(/\/tmp\/|objects\//);
    }
    // The details, with the file's path, are in the host's log for whoever runs it.
    expect(host.stderr()).toContain(objects);
  });

  it('answers 405 with an Allow header to methods it does not serve', async () => {
    const trace = await rawRequest('TRACE', '/');
    expect(trace.status).toBe(405);
    expect(trace.headers.allow).toBe('GET, HEAD, POST, PUT, DELETE');
    expect(JSON.parse(trace.body)).toMatchObject({ code: 'method-not-allowed' });
    const patch = await rawRequest('PATCH', '/api/host');
    expect([patch.status, patch.headers.allow]).toEqual([405, 'GET, HEAD, POST, PUT, DELETE']);
    // A route that exists, asked with a method it does not take.
    const deleteHost = await rawRequest('DELETE', '/api/host');
    expect([deleteHost.status, deleteHost.headers.allow]).toEqual([405, 'GET']);
    const postStatic = await rawRequest('POST', '/index.html');
    expect([postStatic.status, postStatic.headers.allow]).toEqual([405, 'GET, HEAD']);
  });
});
