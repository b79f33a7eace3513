import { describe, expect, it } from 'vitest';
import { priorLabel } from './priorLabel';

describe('the prior marker', () => {
  it('says PRIOR, its date and how long before the current study', () => {
    expect(priorLabel('20251118', '20261120', true)).toBe('PRIOR 2025-11-18 · 1 y 2 d before');
    expect(priorLabel('20261101', '20261120', true)).toBe('PRIOR 2026-11-01 · 19 d before');
    expect(priorLabel('', '20261120', true)).toBe('PRIOR date unknown');
    expect(priorLabel('20251118', '20261120', false)).toBeUndefined();
  });
});
