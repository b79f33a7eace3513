import { describe, expect, it } from 'vitest';
import { trimLeading, trimNulAndSpace, trimTrailing } from './trimPadding';

describe('padding trims', () => {
  it('trim only the ends, only the padding characters given', () => {
    expect(trimNulAndSpace('1.2.3\0')).toBe('1.2.3');
    expect(trimNulAndSpace('A B \0 ')).toBe('A B');
    expect(trimNulAndSpace('\0 \0')).toBe('');
    expect(trimNulAndSpace('\0x')).toBe('\0x');
    expect(trimTrailing('DOE^JOHN^^^', '^ ')).toBe('DOE^JOHN');
    expect(trimLeading('  12', ' ')).toBe('12');
  });

  it('are linear on a long run of padding that is not at the end (a regular expression backtracks there)', () => {
    // 4 M padding characters followed by one that is not: /[\0 ]+$/ would visit ~8·10^12 positions.
    const s = `${'\0'.repeat(1 << 22)}x`;
    expect(trimNulAndSpace(s)).toBe(s);
    expect(trimLeading(s, '\0')).toBe('x');
  });
});
