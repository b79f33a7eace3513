import { textValue, valueText } from './replacementValues';

function shiftDate(yyyymmdd: string, days: number): string | undefined {
  const m = /^(\d{4})\.?(\d{2})\.?(\d{2})$/.exec(yyyymmdd);
  if (!m) return undefined;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - days * 86_400_000;
  const d = new Date(t);
  return `${String(d.getUTCFullYear()).padStart(4, '0')}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
}

/**
 * Moves a DA or DT value back by whole days (Retain Longitudinal Temporal Information, Modified
 * Dates, PS3.15 E.3.6): whole days keep times of day, intervals and ages. Ranges (`A-B`) and
 * multiple values move each date. Returns undefined for a value it cannot read (then the caller
 * treats it as identifying and replaces it).
 */
export function shiftDateValue(value: Uint8Array | undefined, vr: 'DA' | 'DT', days: number): Uint8Array | undefined {
  const text = valueText(value);
  if (!text) return value;
  const parts: string[] = [];
  for (const single of text.split('\\')) {
    const range: string[] = [];
    for (const bound of single.split('-')) {
      if (bound === '') {
        range.push('');
        continue;
      }
      if (vr === 'DT') {
        // Only a DT with a full date can move by days; the rest (time, fraction, offset) stays.
        if (bound.length < 8) return undefined;
        const date = shiftDate(bound.slice(0, 8), days);
        if (!date) return undefined;
        range.push(date + bound.slice(8));
      } else {
        const date = shiftDate(bound.trim(), days);
        if (!date) return undefined;
        range.push(date);
      }
    }
    parts.push(range.join('-'));
  }
  return textValue(parts.join('\\'), vr);
}
