import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StudyCache } from '../cache/studyCache';
import { importPaths } from '../cache/importPaths';
import { createCacheQido } from '../dicomweb/cacheQido';
import { GENERATE_PRESETS, generateSyntheticStudies } from '../synthetic/generateSyntheticStudies';
import { listDicomFiles } from '../../../testing/node/listDicomFiles';
import { freeServicePort, orthancAvailable, startOrthanc, type OrthancPeer } from '../../../testing/node/orthancPeer';
import { Outbox } from './outbox';
import { loadPacsSettings } from './pacsSettings';
import { missingHere } from '../../../testing/node/requiredInCi';

// An outage in the middle of work, against a real Orthanc: a retrieve and an outbox send are
// running when the PACS is killed; both report it, the cache stays readable, and once the PACS is
// back the retrieve is re-run and the outbox drains — Orthanc ends with exactly the expected
// instances, none missing, none twice. Then the same with the Lightbox process killed mid-send.

const BIN = path.resolve(import.meta.dirname, '../../../bin/lightbox.js');
let dir: string;
let dataDir: string;
let orthanc: OrthancPeer;
let scpPort: number;
let remoteStudy: string;
let localStudy: string;
let remoteSops: string[];
let localSops: string[];

function cli(args: string[]): { done: Promise<{ code: number; out: string }>; kill: () => void } {
  const child = spawn(process.execPath, [BIN, '--data-dir', dataDir, ...args], { env: { ...process.env, TCP_NODELAY: '1' } });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return { done: new Promise((resolve) => child.on('close', (code) => resolve({ code: code ?? -1, out }))), kill: () => child.kill('SIGKILL') };
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function orthancSops(): Promise<string[]> {
  const found = (await (await fetch(`${orthanc.httpUrl}/tools/find`, { method: 'POST', body: JSON.stringify({ Level: 'Instance', Query: {}, Expand: true }) })).json()) as { MainDicomTags: { SOPInstanceUID: string } }[];
  return found.map((i) => i.MainDicomTags.SOPInstanceUID).sort();
}

function cachedCount(studyUid: string): number {
  const cache = new StudyCache(dataDir, 'test');
  try {
    return cache.index.instancesOfStudy(studyUid).length;
  } finally {
    cache.close();
  }
}

describe.skipIf(missingHere(orthancAvailable(), 'Orthanc with its DICOMweb plugin'))('outage: PACS and Lightbox killed mid-work', () => {
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-outage-'));
    dataDir = path.join(dir, 'data');
    scpPort = await freeServicePort();
    orthanc = await startOrthanc({ modalities: { lightbox: ['LIGHTBOX_OUT', '127.0.0.1', scpPort] } });
    // The PACS holds one patient's studies (current + prior); our cache holds another study to send.
    const generated = await generateSyntheticStudies({ outDir: path.join(dir, 'remote'), preset: GENERATE_PRESETS.tiny!, seed: 'outage-remote', onlySeries: ['axial-soft-thin', 'axial-lung-thin', 'coronal-reformat', 'sagittal-reformat'], currentOnly: true });
    remoteStudy = generated.studies[0]!.studyInstanceUid;
    for (const f of await listDicomFiles(path.join(dir, 'remote'))) await orthanc.upload(f);
    remoteSops = await orthancSops();
    const local = await generateSyntheticStudies({ outDir: path.join(dir, 'local'), preset: GENERATE_PRESETS.tiny!, seed: 'outage-local', onlySeries: ['axial-soft-thin', 'axial-lung-thin', 'axial-soft-thick'], currentOnly: true });
    localStudy = local.studies[0]!.studyInstanceUid;
    const cache = new StudyCache(dataDir);
    await importPaths(cache, [path.join(dir, 'local')]);
    localSops = cache.index.instancesOfStudy(localStudy).map((i) => i.sopUid).sort();
    cache.close();
    for (const args of [['nodes', 'local', '--aet', 'LIGHTBOX_OUT', '--scp-port', String(scpPort)], ['nodes', 'add', 'pacs', `${orthanc.aeTitle}@127.0.0.1:${orthanc.dicomPort}`, '--timeout', '3']]) {
      const r = await cli(args).done;
      expect(r.code, r.out).toBe(0);
    }
  }, 180_000);
  afterAll(async () => {
    await orthanc?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('the node is configured and answers', async () => {
    expect(loadPacsSettings(dataDir).nodes[0]).toMatchObject({ name: 'pacs', kind: 'dimse', port: orthanc.dicomPort, timeoutMs: 3000 });
    const r = await cli(['echo', 'pacs']).done;
    expect(r.out).toMatch(/pacs: ORTHANC@127\.0\.0\.1:\d+ \(DIMSE\) answered in \d+ ms/);
  });

  it('PACS killed during a retrieve and a send: both report it, the cache stays readable; after the restart the retrieve resumes and the outbox drains exactly once', async () => {
    const retrieve = cli(['retrieve', 'pacs', remoteStudy]);
    // Kill the PACS as soon as the first instances have landed.
    await until(() => cachedCount(remoteStudy) > 0).catch(async (error: Error) => {
      retrieve.kill();
      throw new Error(`${error.message}: nothing retrieved; the CLI said: ${(await retrieve.done).out}\nOrthanc's log:\n${await orthanc.logTail()}`);
    });
    await orthanc.kill();
    const first = await retrieve.done;
    expect(first.code).not.toBe(0);
    expect(first.out).toMatch(/ORTHANC@127\.0\.0\.1:\d+/);
    const partial = cachedCount(remoteStudy);
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(remoteSops.length);

    // A send while the PACS is down: queued, reported, kept.
    const send = await cli(['send', 'pacs', localStudy]).done;
    expect(send.code).toBe(1);
    expect(send.out).toMatch(/pacs unreachable: ORTHANC@127\.0\.0\.1:\d+: connection failed: ECONNREFUSED/);
    const cache = new StudyCache(dataDir, 'test');
    expect(new Outbox(cache).counts()).toMatchObject({ queued: localSops.length, sent: 0 });
    expect(new Outbox(cache).list('queued')[0]).toMatchObject({ attempts: 1, lastError: expect.stringMatching(/ECONNREFUSED/) });
    // Everything cached stays readable while the PACS is away (what the viewer reads).
    const web = createCacheQido(cache);
    expect(((await new Response(web.studyMetadata(localStudy)!.body).json()) as unknown[]).length).toBe(localSops.length);
    cache.close();

    await orthanc.restart();
    const second = await cli(['retrieve', 'pacs', remoteStudy, '--json']).done;
    expect(second.code, second.out).toBe(0);
    const result = JSON.parse(second.out.slice(second.out.indexOf('{'))) as { alreadyCached: number; received: number; missing: string[] };
    expect(result.alreadyCached).toBe(partial);
    expect(result.missing).toEqual([]);
    expect(cachedCount(remoteStudy)).toBe(remoteSops.length);

    const drain = await cli(['outbox', 'drain']).done;
    expect(drain.code, drain.out).toBe(0);
    expect(await orthancSops()).toEqual([...remoteSops, ...localSops].sort());
  }, 120_000);

  it('Lightbox killed mid-send: the next drain asks the PACS what arrived and sends only the rest', async () => {
    // Send the same study again to a second node name (the same Orthanc, after deleting it there).
    for (const id of (await (await fetch(`${orthanc.httpUrl}/tools/find`, { method: 'POST', body: JSON.stringify({ Level: 'Study', Query: { StudyInstanceUID: localStudy } }) })).json()) as string[]) {
      await fetch(`${orthanc.httpUrl}/studies/${id}`, { method: 'DELETE' });
    }
    const add = await cli(['nodes', 'add', 'pacs2', `${orthanc.aeTitle}@127.0.0.1:${orthanc.dicomPort}`]).done;
    expect(add.code).toBe(0);
    // A short lease: the drain below waits for it to run out before it recovers what the killed send held.
    const send = cli(['send', 'pacs2', localStudy, '--lease', '2']);
    await until(async () => (await orthancSops()).length > remoteSops.length);
    send.kill();
    await send.done;
    const cache = new StudyCache(dataDir, 'test');
    const counts = new Outbox(cache).counts();
    cache.close();
    // Killed mid-batch: some items are still claimed by the dead process.
    expect(counts.sending + counts.queued).toBeGreaterThan(0);
    const drain = await cli(['outbox', 'drain', '--wait']).done;
    expect(drain.code, drain.out).toBe(0);
    expect(await orthancSops()).toEqual([...remoteSops, ...localSops].sort());
    const after = new StudyCache(dataDir, 'test');
    expect(new Outbox(after).counts()).toMatchObject({ queued: 0, sending: 0, failed: 0, sent: 2 * localSops.length });
    after.close();
  }, 120_000);
});
