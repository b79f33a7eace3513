import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textSink } from '../../../testing/node/textSink';
import { runCli } from '../cli/main';
import { missingHere } from '../../../testing/node/requiredInCi';
import { runTool } from '../../../testing/node/runTool';
import { startUpsRsServer, workitemFromWorklistJson, type UpsRsServer } from '../../../testing/node/upsRsServer';
import { exampleWorklistDumps, findscuWorklist, startWorklistScp, WORKLIST_TEST_QUERIES, worklistFieldsFromJson, worklistScpAvailable, type WorklistScp } from '../../../testing/node/worklistScp';
import type { WorklistEntry } from '../../common/worklist/worklistTypes';
import { DicomWebClient } from '../pacs/dicomWebClient';
import { searchWorklistItems, workitemSearchKeys } from './upsRsWorklist';

// UPS-RS as a worklist. No real UPS-RS peer is available here (Orthanc does not serve UPS-RS),
// so a small local service serves workitems made from dcmtk's example worklist (each .wl file
// converted with dcm2json, then mapped to a workitem: testing/node/upsRsServer.ts). For each query,
// our entries from that service equal the entries dcmtk's findscu -W gets from wlmscpfs serving the
// same worklist (except the step ID, which UPS does not have).

type Fields = ReturnType<typeof worklistFieldsFromJson>;
const comparable = (f: Fields | WorklistEntry): Omit<Fields, 'scheduledStep'> & { scheduledStep: Omit<Fields['scheduledStep'], 'id'> } => {
  const { id: _id, ...step } = f.scheduledStep;
  return {
    patientName: f.patientName,
    patientId: f.patientId,
    patientBirthDate: f.patientBirthDate,
    patientSex: f.patientSex,
    accessionNumber: f.accessionNumber,
    requestedProcedureId: f.requestedProcedureId,
    requestedProcedureDescription: f.requestedProcedureDescription,
    studyInstanceUid: f.studyInstanceUid,
    scheduledStep: step,
  };
};
const byAccession = (a: { accessionNumber: string }, b: { accessionNumber: string }): number => a.accessionNumber.localeCompare(b.accessionNumber);

describe.skipIf(missingHere(worklistScpAvailable(), "dcmtk's wlmscpfs, findscu, dump2dcm, dcm2json and its example worklist"))('UPS-RS worklist search', () => {
  let scp: WorklistScp;
  let ups: UpsRsServer;
  beforeAll(async () => {
    scp = await startWorklistScp((await exampleWorklistDumps()).map((file) => ({ file })));
    const workitems = [];
    for (const [i, file] of scp.files.entries()) workitems.push(workitemFromWorklistJson(JSON.parse((await runTool('dcm2json', [file])).toString()), i));
    ups = await startUpsRsServer(workitems);
  }, 30_000);
  afterAll(async () => {
    await ups?.stop();
    await scp?.stop();
  });

  it.each(WORKLIST_TEST_QUERIES)('%s: the entries equal what findscu -W gets from wlmscpfs', async (_name, query) => {
    const reference = (await findscuWorklist(scp.port, scp.aeTitle, query)).map(worklistFieldsFromJson);
    const ours = await searchWorklistItems(new DicomWebClient({ url: ups.url }), query);
    expect(reference.length).toBeGreaterThan(0);
    expect(ours.map(comparable).sort(byAccession)).toEqual(reference.map(comparable).sort(byAccession));
    for (const entry of ours) {
      expect(entry.source).toBe('ups-rs');
      expect(entry.workitemUid).toMatch(/^2\.25\.\d+$/);
      expect(entry.scheduledStep.id).toBe(entry.workitemUid);
    }
    // The query went out as UPS-RS matching keys (PS3.18 8.3.4), only scheduled workitems asked for.
    const sent = ups.requests.at(-1)!;
    expect(Object.fromEntries(sent)).toEqual(workitemSearchKeys(query));
    expect(sent.get('ProcedureStepState')).toBe('SCHEDULED');
    if (query.modality) expect(sent.get('ScheduledStationClassCodeSequence.CodeValue')).toBe(query.modality);
    if (query.scheduledDate === '19960101-19960430') expect(sent.get('ScheduledProcedureStepStartDateTime')).toBe('19960101000000-19960430235959');
  }, 30_000);

  it('lightbox worklist on a DICOMweb node added with --worklist searches its UPS-RS workitems', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-ups-cli-'));
    try {
      const run = async (argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
        const [out, err] = [textSink(), textSink()];
        const code = await runCli(['--data-dir', dataDir, ...argv], { stdout: out.stream, stderr: err.stream, env: {}, untilStopped: Promise.resolve() });
        return { code, stdout: out.text(), stderr: err.text() };
      };
      const added = await run(['nodes', 'add', 'ris-web', ups.url, '--worklist']);
      expect(added.stdout).toContain('UPS-RS worklist');
      const listed = await run(['worklist', '--modality', 'CT', '--date', '19930101-19961231', '--json']);
      expect(listed.code, listed.stderr).toBe(0);
      const reference = (await findscuWorklist(scp.port, scp.aeTitle, { modality: 'CT', scheduledDate: '19930101-19961231' })).map(worklistFieldsFromJson);
      expect((JSON.parse(listed.stdout) as WorklistEntry[]).map(comparable).sort(byAccession)).toEqual(reference.map(comparable).sort(byAccession));
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 30_000);

  it('says which node failed and how when the service refuses the search', async () => {
    const client = new DicomWebClient({ url: `${ups.url}/nowhere`, name: 'ris-web' });
    await expect(searchWorklistItems(client, {})).rejects.toThrow(/ris-web: GET \/workitems.*HTTP 404/);
  });
});
