/**
 * DICOM DA / TM / DT values as seconds on one clock ("naive" UTC: the scanner's local time read as
 * if it were UTC). SUV needs only differences between times written by the same scanner, so time
 * zones never enter; a DT's UTC offset (&ZZXX) is ignored for the same reason.
 */

/** DA `YYYYMMDD` (also the ACR-NEMA `YYYY.MM.DD`) → seconds at midnight; undefined when not a date. */
export function parseDicomDate(da: string | undefined): number | undefined {
  const m = /^(\d{4})\.?(\d{2})\.?(\d{2})$/.exec(da?.trim() ?? '');
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return undefined;
  return Date.UTC(y, mo - 1, d) / 1000;
}

/**
 * TM `HH[MM[SS[.F{1,6}]]]` (also `HH:MM:SS`) → seconds since midnight; undefined when not a time.
 * Components left out are zero (PS3.5 6.2).
 */
export function parseDicomTime(tm: string | undefined): number | undefined {
  const m = /^(\d{2})(?::?(\d{2})(?::?(\d{2})(?:\.(\d{1,6}))?)?)?$/.exec(tm?.trim() ?? '');
  if (!m) return undefined;
  const [h, mi, s] = [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
  // 60 is a leap second, which TM allows.
  if (h > 23 || mi > 59 || s > 60) return undefined;
  return h * 3600 + mi * 60 + s + (m[4] ? Number(`0.${m[4]}`) : 0);
}

/** DA and TM together → seconds; undefined when either is missing or not valid. */
export function combineDateAndTime(da: string | undefined, tm: string | undefined): number | undefined {
  const date = parseDicomDate(da);
  const time = parseDicomTime(tm);
  return date === undefined || time === undefined ? undefined : date + time;
}

/**
 * DT `YYYYMMDDHHMMSS.FFFFFF&ZZXX` with trailing components optional (PS3.5 6.2) → seconds;
 * undefined when it is not a date-time. The offset suffix is accepted and ignored (see above).
 */
export function parseDicomDateTime(dt: string | undefined): number | undefined {
  const m = /^(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\.\d{1,6})?([+-]\d{4})?$/.exec(dt?.trim() ?? '');
  if (!m) return undefined;
  const date = parseDicomDate(`${m[1]}${m[2] ?? '01'}${m[3] ?? '01'}`);
  const time = parseDicomTime(`${m[4] ?? '00'}${m[5] ?? '00'}${m[6] ?? '00'}${m[7] ?? ''}`);
  return date === undefined || time === undefined ? undefined : date + time;
}

/** Seconds (as above) → `YYYY-MM-DD HH:MM:SS[.ffffff]` for messages and the CLI. */
export function formatSeconds(seconds: number): string {
  const whole = Math.floor(seconds);
  const iso = new Date(whole * 1000).toISOString().slice(0, 19).replace('T', ' ');
  const fraction = Math.round((seconds - whole) * 1e6);
  return fraction ? `${iso}.${String(fraction).padStart(6, '0').replace(/0+$/, '')}` : iso;
}
