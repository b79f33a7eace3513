import { describe, expect, it } from 'vitest';
import { StudySearchError, studyDateBounds, studySearchWhere } from './studySearchSql';

describe('study search query building', () => {
  it('reads DICOM date ranges and refuses what is none', () => {
    expect(studyDateBounds('20261120')).toEqual({ from: '20261120', to: '20261120' });
    expect(studyDateBounds('20261101-20261130')).toEqual({ from: '20261101', to: '20261130' });
    expect(studyDateBounds('20261101-')).toEqual({ from: '20261101' });
    expect(studyDateBounds('-20261130')).toEqual({ to: '20261130' });
    for (const bad of ['-', '2026-11-20', '20261130-20261101', 'today']) expect(() => studyDateBounds(bad)).toThrow(StudySearchError);
  });

  it('searches the text in name, patient ID and accession, folded, as a substring unless wildcards are typed', () => {
    const { where, args } = studySearchWhere({ text: ' Müller ' });
    expect(where).toEqual(['(p.name_folded GLOB ? OR lower(p.patient_id) GLOB ? OR lower(s.accession) GLOB ?)']);
    expect(args).toEqual(['*muller*', '*muller*', '*muller*']);
    expect(studySearchWhere({ text: 'syn2?001' }).args[0]).toBe('syn2?001');
    expect(studySearchWhere({ text: '   ' }).where).toEqual([]);
  });

  it('filters modality as a whole code and reading status with unread for studies never set', () => {
    expect(studySearchWhere({ modality: 'pt' })).toEqual({ where: ['instr(s.modalities, ?) > 0'], args: ['\\PT\\'] });
    expect(studySearchWhere({ readingStatus: 'unread,read' })).toEqual({ where: ["coalesce(rs.status, 'unread') IN (?, ?)"], args: ['unread', 'read'] });
    expect(() => studySearchWhere({ readingStatus: 'done' })).toThrow(StudySearchError);
    expect(studySearchWhere({ studyInstanceUid: '1.2.3' })).toEqual({ where: ['s.study_uid = ?'], args: ['1.2.3'] });
  });
});
