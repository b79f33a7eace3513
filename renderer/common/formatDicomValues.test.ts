import { describe, expect, it } from 'vitest';
import { formatDicomDate, formatPersonName } from './formatDicomValues';

describe('formatDicomValues', () => {
  it('formats DA as ISO date and leaves anything else alone', () => {
    expect(formatDicomDate('20240131')).toBe('2024-01-31');
    expect(formatDicomDate('2024')).toBe('2024');
  });
  it('formats PN component groups', () => {
    expect(formatPersonName('Doe^Jane^Q^Dr^PhD')).toBe('Doe, Dr Jane Q PhD');
    expect(formatPersonName('Yamada^Tarou=山田^太郎=やまだ^たろう')).toBe('Yamada, Tarou');
    expect(formatPersonName('=山田^太郎')).toBe('山田, 太郎');
    expect(formatPersonName('')).toBe('');
  });
});
