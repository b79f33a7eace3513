import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../common/audit/auditEntry';
import type { HostErrorBody, StudySummary } from '../../common/contract/hostContract';
import type { SecondOpinionResponse } from '../../common/export/secondOpinion';
import { orthancAvailable, startOrthanc, type OrthancPeer } from '../../../testing/node/orthancPeer';
import { missingHere } from '../../../testing/node/requiredInCi';
import { runTool } from '../../../testing/node/runTool';
import { samplePath, sharedSamplesAvailable } from '../../../testing/node/sharedSamples';
import { startServedHost, type ServedHost } from '../../../testing/node/servedHost';

// "Send for second opinion" (issue 22): through a served host and the CLI to a real Orthanc. A
// de-identified study arrives with none of the patient's name or ID bytes (scanned in the files
// Orthanc returns), another study of the same patient arrives under the same pseudonym, the audit
// trail holds the export naming node and profile; a plain second opinion arrives byte for byte;
// an image with possible burned-in identity stops the de-identified send, named.

const BIN = path.resolve(import.meta.dirname, '../../../bin/lightbox.js');
const run = promisify(execFile);
// One patient (Doe^Archibald, 77654033) with two studies: 3 CR images, 4 CT images.
const PATIENT_DIR = 'dicomdir/pcir-mixed/77654033';
const PLAIN = 'transfer-syntaxes/mr-small/MR_small.dcm';
// A Secondary Capture without Burned In Annotation: the profile cannot vouch for its pixels.
const SCREEN_CAPTURE = 'transfer-syntaxes/jpeg-baseline/SC_rgb.dcm';

interface SourceFacts {
  patientName: string;
  patientId: string;
  studyUid: string;
  sopUid: string;
}

/** What dcmtk reads from a sample (never our own parser: these are what must not leave). */
async function factsOf(file: string): Promise<SourceFacts> {
  const dump = (await runTool('dcmdump', ['-q', '+P', '0010,0010', '+P', '0010,0020', '+P', '0020,000d', '+P', '0008,0018', file])).toString();
  const value = (tag: string): string => new RegExp(`\\(${tag}\\) \\w\\w \\[([^\\]]*)\\]`).exec(dump)?.[1] ?? '';
  return { patientName: value('0010,0010'), patientId: value('0010,0020'), studyUid: value('0020,000d'), sopUid: value('0008,0018') };
}

function contains(haystack: Uint8Array, needle: string): boolean {
  return Buffer.from(haystack).includes(Buffer.from(needle, 'latin1'));
}

describe.skipIf(missingHere(sharedSamplesAvailable(), 'the shared DICOM samples (../shared/dicom-samples)') || missingHere(orthancAvailable(), 'Orthanc (Debian orthanc + orthanc-dicomweb)'))('second opinion through a PACS', () => {
  let dir: string;
  let orthanc: OrthancPeer;
  let host: ServedHost;
  let auth: Record<string, string>;
  let cr: SourceFacts;
  let ct: SourceFacts;
  let crFiles: string[];
  let ctFiles: string[];
  let firstPseudonym: string;
  const lightbox = (args: string[]) => run(process.execPath, [BIN, '--data-dir', path.join(dir, 'data'), ...args]);
  const post = (url: string, body: unknown): Promise<Response> =>
    fetch(`${host.origin}${url}`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  /** Every instance Orthanc holds: its file, as Orthanc returns it, and its main tags. */
  const orthancFiles = async (): Promise<Array<{ bytes: Uint8Array; tags: Record<string, string> }>> => {
    const ids = await orthanc.rest<string[]>('/instances');
    return Promise.all(
      ids.map(async (id) => {
        const res = await fetch(`${orthanc.httpUrl}/instances/${id}/file`);
        expect(res.status).toBe(200);
        return { bytes: new Uint8Array(await res.arrayBuffer()), tags: await orthanc.rest<Record<string, string>>(`/instances/${id}/simplified-tags`) };
      }),
    );
  };
  const countAtOrthanc = async (): Promise<number> => (await orthanc.rest<string[]>('/instances')).length;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-second-opinion-'));
    orthanc = await startOrthanc();
    const patientDir = samplePath(PATIENT_DIR);
    const series = await readdir(patientDir);
    const filesOf = async (prefix: string): Promise<string[]> =>
      (await Promise.all(series.filter((s) => s.startsWith(prefix)).map(async (s) => (await readdir(path.join(patientDir, s))).map((f) => path.join(patientDir, s, f))))).flat();
    crFiles = await filesOf('CR');
    ctFiles = await filesOf('CT');
    cr = await factsOf(crFiles[0]!);
    ct = await factsOf(ctFiles[0]!);
    expect(cr.patientId).toBe(ct.patientId);
    expect(cr.studyUid).not.toBe(ct.studyUid);
    await lightbox(['import', ...crFiles, ...ctFiles, samplePath(PLAIN), samplePath(SCREEN_CAPTURE)]);
    await lightbox(['nodes', 'add', 'PACS', orthanc.dicomWebUrl]);
    host = await startServedHost({ dataDir: path.join(dir, 'data') });
    auth = { authorization: `Bearer ${host.token}` };
  }, 120_000);
  afterAll(async () => {
    await host?.close();
    await orthanc?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('sends a de-identified copy that carries none of the patient’s name or ID bytes, kept in the study list under its pseudonym', async () => {
    const res = await post(`/api/studies/${cr.studyUid}/second-opinion`, { node: 'PACS', deidentify: { options: [] } });
    expect(res.status, await res.clone().text()).toBe(200);
    const sent = (await res.json()) as SecondOpinionResponse;
    expect(sent).toMatchObject({ node: 'PACS', originalStudyInstanceUid: cr.studyUid, deidentified: true, instances: crFiles.length, queued: crFiles.length, leftOut: [] });
    expect(sent.studyInstanceUid).not.toBe(cr.studyUid);
    firstPseudonym = sent.pseudonym!;
    expect(firstPseudonym).not.toContain(cr.patientId);

    await expect.poll(countAtOrthanc, { timeout: 60_000 }).toBe(crFiles.length);
    const held = await orthancFiles();
    for (const { bytes, tags } of held) {
      for (const identity of [cr.patientName, cr.patientName.split('^')[1]!, cr.patientId, cr.studyUid]) expect(contains(bytes, identity), `"${identity}" in ${tags.SOPInstanceUID}`).toBe(false);
      expect(tags.PatientID).toBe(firstPseudonym);
      expect(tags.StudyInstanceUID).toBe(sent.studyInstanceUid);
      expect(tags.PatientIdentityRemoved).toBe('YES');
    }

    // The sender sees what left: the copy is a study of its own in the local cache.
    const list = (await (await fetch(`${host.origin}/api/studies`, { headers: auth })).json()) as StudySummary[];
    expect(list.find((s) => s.studyInstanceUid === sent.studyInstanceUid)).toMatchObject({ patientId: firstPseudonym, instanceCount: crFiles.length });

    // Sent once: asking again finds the same copy, already at the node, and queues nothing.
    const again = (await (await post(`/api/studies/${cr.studyUid}/second-opinion`, { node: 'PACS', deidentify: { options: [] } })).json()) as SecondOpinionResponse;
    expect(again).toMatchObject({ studyInstanceUid: sent.studyInstanceUid, pseudonym: firstPseudonym, queued: 0 });
  }, 120_000);

  it('gives the patient’s other study the same pseudonym (lightbox send STUDY --to NODE --deidentify)', async () => {
    const { stdout } = await lightbox(['send', ct.studyUid, '--to', 'PACS', '--deidentify', 'basic,clean-descriptors']);
    expect(stdout).toContain(`patient ${firstPseudonym}`);
    await expect.poll(countAtOrthanc, { timeout: 60_000 }).toBe(crFiles.length + ctFiles.length);
    const held = await orthancFiles();
    const ctCopies = held.filter((f) => f.tags.Modality === 'CT');
    expect(ctCopies.length).toBe(ctFiles.length);
    for (const { bytes, tags } of ctCopies) {
      for (const identity of [ct.patientName, ct.patientId, ct.studyUid]) expect(contains(bytes, identity), `"${identity}" in ${tags.SOPInstanceUID}`).toBe(false);
      expect(tags.PatientID).toBe(firstPseudonym);
    }
    // Orthanc files both studies under one patient: the pseudonym joins them, as the name did.
    const patients = await orthanc.rest<Array<{ MainDicomTags: { PatientID: string }; Studies: string[] }>>('/patients?expand');
    expect(patients.map((p) => [p.MainDicomTags.PatientID, p.Studies.length])).toEqual([[firstPseudonym, 2]]);
  }, 120_000);

  it('audits each de-identified second opinion as an export of the original study, naming the node and the profile', async () => {
    const { stdout } = await lightbox(['audit', '--action', 'export', '--json']);
    const rows = JSON.parse(stdout) as AuditEntry[];
    for (const [facts, options] of [
      [cr, ''],
      [ct, 'clean-descriptors'],
    ] as const) {
      const row = rows.find((r) => r.studyUid === facts.studyUid && r.outcome === 'success');
      expect(row, `export row of ${facts.studyUid}`).toBeDefined();
      expect(row!.patientId).toBe(facts.patientId);
      expect(row!.peer).toBe('PACS');
      expect(row!.peerAddress).toBe(orthanc.dicomWebUrl);
      expect(row!.detail).toContain('second opinion to node PACS');
      expect(row!.detail).toContain('Basic Application Confidentiality Profile');
      expect(row!.detail).toContain(options);
      expect(row!.detail).toContain(`patient ${firstPseudonym}`);
      expect(row!.user).not.toBe('');
    }
  });

  it('sends a plain second opinion byte for byte', async () => {
    const plain = await factsOf(samplePath(PLAIN));
    const before = await countAtOrthanc();
    const res = await post(`/api/studies/${plain.studyUid}/second-opinion`, { node: 'PACS' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ deidentified: false, studyInstanceUid: plain.studyUid, queued: 1 });
    await expect.poll(countAtOrthanc, { timeout: 60_000 }).toBe(before + 1);
    const arrived = (await orthancFiles()).find((f) => f.tags.SOPInstanceUID === plain.sopUid)!;
    const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
    expect(sha(arrived.bytes)).toBe(sha(new Uint8Array(await readFile(samplePath(PLAIN)))));
  }, 120_000);

  it('refuses to de-identify an image that may show identity in its pixels, naming it, and sends nothing', async () => {
    const capture = await factsOf(samplePath(SCREEN_CAPTURE));
    const before = await countAtOrthanc();
    const res = await post(`/api/studies/${capture.studyUid}/second-opinion`, { node: 'PACS', deidentify: { options: [] } });
    expect(res.status).toBe(422);
    const body = (await res.json()) as HostErrorBody;
    expect(body.code).toBe('deidentify-refused');
    expect(body.error).toContain(capture.sopUid);
    expect(body.error).toMatch(/Secondary Capture/);
    const retainUids = await post(`/api/studies/${capture.studyUid}/second-opinion`, { node: 'PACS', deidentify: { options: ['retain-uids'] } });
    expect(retainUids.status).toBe(400);
    const cli = await lightbox(['send', capture.studyUid, '--to', 'PACS', '--deidentify', 'basic']).catch((e: { code: number; stderr: string }) => e);
    expect((cli as { code: number }).code).toBe(1);
    expect((cli as { stderr: string }).stderr).toContain(`refused: ${capture.sopUid}`);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await countAtOrthanc()).toBe(before);
    const { stdout } = await lightbox(['audit', '--action', 'export', '--study', capture.studyUid, '--json']);
    expect((JSON.parse(stdout) as AuditEntry[]).some((r) => r.outcome.startsWith('refused') && r.detail.includes(capture.sopUid))).toBe(true);
  }, 120_000);
});
