import { describe, expect, it } from 'vitest';
import { isReadingStatus, parseReadingStatuses, statusAfterOpen } from './readingStatus';

describe('reading status', () => {
  it('parses comma-separated statuses and refuses an unknown word', () => {
    expect(parseReadingStatuses('unread, in-progress,unread')).toEqual(['unread', 'in-progress']);
    expect(parseReadingStatuses('')).toEqual([]);
    expect(() => parseReadingStatuses('read,done')).toThrow('got "done"');
    expect(isReadingStatus('read')).toBe(true);
    expect(isReadingStatus('READ')).toBe(false);
  });

  it('opening makes an unread study in progress and leaves the others as they are', () => {
    expect(statusAfterOpen('unread')).toBe('in-progress');
    expect(statusAfterOpen('in-progress')).toBe('in-progress');
    expect(statusAfterOpen('read')).toBe('read');
  });
});
