import { describe, expect, it } from 'vitest';
import { computeSuv } from './computeSuv';
import { checkSuvOverrides, describeSuvOverrides } from './suvOverridesCheck';

describe('checkSuvOverrides', () => {
  it('takes numbers in range and a DICOM date-time; absent or null fields are not overridden', () => {
    expect(checkSuvOverrides({ weightKg: 80, heightM: 1.8, injectedDoseBq: 350e6, injectionDateTime: '20261120081500' })).toEqual({
      ok: true,
      overrides: { weightKg: 80, heightM: 1.8, injectedDoseBq: 350e6, injectionDateTime: '20261120081500' },
    });
    expect(checkSuvOverrides({ weightKg: null, heightM: undefined })).toEqual({ ok: true, overrides: {} });
    expect(checkSuvOverrides({})).toEqual({ ok: true, overrides: {} });
  });

  it('refuses what computeSuv could not use, naming it', () => {
    const refused = (body: unknown) => {
      const r = checkSuvOverrides(body);
      return r.ok ? undefined : r.message;
    };
    expect(refused({ weightKg: 0 })).toMatch(/^weight \(kg\) must be/);
    expect(refused({ weightKg: '80' })).toMatch(/^weight/);
    expect(refused({ heightM: 180 })).toMatch(/^height \(m\)/);
    expect(refused({ injectedDoseBq: -1 })).toMatch(/^injected dose/);
    expect(refused({ injectionDateTime: '2026-11-20 08:15' })).toMatch(/^injection time/);
    expect(refused({ injectionDateTime: '20261340081500' })).toMatch(/^injection time/); // month 13
    expect(refused({ weight: 80 })).toMatch(/^unknown SUV override weight/);
    expect(refused([])).toBe('SUV overrides must be an object');
  });

  it('accepts only what the SUV engine accepts: an override it takes is marked edited', () => {
    const checked = checkSuvOverrides({ weightKg: 999 });
    expect(checked.ok).toBe(true);
    // The engine's own result on an empty header still records the override as used.
    expect(computeSuv([], checked.ok ? checked.overrides : {}).inputs.overridden).toEqual(['weightKg']);
  });

  it('describes overrides in words for the audit trail', () => {
    expect(describeSuvOverrides({ weightKg: 80, injectedDoseBq: 350e6 })).toBe('weight 80 kg, injected dose 350 MBq');
    expect(describeSuvOverrides({})).toBe('none (header values)');
  });
});
