import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPaths } from '../cache/importPaths';
import { StudyCache } from '../cache/studyCache';
import { runCli } from '../cli/main';
import { GENERATE_PRESETS, generateSyntheticStudies } from '../synthetic/generateSyntheticStudies';
import { orthancAvailable, startOrthanc, type OrthancPeer } from '../../../testing/node/orthancPeer';
import { orthancReceipts, type OrthancReceipts } from '../../../testing/node/orthancReceipts';
import { missingHere } from '../../../testing/node/requiredInCi';
import { drainLeftNothing, Outbox } from './outbox';
import { DEFAULT_PACS_SETTINGS, type PacsSettings } from './pacsSettings';

// The outbox against a real PACS (Orthanc) whose Lua hook records every instance it receives, so
// that a duplicate store — invisible in Orthanc's /instances — is counted (orthancReceipts.ts).

const EVERYTHING_DUE = Number.MAX_SAFE_INTEGER;
let dir: string;
let dataDir: string;
let orthanc: OrthancPeer;
let receipts: OrthancReceipts;
let studyUid: string;
let sops: string[];
let settings: PacsSettings;

async function orthancSops(): Promise<string[]> {
  const found = await (await fetch(`${orthanc.httpUrl}/tools/find`, { method: 'POST', body: JSON.stringify({ Level: 'Instance', Query: { StudyInstanceUID: studyUid }, Expand: true }) })).json();
  return (found as { MainDicomTags: { SOPInstanceUID: string } }[]).map((i) => i.MainDicomTags.SOPInstanceUID).sort();
}

async function deleteStudyAtOrthanc(): Promise<void> {
  const ids = (await (await fetch(`${orthanc.httpUrl}/tools/find`, { method: 'POST', body: JSON.stringify({ Level: 'Study', Query: { StudyInstanceUID: studyUid } }) })).json()) as string[];
  for (const id of ids) await fetch(`${orthanc.httpUrl}/studies/${id}`, { method: 'DELETE' });
  expect(await orthancSops()).toEqual([]);
}

/** How many times Orthanc received each of our instances since `before`. */
async function receivedSince(before: Map<string, number>): Promise<Record<string, number>> {
  const now = await receipts.counts();
  return Object.fromEntries(sops.map((sop) => [sop, (now.get(sop) ?? 0) - (before.get(sop) ?? 0)]));
}

const each = (n: number, except: Record<string, number> = {}): Record<string, number> => Object.fromEntries(sops.map((sop) => [sop, except[sop] ?? n]));

async function cli(argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const sink = new Writable({
    write(chunk, _enc, done) {
      out += String(chunk);
      done();
    },
  });
  const code = await runCli(['--data-dir', dataDir, ...argv], { stdout: sink, stderr: sink, env: {}, untilStopped: Promise.resolve() });
  return { code, out };
}

function withOutbox<T>(use: (outbox: Outbox, cache: StudyCache) => Promise<T>): Promise<T> {
  const cache = new StudyCache(dataDir, 'test');
  return use(new Outbox(cache), cache).finally(() => cache.close());
}

describe.skipIf(missingHere(orthancAvailable(), 'Orthanc with its DICOMweb plugin'))('outbox against Orthanc: each instance stored once', () => {
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-outbox-'));
    dataDir = path.join(dir, 'data');
    receipts = await orthancReceipts(dir);
    orthanc = await startOrthanc({ luaScripts: [receipts.script] });
    const generated = await generateSyntheticStudies({ outDir: path.join(dir, 'study'), preset: GENERATE_PRESETS.tiny!, seed: 'outbox-unit', onlySeries: ['axial-soft-thick'], currentOnly: true });
    studyUid = generated.studies[0]!.studyInstanceUid;
    const cache = new StudyCache(dataDir);
    await importPaths(cache, [path.join(dir, 'study')]);
    sops = cache.index.instancesOfStudy(studyUid).map((i) => i.sopUid).sort();
    cache.close();
    expect(sops.length).toBeGreaterThanOrEqual(8);
    const dimse = { kind: 'dimse' as const, aeTitle: orthanc.aeTitle, host: '127.0.0.1', port: orthanc.dicomPort };
    settings = { ...DEFAULT_PACS_SETTINGS, aeTitle: 'LIGHTBOX_T', nodes: [{ name: 'pacs', ...dimse, timeoutMs: 10_000 }, { name: 'pacs-slow', ...dimse, timeoutMs: 1_000 }, { name: 'pacs-lease', ...dimse }, { name: 'pacs-renew', ...dimse, timeoutMs: 10_000 }, { name: 'web-slow', kind: 'dicomweb', url: orthanc.dicomWebUrl, timeoutMs: 1_000 }] };
  }, 120_000);
  afterAll(async () => {
    await orthanc?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('a batch in which the PACS refused one instance: the next drain re-sends only that one', async () => {
    const refused = sops[3]!;
    await receipts.refuseOnce([refused]);
    const before = await receipts.counts();
    await withOutbox(async (outbox) => {
      expect(outbox.enqueue('pacs', sops)).toBe(sops.length);
      const first = await outbox.drain(settings, { now: EVERYTHING_DUE });
      expect(first).toMatchObject({ sent: sops.length - 1, failed: 0, deferred: 1, leased: 0, unreachable: {} });
      expect(drainLeftNothing(first)).toBe(false);
      // 0xA700 "Out of resources": a refusal a later try can overcome (PS3.4 B.2.3), so it waits in the queue.
      expect(outbox.list('queued')).toEqual([expect.objectContaining({ sopUid: refused, attempts: 1, inDoubt: false, lastError: expect.stringMatching(/a700|out of resources/i) })]);
      const second = await outbox.drain(settings, { now: EVERYTHING_DUE });
      expect(second).toMatchObject({ sent: 1, alreadyThere: 0, failed: 0, deferred: 0 });
      expect(drainLeftNothing(second)).toBe(true);
    });
    expect(await orthancSops()).toEqual(sops);
    // Received by Orthanc: each once, the refused one twice (refused, then stored).
    expect(await receivedSince(before)).toEqual(each(1, { [refused]: 2 }));
  });

  it('a batch cut off half-way (the PACS stalled, the association timed out): the next drain sends only what the PACS did not confirm, and asks about the one on the wire', async () => {
    await deleteStudyAtOrthanc();
    const stalled = sops[2]!;
    await receipts.stallOnce([stalled], 3);
    const before = await receipts.counts();
    await withOutbox(async (outbox) => {
      outbox.enqueue('pacs-slow', sops);
      const first = await outbox.drain(settings, { now: EVERYTHING_DUE });
      expect(first).toMatchObject({ sent: 2, failed: 0, deferred: sops.length - 2 });
      expect(first.unreachable['pacs-slow']).toMatch(/no answer for 1 s/);
      const queued = outbox.list('queued').filter((i) => i.node === 'pacs-slow');
      // The stalled one may be at the PACS (it was, once Orthanc woke up); the rest never left.
      expect(queued.filter((i) => i.inDoubt).map((i) => i.sopUid)).toEqual([stalled]);
      // Orthanc stores the stalled instance after its pause: the answer was lost, the store was not.
      const deadline = Date.now() + 15_000;
      while (!(await orthancSops()).includes(stalled)) {
        if (Date.now() > deadline) throw new Error(`Orthanc never stored the stalled instance\n${await orthanc.logTail()}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const second = await outbox.drain(settings, { now: EVERYTHING_DUE });
      expect(second).toMatchObject({ sent: sops.length - 2, alreadyThere: 1, failed: 0, deferred: 0, unreachable: {} });
    });
    expect(await orthancSops()).toEqual(sops);
    expect(await receivedSince(before)).toEqual(each(1));
  });

  it('a STOW-RS request that timed out: every instance it carried is asked about (QIDO), none is sent twice', async () => {
    await deleteStudyAtOrthanc();
    await receipts.stallOnce([sops[1]!], 3);
    const before = await receipts.counts();
    await withOutbox(async (outbox) => {
      outbox.enqueue('web-slow', sops);
      const first = await outbox.drain(settings, { now: EVERYTHING_DUE });
      expect(first).toMatchObject({ sent: 0, deferred: sops.length });
      expect(first.unreachable['web-slow']).toMatch(/no answer in 1 s/);
      // One request carried them all: any of them may be at the PACS.
      expect(outbox.list('queued').filter((i) => i.node === 'web-slow' && i.inDoubt)).toHaveLength(sops.length);
      // Orthanc goes on with the request after its pause and stores every instance.
      const deadline = Date.now() + 15_000;
      while ((await orthancSops()).length < sops.length) {
        if (Date.now() > deadline) throw new Error(`Orthanc did not finish the STOW-RS request\n${await orthanc.logTail()}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const second = await outbox.drain(settings, { now: EVERYTHING_DUE });
      expect(second).toMatchObject({ sent: sops.length, alreadyThere: sops.length, deferred: 0, unreachable: {} });
    });
    expect(await receivedSince(before)).toEqual(each(1));
  });

  it('items of a drain that died holding them: reported as leased while its lease lasts, then recovered by asking the PACS first', async () => {
    await deleteStudyAtOrthanc();
    // Half of the study reached the PACS before the drain died; it never recorded the answers.
    const arrived = sops.filter((_, i) => i % 2 === 0);
    const cache = new StudyCache(dataDir, 'test');
    for (const sop of arrived) await orthanc.upload(path.join(cache.paths.objects, cache.index.findInstance(sop)!.objectPath));
    const before = await receipts.counts();
    const outbox = new Outbox(cache);
    try {
      outbox.enqueue('pacs-lease', sops);
      // What a drain killed right after its claim leaves behind: its lease, running out in 1.5 s.
      const expiry = Date.now() + 1_500;
      cache.index.db.prepare(`UPDATE outbox SET state = 'sending', lease_owner = 'killed-drain', lease_until = ? WHERE node = 'pacs-lease'`).run(expiry);
      const during = await outbox.drain(settings, { now: EVERYTHING_DUE });
      expect(during).toMatchObject({ sent: 0, deferred: 0, leased: sops.length, leasedUntil: expiry });
      expect(drainLeftNothing(during)).toBe(false);
      expect(await receivedSince(before)).toEqual(each(0));
      await new Promise((r) => setTimeout(r, expiry - Date.now() + 50));
      const after = await outbox.drain(settings, { now: EVERYTHING_DUE });
      expect(after).toMatchObject({ sent: sops.length, alreadyThere: arrived.length, leased: 0, deferred: 0 });
      expect(drainLeftNothing(after)).toBe(true);
    } finally {
      cache.close();
    }
    expect(await orthancSops()).toEqual(sops);
    expect(await receivedSince(before)).toEqual(each(1, Object.fromEntries(arrived.map((s) => [s, 0]))));
  });

  it('a drain renews its lease while it works: another drain leaves its items alone, even past the first expiry', async () => {
    await deleteStudyAtOrthanc();
    await receipts.stallOnce([sops[0]!], 2);
    const before = await receipts.counts();
    const working = new StudyCache(dataDir, 'test');
    try {
      new Outbox(working).enqueue('pacs-renew', sops);
      // A 300 ms lease, and the PACS stalls 2 s on the first instance: only renewals keep it.
      const first = new Outbox(working).drain(settings, { now: EVERYTHING_DUE, leaseMs: 300 });
      await new Promise((r) => setTimeout(r, 1_000));
      const other = await withOutbox((outbox) => outbox.drain(settings, { now: EVERYTHING_DUE, leaseMs: 300 }));
      expect(other).toMatchObject({ sent: 0, leased: sops.length, deferred: 0 });
      expect(await first).toMatchObject({ sent: sops.length, alreadyThere: 0, leased: 0, deferred: 0, unreachable: {} });
    } finally {
      working.close();
    }
    expect(await receivedSince(before)).toEqual(each(1));
  });

  it('`send --again` sends a study the PACS deleted; each send is in the audit trail with node, count and outcome', async () => {
    await deleteStudyAtOrthanc();
    expect((await cli(['nodes', 'add', 'archive', `${orthanc.aeTitle}@127.0.0.1:${orthanc.dicomPort}`])).code).toBe(0);
    const before = await receipts.counts();
    const first = await cli(['send', 'archive', studyUid]);
    expect(first).toMatchObject({ code: 0, out: expect.stringContaining(`${sops.length} of ${sops.length} instances queued for archive`) });
    expect(first.out).toContain(`${sops.length} sent, 0 refused by the node; left: 0 still queued, 0 leased by another drain, 0 failed`);
    await deleteStudyAtOrthanc();
    // Without --again nothing is queued, and it says why.
    const plain = await cli(['send', 'archive', studyUid]);
    expect(plain.out).toContain(`0 of ${sops.length} instances queued for archive (${sops.length} already sent: --again sends them again)`);
    expect(await orthancSops()).toEqual([]);
    const again = await cli(['send', 'archive', studyUid, '--again']);
    expect(again).toMatchObject({ code: 0, out: expect.stringContaining(`${sops.length} of ${sops.length} instances queued for archive`) });
    expect(await orthancSops()).toEqual(sops);
    expect(await receivedSince(before)).toEqual(each(2));
    const cache = new StudyCache(dataDir, 'test');
    try {
      const trail = cache.index.auditTrail({ action: 'send', studyUid }).filter((e) => e.detail.startsWith('to archive:'));
      expect(trail).toHaveLength(2);
      for (const entry of trail) {
        expect(entry).toMatchObject({
          outcome: 'success',
          outcomeCode: 0,
          peer: orthanc.aeTitle,
          peerAddress: `127.0.0.1:${orthanc.dicomPort}`,
          localAe: 'LIGHTBOX',
          instances: sops.length,
          detail: `to archive: ${sops.length} sent, 0 refused, 0 left in the outbox`,
          patientId: expect.stringMatching(/\S/),
        });
      }
      // The batch the stalled PACS cut off, then the drain that finished it.
      const slow = cache.index.auditTrail({ action: 'send', studyUid }).filter((e) => e.detail.startsWith('to pacs-slow:')).reverse();
      expect(slow).toMatchObject([
        { outcome: expect.stringMatching(/^pacs-slow failed: .*no answer for 1 s/), outcomeCode: 4, instances: 2, detail: `to pacs-slow: 2 sent, 0 refused, ${sops.length - 2} left in the outbox` },
        { outcome: 'success', detail: `to pacs-slow: ${sops.length - 2} sent (1 found already there after an interrupted send), 0 refused, 0 left in the outbox` },
      ]);
    } finally {
      cache.close();
    }
  });
});
