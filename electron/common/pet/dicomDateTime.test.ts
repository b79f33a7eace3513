import { describe, expect, it } from 'vitest';
import { combineDateAndTime, formatSeconds, parseDicomDate, parseDicomDateTime, parseDicomTime } from './dicomDateTime';

describe('DICOM DA / TM / DT as seconds', () => {
  it('reads TM with the components it has, fractions and the old colon form', () => {
    expect(parseDicomTime('07')).toBe(7 * 3600);
    expect(parseDicomTime('0721')).toBe(7 * 3600 + 21 * 60);
    expect(parseDicomTime('072100.00')).toBe(7 * 3600 + 21 * 60);
    expect(parseDicomTime('123514.999995')).toBeCloseTo(12 * 3600 + 35 * 60 + 14.999995, 9);
    expect(parseDicomTime('12:35:14')).toBe(12 * 3600 + 35 * 60 + 14);
    expect(parseDicomTime('2460')).toBeUndefined();
    expect(parseDicomTime('')).toBeUndefined();
  });

  it('reads DA and DT (offset ignored) on one clock', () => {
    expect(parseDicomDate('20201217')).toBe(Date.UTC(2020, 11, 17) / 1000);
    expect(parseDicomDate('2020.12.17')).toBe(Date.UTC(2020, 11, 17) / 1000);
    expect(parseDicomDate('20201317')).toBeUndefined();
    expect(parseDicomDateTime('20201217084500.00 ')).toBe(combineDateAndTime('20201217', '084500'));
    expect(parseDicomDateTime('20201217084500+0100')).toBe(combineDateAndTime('20201217', '084500'));
    expect(parseDicomDateTime('2020121708')).toBe(combineDateAndTime('20201217', '08'));
    expect(parseDicomDateTime('not a date')).toBeUndefined();
    expect(formatSeconds(combineDateAndTime('19600116', '095947.25')!)).toBe('1960-01-16 09:59:47.25');
  });
});
