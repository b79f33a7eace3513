import { parseDicomDateTime } from './dicomDateTime';
import type { SuvOverrides } from './suvTypes';

/** Plausible ranges: what computeSuv itself would accept (a value outside is a typing slip, refused at once). */
const RANGES = {
  weightKg: { min: 0, max: 1000, what: 'weight (kg)' },
  heightM: { min: 0, max: 3, what: 'height (m)' },
  injectedDoseBq: { min: 0, max: 1e11, what: 'injected dose (Bq)' },
} as const;

export type SuvOverridesCheck = { ok: true; overrides: SuvOverrides } | { ok: false; message: string };

/**
 * Checks overrides from a reader or a request: each a positive number in range, the injection time
 * a DICOM DT of at least a minute's precision (YYYYMMDDHHMM[SS[.F]]); unknown fields refused. Absent
 * or null fields are not overridden, so `{}` is "use the header's values".
 */
export function checkSuvOverrides(body: unknown): SuvOverridesCheck {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { ok: false, message: 'SUV overrides must be an object' };
  const r = body as Record<string, unknown>;
  const unknown = Object.keys(r).filter((k) => !(k in RANGES) && k !== 'injectionDateTime');
  if (unknown.length) return { ok: false, message: `unknown SUV override ${unknown.join(', ')} (weightKg, heightM, injectedDoseBq, injectionDateTime)` };
  const overrides: SuvOverrides = {};
  for (const key of Object.keys(RANGES) as Array<keyof typeof RANGES>) {
    const v = r[key];
    if (v === undefined || v === null) continue;
    const { min, max, what } = RANGES[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= min || v > max) return { ok: false, message: `${what} must be a number above ${min} and at most ${max}, got ${JSON.stringify(v)}` };
    overrides[key] = v;
  }
  const dt = r.injectionDateTime;
  if (dt !== undefined && dt !== null) {
    if (typeof dt !== 'string' || !/^\d{12}(\d{2}(\.\d{1,6})?)?$/.test(dt) || parseDicomDateTime(dt) === undefined) {
      return { ok: false, message: `injection time must be a DICOM date-time YYYYMMDDHHMM[SS[.FFFFFF]], got ${JSON.stringify(dt)}` };
    }
    overrides.injectionDateTime = dt;
  }
  return { ok: true, overrides };
}

/** The overrides in words, for the audit trail and the CLI: `weight 80 kg, injected dose 350 MBq`. */
export function describeSuvOverrides(o: SuvOverrides): string {
  const parts = [
    ...(o.weightKg !== undefined ? [`weight ${o.weightKg} kg`] : []),
    ...(o.heightM !== undefined ? [`height ${o.heightM} m`] : []),
    ...(o.injectedDoseBq !== undefined ? [`injected dose ${Number((o.injectedDoseBq / 1e6).toPrecision(6))} MBq`] : []),
    ...(o.injectionDateTime !== undefined ? [`injection time ${o.injectionDateTime}`] : []),
  ];
  return parts.length ? parts.join(', ') : 'none (header values)';
}
