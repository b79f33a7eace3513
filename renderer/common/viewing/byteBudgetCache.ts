/**
 * An LRU cache accounted in bytes: adding past the budget releases the least recently used entries
 * (never the one just added). The renderer's decoded frames live here, so memory stays bounded
 * however many series a reader scrolls through.
 */
export class ByteBudgetCache<V> {
  private readonly entries = new Map<string, { value: V; bytes: number }>();
  private used = 0;

  constructor(
    private budget: number,
    private readonly onEvict?: (key: string, value: V) => void,
  ) {}

  get bytesUsed(): number {
    return this.used;
  }

  get size(): number {
    return this.entries.size;
  }

  get budgetBytes(): number {
    return this.budget;
  }

  setBudget(bytes: number): void {
    this.budget = bytes;
    this.trim();
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** The value, marked most recently used. */
  get(key: string): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    this.entries.delete(key);
    this.entries.set(key, e);
    return e.value;
  }

  set(key: string, value: V, bytes: number): void {
    const old = this.entries.get(key);
    if (old) {
      this.used -= old.bytes;
      this.entries.delete(key);
    }
    this.entries.set(key, { value, bytes });
    this.used += bytes;
    this.trim(key);
  }

  private trim(keep?: string): void {
    for (const [key, e] of this.entries) {
      if (this.used <= this.budget) break;
      if (key === keep) continue;
      this.entries.delete(key);
      this.used -= e.bytes;
      this.onEvict?.(key, e.value);
    }
  }
}
