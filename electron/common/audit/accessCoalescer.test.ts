import { describe, expect, it } from 'vitest';
import { AccessCoalescer } from './accessCoalescer';

describe('AccessCoalescer', () => {
  it('makes one window per study out of thousands of frame reads, with the distinct instances read', () => {
    const c = new AccessCoalescer({ idleMs: 1000, maxMs: 10_000 });
    for (let i = 0; i < 3000; i++) c.note({ studyUid: '1.2.3', sopUid: `1.2.3.4.${i % 600}`, what: 'frames' }, i);
    c.note({ studyUid: '1.2.3', seriesUid: '1.2.3.5', what: 'volume' }, 3000);
    c.note({ studyUid: '9.9', sopUid: '9.9.1', what: 'instance' }, 3000);
    expect(c.pending).toBe(2);
    expect(c.due(3500)).toEqual([]);
    const [study, other] = c.due(4000);
    expect(study).toMatchObject({ studyUid: '1.2.3', firstAt: 0, lastAt: 3000, requests: 3001 });
    expect(study!.sopUids.size).toBe(600);
    expect([...study!.seriesUids]).toEqual(['1.2.3.5']);
    expect(Object.fromEntries(study!.kinds)).toEqual({ frames: 3000, volume: 1 });
    expect(other).toMatchObject({ studyUid: '9.9', requests: 1 });
    expect(c.pending).toBe(0);
  });

  it('closes a study read without pause once its window is at its longest, and starts the next one', () => {
    const c = new AccessCoalescer({ idleMs: 1000, maxMs: 5000 });
    const closed = [];
    for (let t = 0; t <= 12_000; t += 500) {
      const done = c.note({ studyUid: 'S', sopUid: `i${t}`, what: 'frames' }, t);
      if (done) closed.push(done);
    }
    expect(closed.map((w) => [w.firstAt, w.lastAt])).toEqual([
      [0, 4500],
      [5000, 9500],
    ]);
    expect(c.drain().map((w) => [w.firstAt, w.lastAt, w.requests])).toEqual([[10_000, 12_000, 5]]);
    expect(c.drain()).toEqual([]);
  });
});
