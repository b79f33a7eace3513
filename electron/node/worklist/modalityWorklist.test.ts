import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffDicomJson } from '../../../testing/node/compareDicomJson';
import { missingHere } from '../../../testing/node/requiredInCi';
import { exampleWorklistDumps, findscuWorklist, startWorklistScp, WORKLIST_TEST_QUERIES as QUERIES, worklistFieldsFromJson as fieldsOf, worklistScpAvailable, type WorklistScp } from '../../../testing/node/worklistScp';
import type { DicomJsonDataset } from '../../common/dicom/model/dicomJson';
import { queryModalityWorklist } from './modalityWorklist';

// Our Modality Worklist C-FIND against dcmtk's wlmscpfs serving dcmtk's example worklist: for
// each query, what we receive equals what dcmtk's findscu -W receives for the same query, data
// set by data set, and our typed entries say what those data sets say.

const order = (a: { accessionNumber: string; scheduledStep: { id: string } }, b: typeof a): number => `${a.accessionNumber}|${a.scheduledStep.id}`.localeCompare(`${b.accessionNumber}|${b.scheduledStep.id}`);

describe.skipIf(missingHere(worklistScpAvailable(), "dcmtk's wlmscpfs, findscu, dump2dcm, dcm2json and its example worklist"))('Modality Worklist C-FIND against wlmscpfs', () => {
  let scp: WorklistScp;
  beforeAll(async () => {
    scp = await startWorklistScp((await exampleWorklistDumps()).map((file) => ({ file })));
  }, 30_000);
  afterAll(() => scp?.stop());

  it.each(QUERIES)('%s: the entries equal findscu -W’s responses', async (_name, query) => {
    const reference = (await findscuWorklist(scp.port, scp.aeTitle, query)) as DicomJsonDataset[];
    const ours = await queryModalityWorklist({ aeTitle: scp.aeTitle, host: '127.0.0.1', port: scp.port }, 'LIGHTBOX', query);
    expect(reference.length, 'the query matches something in the example worklist').toBeGreaterThan(0);
    expect(ours.length).toBe(reference.length);
    const expected = reference.map((ds) => ({ ...fieldsOf(ds), dataset: ds })).sort(order);
    const received = [...ours].sort(order);
    for (const [i, entry] of received.entries()) {
      expect(entry.source).toBe('mwl');
      const { dataset, source: _source, ...fields } = entry;
      const { dataset: referenceDataset, ...referenceFields } = expected[i]!;
      expect(fields).toEqual(referenceFields);
      expect(diffDicomJson(dataset, referenceDataset)).toEqual([]);
    }
    // The matching keys did their work (the SCP filtered, and so did the entries we typed).
    if (query.modality) expect(received.every((e) => e.scheduledStep.modality === query.modality)).toBe(true);
    if (query.patientName) expect(received.every((e) => e.patientName.startsWith(query.patientName!.replace('*', '')))).toBe(true);
    if (query.stationAeTitle) expect(received.every((e) => e.scheduledStep.stationAeTitles.includes(query.stationAeTitle!))).toBe(true);
  }, 30_000);

  it('everything: one entry per worklist file, none left out', async () => {
    const all = await queryModalityWorklist({ aeTitle: scp.aeTitle, host: '127.0.0.1', port: scp.port }, 'LIGHTBOX', {});
    expect(all.length).toBe(scp.files.length);
    expect(new Set(all.map((e) => e.studyInstanceUid)).size).toBe(scp.files.length);
  });
});
