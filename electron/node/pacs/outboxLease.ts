import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type Database from 'better-sqlite3';

/** How long a claim holds when nobody renews it: the longest a killed drain's items wait for another. */
export const DEFAULT_LEASE_MS = 30_000;

/**
 * One drain's claim on outbox items: an owner token and an expiry, renewed while the drain works.
 *
 * Why not the process id (issue 19): a killed drain that its parent has not reaped yet, or whose id
 * the system gave to another process, still looks alive, and its items were skipped for good. An
 * expiry needs no such guess: an item whose lease ran out is anybody's to recover. The renewal runs
 * every third of the lease, so a drain that works is never taken over; one whose event loop stalls
 * for longer than the lease can be, and learns it at its next renewal (`lost`).
 */
export class OutboxLease {
  /** Unique per drain; host and process id only help a person reading `lightbox outbox ls`. */
  readonly owner = `${os.hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;
  /** Ids claimed and not yet settled: what a renewal must find still ours. */
  readonly held = new Set<number>();
  /** True once a renewal found fewer of our items than we hold: another drain took them over. */
  lost = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly db: Database.Database,
    readonly ms: number = DEFAULT_LEASE_MS,
  ) {
    if (!(ms >= 100)) throw new Error(`a lease of ${ms} ms is too short to be renewed`);
    this.timer = setInterval(() => this.renew(), Math.max(50, Math.floor(ms / 3)));
    this.timer.unref();
  }

  /** The expiry a claim or renewal made now records (epoch ms). */
  until(): number {
    return Date.now() + this.ms;
  }

  /** Extends the lease on everything this drain holds. */
  renew(): void {
    if (this.held.size === 0) return;
    try {
      const renewed = this.db.prepare(`UPDATE outbox SET lease_until = ? WHERE lease_owner = ? AND state = 'sending'`).run(this.until(), this.owner).changes;
      if (renewed < this.held.size) this.lost = true;
    } catch {
      // SQLITE_BUSY beyond the busy timeout: the next tick tries again, well before the lease runs out.
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
