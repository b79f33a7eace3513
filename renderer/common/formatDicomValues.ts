/** `YYYYMMDD` → `YYYY-MM-DD` (ISO, unambiguous across locales); anything else unchanged. */
export function formatDicomDate(value: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(value.trim());
  return m ? `${m[1]}-${m[2]}-${m[3]}` : value;
}

/**
 * PN (PS3.5 6.2): `Family^Given^Middle^Prefix^Suffix`, with `=`-separated ideographic and
 * phonetic groups. Shows the first non-empty group as "Family, Given Middle".
 */
export function formatPersonName(value: string): string {
  const group = value.split('=').find((g) => g.trim() !== '') ?? '';
  const [family = '', given = '', middle = '', prefix = '', suffix = ''] = group.split('^').map((p) => p.trim());
  const givenPart = [prefix, given, middle].filter(Boolean).join(' ');
  const name = [family, givenPart].filter(Boolean).join(', ');
  return suffix ? `${name} ${suffix}` : name;
}
