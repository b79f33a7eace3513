import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PacsStatus, StudyResults } from '../../common/contract/hostContract';
import { encodeMultipart } from '../../common/contract/multipart';
import { orthancAvailable, startOrthanc, type OrthancPeer } from '../../../testing/node/orthancPeer';
import { missingHere } from '../../../testing/node/requiredInCi';
import { samplePath, sharedSamplesAvailable } from '../../../testing/node/sharedSamples';
import { startServedHost, type ServedHost } from '../../../testing/node/servedHost';

// The AI hook (issue 21): a node marked as an AI service receives the study like any node (here a
// real Orthanc over DICOMweb stands in for the algorithm host), and the request stays pending until
// a result for that study, made by someone else, is stored here — a SEG arriving by STOW-RS.

const BIN = path.resolve(import.meta.dirname, '../../../bin/lightbox.js');
const run = promisify(execFile);
const HIGHDICOM = 'seg-sr/highdicom';
const STUDY = '1.3.6.1.4.1.5962.1.2.1.20040119072730.12322';
const SEG_SOP_FILE = 'seg_image_ct_binary_single_frame.dcm';

describe.skipIf(missingHere(sharedSamplesAvailable(), 'the shared DICOM samples (../shared/dicom-samples)') || missingHere(orthancAvailable(), 'Orthanc (Debian orthanc + orthanc-dicomweb)'))('AI service requests', () => {
  let dir: string;
  let orthanc: OrthancPeer;
  let host: ServedHost;
  let auth: Record<string, string>;
  const lightbox = (args: string[]) => run(process.execPath, [BIN, '--data-dir', path.join(dir, 'data'), ...args]);
  const get = async <T>(url: string): Promise<T> => (await (await fetch(`${host.origin}${url}`, { headers: auth })).json()) as T;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-ai-'));
    orthanc = await startOrthanc();
    await lightbox(['import', samplePath(`${HIGHDICOM}/ct_image.dcm`)]);
    await lightbox(['nodes', 'add', 'SEGMENTER', orthanc.dicomWebUrl, '--ai-service']);
    host = await startServedHost({ dataDir: path.join(dir, 'data') });
    auth = { authorization: `Bearer ${host.token}` };
  }, 120_000);
  afterAll(async () => {
    await host?.close();
    await orthanc?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('sends the study to the AI node, keeps the request pending, and marks it answered when a foreign SEG for the study arrives', async () => {
    const status = await get<PacsStatus>('/api/pacs');
    expect(status.nodes.find((n) => n.name === 'SEGMENTER')?.aiService).toBe(true);
    expect((await lightbox(['nodes', 'ls'])).stdout).toContain('AI service');
    const sent = await fetch(`${host.origin}/api/pacs/nodes/SEGMENTER/send`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ studyInstanceUid: STUDY }) });
    expect(sent.status).toBe(200);
    let results = await get<StudyResults>(`/api/studies/${STUDY}/results`);
    expect(results.aiRequests).toMatchObject([{ node: 'SEGMENTER', state: 'pending' }]);

    // The algorithm host has the study (the outbox delivered it).
    await expect.poll(async () => (await orthanc.rest<string[]>('/studies')).length, { timeout: 60_000 }).toBe(1);
    results = await get<StudyResults>(`/api/studies/${STUDY}/results`);
    expect(results.aiRequests[0]!.state).toBe('pending');

    // Its result comes back by STOW-RS.
    const seg = new Uint8Array(await readFile(samplePath(`${HIGHDICOM}/${SEG_SOP_FILE}`)));
    const body = encodeMultipart({ type: 'application/dicom', parts: [{ contentType: 'application/dicom', bytes: seg }] });
    const stored = await fetch(`${host.origin}/dicomweb/studies`, { method: 'POST', headers: { ...auth, 'content-type': body.contentType }, body: body.bytes as Uint8Array<ArrayBuffer> });
    expect(stored.status).toBe(200);
    results = await get<StudyResults>(`/api/studies/${STUDY}/results`);
    const segResult = results.results.find((r) => r.kind === 'seg')!;
    expect(results.aiRequests).toMatchObject([{ node: 'SEGMENTER', state: 'answered', answeredBy: segResult.sopInstanceUid }]);
    const text = (await lightbox(['results', 'ls', STUDY])).stdout;
    expect(text).toContain(`AI request to SEGMENTER`);
    expect(text).toContain(`answered at`);
  }, 120_000);
});
