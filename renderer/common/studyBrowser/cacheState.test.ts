import { describe, expect, it } from 'vitest';
import type { RetrieveJob } from '../../../electron/common/contract/hostContract';
import { cacheStateText } from './cacheState';

const job = (state: RetrieveJob['state'], over: Partial<RetrieveJob> = {}): RetrieveJob => ({ id: state, node: 'PACS', studyInstanceUid: '1.2.3', via: 'move', state, total: 120, done: 40, failed: 0, priority: 0, ...over });

describe('cache and prefetch state of a study', () => {
  it('shows bytes, the pin, and a retrieve under way or failed', () => {
    const study = { studyInstanceUid: '1.2.3', sizeBytes: 2_500_000, pinned: true };
    expect(cacheStateText(study).text).toBe('● 2.5 MB');
    expect(cacheStateText({ ...study, pinned: false }, [job('done')]).text).toBe('2.5 MB');
    expect(cacheStateText(study, [job('done'), job('running')]).text).toBe('● 2.5 MB ↓ 40/120');
    expect(cacheStateText(study, [job('queued')]).title).toContain('queued to retrieve from PACS');
    expect(cacheStateText(study, [job('failed', { error: 'association rejected' })]).title).toContain('failed: association rejected');
    expect(cacheStateText(study, [job('running', { studyInstanceUid: '9.9' })]).text).toBe('● 2.5 MB');
  });
});
