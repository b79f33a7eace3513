import { describe, expect, it } from 'vitest';
import { percentile, summarize } from './stats';

describe('bench stats', () => {
  it('computes nearest-rank percentiles', () => {
    const xs = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(xs, 50)).toBe(5);
    expect(percentile(xs, 95)).toBe(10);
    expect(percentile([7], 95)).toBe(7);
    expect(() => percentile([], 50)).toThrow();
  });
  it('summarizes', () => {
    expect(summarize('x', 'ms', [1, 2, 3])).toMatchObject({ median: 2, p95: 3, mean: 2 });
  });
});
