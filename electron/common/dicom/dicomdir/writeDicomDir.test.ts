import { describe, expect, it } from 'vitest';
import { textValue } from '../../deidentify/replacementValues';
import { buildDirectoryRecords } from './buildDirectoryRecords';
import { readDicomDir, referencedFiles } from './readDicomDir';
import { recordSourceOf } from './recordSource';
import { writeDicomDir } from './writeDicomDir';

describe('DICOMDIR writer and reader agree', () => {
  it('our reader follows the offsets we write (no fallback to nesting by order)', () => {
    const el = (tag: number, vr: string, v: string) => ({ tag, vr, value: textValue(v, vr) });
    const counts = new Map<string, number>();
    const sources = [
      ['P1', 'DOE^JANE', '1.2.3', '1.2.3.1', '1.2.3.1.1', '2'],
      ['P1', 'DOE^JANE', '1.2.3', '1.2.3.1', '1.2.3.1.2', '1'],
      ['P2', 'ROE^RICHARD', '1.2.4', '1.2.4.1', '1.2.4.1.1', '1'],
    ].map(([id, name, study, series, sop, number]) => {
      const n = (counts.get(id!) ?? 0) + 1;
      counts.set(id!, n);
      const fileId = ['DICOM', id === 'P1' ? 'PAT00001' : 'PAT00002', 'STU00001', 'SER00001', `IMG0000${n}`];
      return recordSourceOf(
        [el(0x00100020, 'LO', id!), el(0x00100010, 'PN', name!), el(0x0020000d, 'UI', study!), el(0x0020000e, 'UI', series!), el(0x00200013, 'IS', number!), el(0x00080060, 'CS', 'CT'), el(0x00200011, 'IS', '1'), el(0x00080020, 'DA', '20240101'), el(0x00080030, 'TM', '120000'), el(0x00200010, 'SH', 'S1')],
        { fileId, sopClassUid: '1.2.840.10008.5.1.4.1.1.2', sopInstanceUid: sop!, transferSyntaxUid: '1.2.840.10008.1.2.1' },
      );
    });
    const { roots, invented } = buildDirectoryRecords(sources, 'general');
    expect(invented).toEqual([]);
    const bytes = writeDicomDir(roots, { fileSetId: 'TEST', fileSetUid: '2.25.1' });
    const read = readDicomDir(bytes, 'DICOMDIR');
    expect(read.warnings).toEqual([]);
    expect(read.roots.map((r) => r.type)).toEqual(['PATIENT', 'PATIENT']);
    // Sorted by Instance Number within the series, as dcmmkdir inserts them.
    expect(referencedFiles(read.roots).map((f) => f.file)).toEqual([
      'DICOM/PAT00001/STU00001/SER00001/IMG00002',
      'DICOM/PAT00001/STU00001/SER00001/IMG00001',
      'DICOM/PAT00002/STU00001/SER00001/IMG00001',
    ]);
  });
});
