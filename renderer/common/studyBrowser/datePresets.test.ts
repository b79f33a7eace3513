import { describe, expect, it } from 'vitest';
import { dateRangeOf, dicomDate, isoToDicomDate } from './datePresets';

describe('date presets', () => {
  // 3 March 2026, local time: the week before crosses the end of February.
  const now = new Date(2026, 2, 3, 9, 30);

  it('counts today, yesterday and the last 7 days back on the calendar', () => {
    expect(dateRangeOf('any', now)).toBeUndefined();
    expect(dateRangeOf('today', now)).toBe('20260303-20260303');
    expect(dateRangeOf('yesterday', now)).toBe('20260302-20260302');
    expect(dateRangeOf('last7', now)).toBe('20260225-20260303');
    expect(dateRangeOf('yesterday', new Date(2026, 0, 1, 0, 5))).toBe('20251231-20251231');
  });

  it('takes a custom range from date inputs, either end open, swapped when backwards', () => {
    expect(dateRangeOf('custom', now, { from: '2026-11-01', to: '2026-11-30' })).toBe('20261101-20261130');
    expect(dateRangeOf('custom', now, { from: '2026-11-30', to: '2026-11-01' })).toBe('20261101-20261130');
    expect(dateRangeOf('custom', now, { from: '2026-11-01' })).toBe('20261101-');
    expect(dateRangeOf('custom', now, { to: '2026-11-01' })).toBe('-20261101');
    expect(dateRangeOf('custom', now, {})).toBeUndefined();
    expect(isoToDicomDate('11/01/2026')).toBe('');
    expect(dicomDate(new Date(2026, 11, 9))).toBe('20261209');
  });
});
