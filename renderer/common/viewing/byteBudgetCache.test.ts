import { describe, expect, it } from 'vitest';
import { ByteBudgetCache } from './byteBudgetCache';

describe('ByteBudgetCache', () => {
  it('releases least recently used entries past the budget and counts bytes', () => {
    const evicted: string[] = [];
    const cache = new ByteBudgetCache<number>(100, (k) => evicted.push(k));
    cache.set('a', 1, 40);
    cache.set('b', 2, 40);
    cache.get('a');
    cache.set('c', 3, 40);
    expect(evicted).toEqual(['b']);
    expect(cache.bytesUsed).toBe(80);
    expect(cache.has('a') && cache.has('c')).toBe(true);
    cache.set('huge', 4, 500);
    expect(cache.has('huge')).toBe(true);
    expect(cache.bytesUsed).toBe(500);
    cache.setBudget(1000);
    cache.set('d', 5, 10);
    expect(cache.bytesUsed).toBe(510);
  });
});
