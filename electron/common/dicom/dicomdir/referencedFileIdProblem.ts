/**
 * Why a Referenced File ID (0004,1500) cannot name a file of its media, or undefined when it can.
 * PS3.10 8.2 and PS3.12: a File ID is a path relative to the DICOMDIR's folder, one directory
 * name per value (the values are separated by `\`). A value `..` or `.`, an empty value (a
 * leading `\`: the root of some other disk), a drive (`C:`) or a separator inside a value would
 * let media name files outside the media, such as `..\outside\SECRET`.
 */
export function referencedFileIdProblem(values: string[]): string | undefined {
  if (values.length === 0) return 'is empty';
  for (const [i, value] of values.entries()) {
    if (value === '..' || value === '.') return `steps out of the media folder ("${value}")`;
    if (value === '') return i === 0 ? 'is an absolute path' : 'has an empty component';
    if (/^[A-Za-z]:/.test(value) || value.startsWith('/')) return 'is an absolute path';
    if (/[/:\0]/.test(value)) return `has a component that is not a folder or file name ("${value}")`;
  }
  return undefined;
}
