/**
 * Replacement values (PS3.15 Table E.1-1a): dummies "consistent with the VR" for D, and new UIDs
 * for U that are the same for the same original under one project key, so that every reference to
 * an instance, series, study or frame of reference, in every file and every run, still matches.
 */

const ascii = new TextEncoder();
const latin1 = new TextDecoder('latin1');

/** Free-text VRs: what Clean (scrub) and a dummy sequence rewrite. */
export const FREE_TEXT_VRS = new Set(['LO', 'LT', 'PN', 'SH', 'ST', 'UC', 'UT']);
export const DATE_TIME_VRS = new Set(['DA', 'DT', 'TM']);

const DUMMY_TEXT: Record<string, string> = {
  AE: 'ANONYMIZED',
  AS: '000Y',
  CS: 'ANONYMIZED',
  DA: '19000101',
  DS: '0',
  DT: '19000101000000',
  IS: '0',
  LO: 'ANONYMIZED',
  LT: 'ANONYMIZED',
  PN: 'ANONYMIZED^',
  SH: 'ANONYMIZED',
  ST: 'ANONYMIZED',
  TM: '000000',
  UC: 'ANONYMIZED',
  UR: 'urn:anonymized',
  UT: 'ANONYMIZED',
};

const BINARY_SIZE: Record<string, number> = { US: 2, SS: 2, UL: 4, SL: 4, FL: 4, FD: 8, AT: 4, UV: 8, SV: 8, OB: 2, OW: 2, OF: 4, OD: 8, OL: 4, OV: 8, UN: 2 };

/** A dummy value of the VR (never a UID: those are replaced by `replacementUid`). */
export function dummyValue(vr: string): Uint8Array {
  const text = DUMMY_TEXT[vr];
  if (text !== undefined) return ascii.encode(text.length % 2 ? `${text} ` : text);
  return new Uint8Array(BINARY_SIZE[vr] ?? 2);
}

/** The value as Latin-1 text, padding removed: enough for UIDs, dates, codes and byte matching. */
export function valueText(value: Uint8Array | undefined): string {
  if (!value) return '';
  // Index scans, not /[\0 ]+$/: that regex is quadratic on long runs of padding.
  let end = value.length;
  while (end > 0 && (value[end - 1] === 0 || value[end - 1] === 0x20)) end--;
  let start = 0;
  while (start < end && value[start] === 0x20) start++;
  return latin1.decode(value.subarray(start, end));
}

export function textValue(text: string, vr: string): Uint8Array {
  const bytes = ascii.encode(text);
  if (bytes.length % 2 === 0) return bytes;
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes);
  out[bytes.length] = vr === 'UI' ? 0 : 0x20;
  return out;
}

/** A keyed hash of a message, under the project's secret (HMAC-SHA-256 in practice). */
export type KeyedHash = (message: string) => Uint8Array;

/**
 * The replacement for a UID: 2.25 followed by the decimal of 128 bits of the keyed hash of the
 * original (PS3.5 B.2, a UUID-derived UID). One key gives one mapping; without the key it cannot
 * be inverted or recomputed from a guessed original.
 */
export function replacementUid(original: string, hash: KeyedHash): string {
  const digest = hash(`uid:${original}`);
  let n = 0n;
  for (let i = 0; i < 16; i++) n = (n << 8n) | BigInt(digest[i]!);
  return `2.25.${n.toString()}`;
}

/** Replaces every UID of a (possibly multi-valued) UI value. */
export function replaceUidValue(value: Uint8Array | undefined, hash: KeyedHash): Uint8Array {
  const uids = valueText(value).split('\\').map((u) => u.trim());
  return textValue(uids.map((u) => (u ? replacementUid(u, hash) : '')).join('\\'), 'UI');
}

/** Days, 1 to 3650, by which one patient's dates move back (Modified Dates: one offset per patient). */
export function dateOffsetDays(patientKey: string, hash: KeyedHash): number {
  const d = hash(`date-offset:${patientKey}`);
  return 1 + (((d[0]! << 24) | (d[1]! << 16) | (d[2]! << 8) | d[3]!) >>> 0) % 3650;
}
