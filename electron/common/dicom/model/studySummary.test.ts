import { describe, expect, it } from 'vitest';
import { matchesDateRange, matchesWildcard } from './studySummary';

describe('study query matching', () => {
  it('matches DICOM wildcards case- and accent-insensitively', () => {
    expect(matchesWildcard('MÜLLER^JÜRGEN', 'muller*')).toBe(true);
    expect(matchesWildcard('Doe^John', 'D?e^*')).toBe(true);
    expect(matchesWildcard('Doe^John', 'Do')).toBe(false);
    expect(matchesWildcard('a.b', 'a?b')).toBe(true);
    expect(matchesWildcard('axb', 'a.b')).toBe(false);
  });
  it('matches date ranges', () => {
    expect(matchesDateRange('20240115', '20240101-20240131')).toBe(true);
    expect(matchesDateRange('20240215', '20240101-20240131')).toBe(false);
    expect(matchesDateRange('20240215', '20240101-')).toBe(true);
    expect(matchesDateRange('20231231', '-20240101')).toBe(true);
    expect(matchesDateRange('20240115', '20240115')).toBe(true);
  });
});
