import { describe, expect, it } from 'vitest';
import { parseOpenLink } from './openLink';

describe('deep links', () => {
  it('reads a study UID or an accession number', () => {
    expect(parseOpenLink('lightbox://open?StudyInstanceUID=1.2.840.1')).toEqual({ studyInstanceUid: '1.2.840.1' });
    expect(parseOpenLink('lightbox://open?AccessionNumber=SYN26001')).toEqual({ accessionNumber: 'SYN26001' });
    expect(parseOpenLink('lightbox:open?AccessionNumber=A1')).toEqual({ accessionNumber: 'A1' });
  });
  it('ignores other schemes, actions and malformed values', () => {
    expect(parseOpenLink('https://open?StudyInstanceUID=1.2')).toBeUndefined();
    expect(parseOpenLink('lightbox://delete?StudyInstanceUID=1.2')).toBeUndefined();
    expect(parseOpenLink('lightbox://open?StudyInstanceUID=1.2;rm')).toBeUndefined();
    expect(parseOpenLink('--data-dir=/x')).toBeUndefined();
    expect(parseOpenLink('lightbox://open')).toBeUndefined();
  });
});
