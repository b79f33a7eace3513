/**
 * Padding trims that run in linear time. A regular expression such as `/[\0 ]+$/` backtracks
 * quadratically on a long run of NULs or spaces that is not at the end of the string (each start
 * position scans to the run's end, then fails): a corrupted element whose value is 2 MB of zero
 * pixel bytes took 7 s to convert that way. These scan from the end once.
 */

/** `s` without its trailing characters that are in `padding`. */
export function trimTrailing(s: string, padding: string): string {
  let end = s.length;
  while (end > 0 && padding.includes(s[end - 1]!)) end--;
  return end === s.length ? s : s.slice(0, end);
}

/** `s` without its leading characters that are in `padding`. */
export function trimLeading(s: string, padding: string): string {
  let start = 0;
  while (start < s.length && padding.includes(s[start]!)) start++;
  return start === 0 ? s : s.slice(start);
}

/** Trailing NULs and spaces: the padding of UIs (NUL) and of every other string VR (space). */
export function trimNulAndSpace(s: string): string {
  return trimTrailing(s, '\0 ');
}
