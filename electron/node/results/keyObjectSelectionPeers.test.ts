import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DicomJsonDataset } from '../../common/dicom/model/dicomJson';
import { parseDicom } from '../../common/dicom/parse/parseDicom';
import { KeyObjectTitles, type RejectionReason } from '../../common/results/keyObjects/keyObjectCodes';
import { readKeyObjectSelection } from '../../common/results/keyObjects/readKeyObjectSelection';
import { rejectionNoteOf } from '../../common/results/keyObjects/rejectionNote';
import { writeKeyObjectSelection, writeRejectionNote, type KeyObject } from '../../common/results/keyObjects/writeKeyObjectSelection';
import { dumpText, type DumpElement } from '../../../testing/common/dump2dcmText';
import { missingHere } from '../../../testing/node/requiredInCi';
import { samplePath, sharedSamplesAvailable } from '../../../testing/node/sharedSamples';
import { dciodvfy, dsrdump, DSRDUMP_TEMPLATE_NOTE, runCaptured } from '../../../testing/node/srPeers';

/**
 * Key Object Selection documents and IOCM rejection notes: ours pass dciodvfy and dsrdump and
 * read back as written; documents built by dcmtk (dump2dcm, from a dump this test writes) read
 * as dcmtk wrote them.
 */

const tools = ['dciodvfy', 'dsrdump', 'dump2dcm'].every((t) => existsSync(`/usr/bin/${t}`));
const load = (rel: string): DicomJsonDataset => parseDicom(new Uint8Array(readFileSync(samplePath(rel))), { source: rel }).dataset;
const str = (ds: DicomJsonDataset, tag: string): string => String(ds[tag]?.Value?.[0] ?? '');
const keyObject = (ds: DicomJsonDataset, frames?: number[]): KeyObject => ({
  studyInstanceUid: str(ds, '0020000D'),
  seriesInstanceUid: str(ds, '0020000E'),
  sopClassUid: str(ds, '00080016'),
  sopInstanceUid: str(ds, '00080018'),
  ...(frames ? { frames } : {}),
});
const doc = (n: number) => ({ seriesInstanceUid: `2.25.8100${n}`, sopInstanceUid: `2.25.8100${n}1`, contentDate: '20240102', contentTime: '030405' });

const code = (value: string, meaning: string): DumpElement[] => [
  ['0008,0100', 'SH', value],
  ['0008,0102', 'SH', 'DCM'],
  ['0008,0104', 'LO', meaning],
];

/** A KOS as a person would write it by hand from PS3.3 A.35.4 and TID 2010, for dump2dcm. */
function handWrittenKos(source: DicomJsonDataset, title: [string, string], refs: KeyObject[], description?: string): string {
  const series = [...new Set(refs.map((r) => r.seriesInstanceUid))];
  return dumpText([
    ['0008,0016', 'UI', '1.2.840.10008.5.1.4.1.1.88.59'],
    ['0008,0018', 'UI', '2.25.424242'],
    ['0008,0020', 'DA', str(source, '00080020')],
    ['0008,0023', 'DA', '20240102'],
    ['0008,0030', 'TM', str(source, '00080030')],
    ['0008,0033', 'TM', '030405'],
    ['0008,0050', 'SH', str(source, '00080050')],
    ['0008,0060', 'CS', 'KO'],
    ['0008,0070', 'LO', 'dump2dcm'],
    ['0008,0090', 'PN', ''],
    ['0008,1111', []],
    ['0010,0010', 'PN', 'Hand^Written'],
    ['0010,0020', 'LO', 'HW1'],
    ['0010,0030', 'DA', ''],
    ['0010,0040', 'CS', ''],
    ['0020,000d', 'UI', refs[0]!.studyInstanceUid],
    ['0020,000e', 'UI', '2.25.424243'],
    ['0020,0010', 'SH', '1'],
    ['0020,0011', 'IS', '99'],
    ['0020,0013', 'IS', '1'],
    ['0040,a040', 'CS', 'CONTAINER'],
    ['0040,a043', [code(title[0], title[1])]],
    ['0040,a050', 'CS', 'SEPARATE'],
    ['0040,a504', [[['0008,0105', 'CS', 'DCMR'], ['0040,db00', 'CS', '2010']]]],
    [
      '0040,a730',
      [
        ...(description ? [[['0040,a010', 'CS', 'CONTAINS'], ['0040,a040', 'CS', 'TEXT'], ['0040,a043', [code('113012', 'Key Object Description')]], ['0040,a160', 'UT', description]] as DumpElement[]] : []),
        ...refs.map((r): DumpElement[] => [
          ['0040,a010', 'CS', 'CONTAINS'],
          ['0040,a040', 'CS', 'IMAGE'],
          ['0008,1199', [[['0008,1150', 'UI', r.sopClassUid], ['0008,1155', 'UI', r.sopInstanceUid], ...(r.frames ? [['0008,1160', 'IS', r.frames.join('\\')] as DumpElement] : [])]]],
        ]),
      ],
    ],
    [
      '0040,a375',
      [
        [
          ['0020,000d', 'UI', refs[0]!.studyInstanceUid],
          [
            '0008,1115',
            series.map((s): DumpElement[] => [
              ['0020,000e', 'UI', s],
              ['0008,1199', refs.filter((r) => r.seriesInstanceUid === s).map((r): DumpElement[] => [['0008,1150', 'UI', r.sopClassUid], ['0008,1155', 'UI', r.sopInstanceUid]])],
            ]),
          ],
        ],
      ],
    ],
  ]);
}

describe.skipIf(missingHere(sharedSamplesAvailable() && tools, 'the shared DICOM samples, dciodvfy, dsrdump and dump2dcm'))('Key Object Selection and rejection notes', () => {
  let dir: string;
  const ct = ['01', '02', '03'].map((n) => load(`seg-sr/dcmqi/ct-3slice/${n}.dcm`));
  const seg = load('seg-sr/dcmqi/sr-example-qin-headneck/seg.dcm');
  const sr = load('seg-sr/dcmqi/sr-example-qin-headneck/sr.dcm');
  const rwvm = load('seg-sr/dcmqi/sr-example-qin-headneck/rwvm.dcm');
  const mr = load('pixel-formats/emri_small.dcm');

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-kos-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function checkedByPeers(name: string, bytes: Uint8Array): Promise<string> {
    const file = path.join(dir, `${name}.dcm`);
    await writeFile(file, bytes);
    const iod = await dciodvfy(file);
    console.log(`[dciodvfy ${iod.iod}] ${name}: ${iod.warnings.length} warnings${iod.warnings.map((w) => `\n  ${w}`).join('')}`);
    expect(iod.errors).toEqual([]);
    expect(iod.iod).toBe('KeyObjectSelectionDocument');
    const dump = await dsrdump(file);
    expect(dump.code).toBe(0);
    expect(dump.problems).toEqual([DSRDUMP_TEMPLATE_NOTE]);
    return dump.stdout;
  }

  it('a teaching selection of a segmentation (frames), an SR and a value map: valid, and read back as written', async () => {
    const objects = [keyObject(seg, [1, 2]), keyObject(sr), keyObject(rwvm)];
    const written = writeKeyObjectSelection({ source: seg, title: KeyObjectTitles.ForTeaching, description: 'Adenoid tumour, SUV map', observerName: 'Reader^Rita', objects, document: doc(1) });
    const dumped = await checkedByPeers('teaching', written.bytes);
    expect(dumped).toContain('"For Teaching"');
    expect(dumped.match(/contains (IMAGE|COMPOSITE):/g)).toEqual(['contains IMAGE:', 'contains COMPOSITE:', 'contains COMPOSITE:']);
    const back = readKeyObjectSelection(parseDicom(written.bytes, { source: 'teaching' }).dataset);
    expect(back).toEqual({ kind: 'key-objects', sopInstanceUid: doc(1).sopInstanceUid, title: KeyObjectTitles.ForTeaching, description: 'Adenoid tumour, SUV map', observerNames: ['Reader^Rita'], objects });
  });

  it('an "of interest" selection of CT images, no description', async () => {
    const objects = ct.map((d) => keyObject(d));
    const written = writeKeyObjectSelection({ source: ct[0]!, title: KeyObjectTitles.OfInterest, objects, document: doc(2) });
    await checkedByPeers('of-interest', written.bytes);
    const back = readKeyObjectSelection(parseDicom(written.bytes, { source: 'of-interest' }).dataset);
    expect(back).toMatchObject({ kind: 'key-objects', title: { value: '113000', scheme: 'DCM' }, objects });
    expect(back.kind === 'key-objects' && back.description).toBe(undefined);
  });

  it.each<[RejectionReason, string]>([
    ['quality', '113001'],
    ['patient-safety', '113037'],
    ['incorrect-worklist-entry', '113038'],
    ['retention-expired', '113039'],
  ])('a rejection note for %s (%s) reads as a rejection of exactly its instances', async (reason, codeValue) => {
    const rejected = ct.slice(1).map((d) => keyObject(d));
    const written = writeRejectionNote({ source: ct[0]!, reason, objects: rejected, document: doc(3) });
    const dumped = await checkedByPeers(`rejection-${reason}`, written.bytes);
    expect(dumped).toContain(`(${codeValue},DCM,`);
    const parsed = parseDicom(written.bytes, { source: reason }).dataset;
    expect(readKeyObjectSelection(parsed)).toMatchObject({ kind: 'rejection', reason, rejectedSopInstanceUids: rejected.map((r) => r.sopInstanceUid) });
    // The cache's own detector (header only) hides the same instances.
    expect(rejectionNoteOf(parsed)).toMatchObject({ reasonCode: codeValue, rejectedSopInstanceUids: rejected.map((r) => r.sopInstanceUid) });
  });

  it('reads KOS documents that dcmtk built: a rejection note and a teaching selection of MR frames', async () => {
    const cases = [
      { name: 'dcmtk-rejection', source: ct[0]!, title: ['113037', 'Rejected for Patient Safety Reasons'] as [string, string], refs: ct.map((d) => keyObject(d)) },
      { name: 'dcmtk-teaching', source: mr, title: ['113004', 'For Teaching'] as [string, string], refs: [keyObject(mr, [2, 5])], description: 'Frames 2 and 5' },
    ];
    for (const c of cases) {
      const dumpFile = path.join(dir, `${c.name}.txt`);
      const file = path.join(dir, `${c.name}.dcm`);
      await writeFile(dumpFile, handWrittenKos(c.source, c.title, c.refs, c.description));
      const built = await runCaptured('dump2dcm', ['+te', dumpFile, file]);
      expect(built.code, built.stderr).toBe(0);
      const dump = await dsrdump(file);
      expect(dump.code, dump.stderr).toBe(0);
      expect(dump.problems).toEqual([DSRDUMP_TEMPLATE_NOTE]);
      expect((await dciodvfy(file)).errors).toEqual([]);

      const back = readKeyObjectSelection(parseDicom(new Uint8Array(readFileSync(file)), { source: c.name }).dataset);
      if (c.title[0] === '113037') {
        expect(back).toEqual({ kind: 'rejection', sopInstanceUid: '2.25.424242', reason: 'patient-safety', title: { value: '113037', scheme: 'DCM', meaning: c.title[1] }, rejectedSopInstanceUids: c.refs.map((r) => r.sopInstanceUid), rejected: c.refs });
      } else {
        expect(back).toEqual({ kind: 'key-objects', sopInstanceUid: '2.25.424242', title: { value: '113004', scheme: 'DCM', meaning: 'For Teaching' }, description: c.description, observerNames: [], objects: c.refs });
      }
    }
  });
});
