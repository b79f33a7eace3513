import { describe, expect, it } from 'vitest';
import type { StudySummary } from '../../../electron/common/contract/hostContract';
import { nextSort, sortStudies } from './sortStudies';

const study = (uid: string, over: Partial<StudySummary>): StudySummary => ({
  studyInstanceUid: uid,
  patientName: '',
  patientId: '',
  accessionNumber: '',
  studyDate: '',
  studyDescription: '',
  modalities: [],
  seriesCount: 1,
  instanceCount: 1,
  sizeBytes: 0,
  pinned: false,
  ...over,
});

describe('sorting the study browser', () => {
  const rows = [
    study('1', { patientName: 'Zeta^Anna', studyDate: '20250101', instanceCount: 9, readingStatus: 'read' }),
    study('2', { patientName: 'ärger^Bob', studyDate: '20261120', instanceCount: 100 }),
    study('3', { patientName: 'Zeta^Anna', studyDate: '20240505', instanceCount: 20, readingStatus: 'in-progress' }),
  ];
  const order = (column: Parameters<typeof sortStudies>[1]['column'], direction: 'asc' | 'desc') => sortStudies(rows, { column, direction }).map((s) => s.studyInstanceUid);

  it('sorts by date, name (accents and case folded, ties in the host order), number and status', () => {
    expect(order('date', 'desc')).toEqual(['2', '1', '3']);
    expect(order('date', 'asc')).toEqual(['3', '1', '2']);
    expect(order('name', 'asc')).toEqual(['2', '1', '3']);
    expect(order('name', 'desc')).toEqual(['1', '3', '2']);
    // Numbers as numbers (9 before 20 before 100), not as text.
    expect(order('images', 'asc')).toEqual(['1', '3', '2']);
    expect(order('status', 'asc')).toEqual(['2', '3', '1']);
    expect(rows.map((s) => s.studyInstanceUid)).toEqual(['1', '2', '3']);
  });

  it('flips the direction on the same header and starts a new column ascending (dates newest first)', () => {
    expect(nextSort({ column: 'name', direction: 'asc' }, 'name')).toEqual({ column: 'name', direction: 'desc' });
    expect(nextSort({ column: 'name', direction: 'desc' }, 'accession')).toEqual({ column: 'accession', direction: 'asc' });
    expect(nextSort({ column: 'name', direction: 'asc' }, 'date')).toEqual({ column: 'date', direction: 'desc' });
  });
});
