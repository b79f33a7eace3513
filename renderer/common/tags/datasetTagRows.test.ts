import { describe, expect, it } from 'vitest';
import type { DicomJsonDataset } from '../../../electron/common/dicom/model/dicomJson';
import { datasetTagRows, searchTagRows } from './datasetTagRows';

const ds: DicomJsonDataset = {
  '00100010': { vr: 'PN', Value: [{ Alphabetic: 'Doe^Jane', Ideographic: '山田^花子' }] },
  '00080005': { vr: 'CS', Value: ['ISO_IR 192'] },
  '00081115': {
    vr: 'SQ',
    Value: [
      { '0020000E': { vr: 'UI', Value: ['1.2.3'] }, '0008114A': { vr: 'SQ', Value: [{ '00081155': { vr: 'UI', Value: ['1.2.3.4'] } }, { '00081155': { vr: 'UI', Value: ['1.2.3.5'] } }] } },
    ],
  },
  '00291010': { vr: 'OB', InlineBinary: 'AAECAwQ=' },
  '00290010': { vr: 'LO', Value: ['SIEMENS CSA HEADER'] },
  '7FE00010': { vr: 'OW', BulkDataURI: 'file:///x?offset=1&length=2' },
  '00280030': { vr: 'DS', Value: [0.5, 0.5] },
};

describe('datasetTagRows', () => {
  const rows = datasetTagRows(ds);
  it('lists attributes in tag order, sequences with their items one level deeper and their attributes two', () => {
    expect(rows.map((r) => `${'  '.repeat(r.depth)}${r.tag} ${r.keyword}`)).toEqual([
      '(0008,0005) SpecificCharacterSet',
      '(0008,1115) ReferencedSeriesSequence',
      '  Item 1 ',
      '    (0008,114A) ReferencedInstanceSequence',
      '      Item 1 ',
      '        (0008,1155) ReferencedSOPInstanceUID',
      '      Item 2 ',
      '        (0008,1155) ReferencedSOPInstanceUID',
      '    (0020,000E) SeriesInstanceUID',
      '(0010,0010) PatientName',
      '(0028,0030) PixelSpacing',
      '(0029,0010) PrivateCreator',
      '(0029,1010) Private (SIEMENS CSA HEADER)',
      '(7FE0,0010) PixelData',
    ]);
  });
  it('shows values as text: all name groups, multiple values joined by "\\", bulk data and inline bytes described', () => {
    const value = (tag: string) => rows.find((r) => r.tag === tag)!.value;
    expect(value('(0010,0010)')).toBe('Doe^Jane=山田^花子');
    expect(value('(0028,0030)')).toBe('0.5\\0.5');
    expect(value('(0008,1115)')).toBe('1 item');
    expect(value('(0008,114A)')).toBe('2 items');
    expect(value('(0029,1010)')).toBe('(5 bytes)');
    expect(value('(7FE0,0010)')).toBe('(bulk data, not in the header)');
  });
});

describe('searchTagRows', () => {
  const rows = datasetTagRows(ds);
  const ids = (q: string) => searchTagRows(rows, q).map((r) => `${r.tag}${r.value ? ` ${r.value}` : ''}`);
  it('finds a nested attribute by keyword with the sequences and items it sits in', () => {
    expect(ids('referencedsopinstance')).toEqual(['(0008,1115) 1 item', 'Item 1', '(0008,114A) 2 items', 'Item 1', '(0008,1155) 1.2.3.4', 'Item 2', '(0008,1155) 1.2.3.5']);
  });
  it('finds by tag written any usual way, and by value', () => {
    for (const q of ['0010,0010', '(0010,0010)', '00100010']) expect(ids(q)).toEqual(['(0010,0010) Doe^Jane=山田^花子']);
    expect(ids('1.2.3.5')).toEqual(['(0008,1115) 1 item', 'Item 1', '(0008,114A) 2 items', 'Item 2', '(0008,1155) 1.2.3.5']);
    expect(ids('siemens')).toEqual(['(0029,0010) SIEMENS CSA HEADER', '(0029,1010) (5 bytes)']);
  });
  it('an empty search lists everything; one that matches nothing lists nothing', () => {
    expect(searchTagRows(rows, '  ')).toBe(rows);
    expect(searchTagRows(rows, 'no such thing')).toEqual([]);
  });
});
