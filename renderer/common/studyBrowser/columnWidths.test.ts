import { describe, expect, it } from 'vitest';
import { clampColumnWidth, defaultColumnWidths, MAX_COLUMN_WIDTH, parseColumnWidths } from './columnWidths';

describe('column widths kept in localStorage', () => {
  it('reads stored widths over the defaults, ignoring what is broken or unknown, clamped', () => {
    const defaults = defaultColumnWidths();
    expect(parseColumnWidths(null)).toEqual(defaults);
    expect(parseColumnWidths('{not json')).toEqual(defaults);
    expect(parseColumnWidths('[1,2]')).toEqual(defaults);
    const read = parseColumnWidths(JSON.stringify({ name: 412.6, accession: 'wide', nosuch: 50, date: 5, description: 99999 }));
    expect(read.name).toBe(413);
    expect(read.accession).toBe(defaults.accession);
    expect(read.date).toBe(clampColumnWidth('date', 0));
    expect(read.date).toBeGreaterThan(5);
    expect(read.description).toBe(MAX_COLUMN_WIDTH);
    expect(Object.keys(read)).toEqual(Object.keys(defaults));
  });
});
