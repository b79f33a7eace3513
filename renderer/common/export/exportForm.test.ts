import { describe, expect, it } from 'vitest';
import { exportRequestProblem } from '../../../electron/common/export/exportJob';
import { deidentificationOf, deidentifyOptionChoices, destinationFor, exportRequestOf, toggleOption } from './exportForm';

const STUDY = '1.2.3.4';
const off = { enabled: false, options: [], pseudonym: '' };

describe('export dialog form', () => {
  it('maps each choice to a request the host accepts (PDI media is a folder with a DICOMDIR, an ISO always PDI)', () => {
    const pdi = exportRequestOf(STUDY, '/tmp/out/', 'pdi', off);
    expect(pdi).toEqual({ uids: [STUDY], out: '/tmp/out', format: 'folder', pdi: true });
    expect(exportRequestOf(STUDY, '/tmp/a', 'zip', off)).toMatchObject({ out: '/tmp/a.zip', format: 'zip', pdi: false });
    expect(exportRequestOf(STUDY, '/tmp/a.ISO', 'iso', off)).toMatchObject({ out: '/tmp/a.ISO', format: 'iso', pdi: true });
    expect(exportRequestOf(STUDY, '/tmp/f', 'folder', off)).toMatchObject({ out: '/tmp/f', format: 'folder', pdi: false });
    for (const choice of ['pdi', 'zip', 'iso', 'folder'] as const) expect(exportRequestProblem(exportRequestOf(STUDY, '/tmp/x', choice, off))).toBeUndefined();
  });

  it('asks for an absolute destination', () => {
    expect(exportRequestOf(STUDY, '  ', 'pdi', off)).toMatch(/Enter where/);
    expect(exportRequestOf(STUDY, 'relative/dir', 'pdi', off)).toMatch(/not an absolute path/);
    expect(typeof exportRequestOf(STUDY, 'C:\\Export', 'folder', off)).toBe('object');
    expect(destinationFor('/a/b.zip', 'zip')).toBe('/a/b.zip');
  });

  it('carries the de-identification options and pseudonym only when switched on', () => {
    const on = { enabled: true, options: ['retain-dates' as const], pseudonym: ' P-1 ' };
    expect(deidentificationOf(on)).toEqual({ options: ['retain-dates'], pseudonym: 'P-1' });
    expect(deidentificationOf({ ...on, enabled: false })).toBeUndefined();
    const request = exportRequestOf(STUDY, '/tmp/x', 'pdi', on);
    expect(request).toMatchObject({ deidentify: { options: ['retain-dates'], pseudonym: 'P-1' } });
    expect(exportRequestProblem(request)).toBeUndefined();
  });

  it('keeps the two date options apart and leaves Retain UIDs out where asked', () => {
    expect(toggleOption(['retain-dates', 'clean-descriptors'], 'modify-dates', true)).toEqual(['clean-descriptors', 'modify-dates']);
    expect(toggleOption(['modify-dates'], 'modify-dates', false)).toEqual([]);
    expect(deidentifyOptionChoices(true).map((c) => c.value)).not.toContain('retain-uids');
    expect(deidentifyOptionChoices(false).map((c) => c.value)).toContain('retain-uids');
    expect(deidentifyOptionChoices(false).find((c) => c.value === 'retain-dates')?.label).toBe('Retain Longitudinal Temporal Information Full Dates');
  });
});
