import type { StudyCache } from '../cache/studyCache';
import type { DicomWebClient } from './dicomWebClient';
import { dicomWebClientFor } from './dicomWebNode';
import { SendAuditTally } from './outboxAudit';
import { DEFAULT_LEASE_MS, OutboxLease } from './outboxLease';
import { plainSecretBox, type SecretBox } from './secretBox';
import { presentAtNode } from './presentAtNode';
import { sendInstances, type InstanceOutcome, type OutgoingInstance } from './sendInstances';
import { resolveNode, type PacsNode, type PacsSettings } from './pacsSettings';

export type OutboxState = 'queued' | 'sending' | 'sent' | 'failed';

export interface OutboxItem {
  id: number;
  node: string;
  sopUid: string;
  studyUid: string;
  state: OutboxState;
  attempts: number;
  /** Epoch ms of the next try (queued items). */
  nextAttemptAt: number;
  lastError: string;
  createdAt: string;
  sentAt: string;
  /** The drain that holds it ('sending'), and until when (epoch ms) unless that drain renews. */
  leaseOwner: string;
  leaseUntil: number;
  /** It may have reached the node without our hearing the answer: the node is asked before it is sent again. */
  inDoubt: boolean;
}

export interface DrainReport {
  /** Confirmed by the node during this drain (including `alreadyThere`). */
  sent: number;
  /** Of those, found at the node when asked after an interrupted send: not sent twice. */
  alreadyThere: number;
  /** Refused for good by the node during this drain. */
  failed: number;
  /** After the drain, in the whole outbox: waiting for a later try (queued, or left by a drain whose lease ran out). */
  deferred: number;
  /** After the drain: held by another drain whose lease has not run out (it is working, or was killed moments ago). */
  leased: number;
  /** When the last of those leases runs out unless renewed (epoch ms; 0: none). */
  leasedUntil: number;
  /** After the drain: refused for good and kept for a person to look at (`lightbox outbox ls`, `retry`). */
  failedTotal: number;
  /** Per node that could not be reached, or failed a batch: why. */
  unreachable: Record<string, string>;
}

export interface DrainOptions {
  /** Items due by then are sent (epoch ms; default now: a CLI drain passes "everything"). */
  now?: number;
  batchSize?: number;
  leaseMs?: number;
  /** Wait for other drains' leases to end (their work done, or expired and then recovered here) instead of reporting them. */
  waitForLeases?: boolean;
}

/** Whether a drain left nothing behind: the only outcome a command may report with exit code 0. */
export function drainLeftNothing(report: DrainReport): boolean {
  return report.deferred === 0 && report.leased === 0 && report.failedTotal === 0 && Object.keys(report.unreachable).length === 0;
}

/** Wait before the n-th retry: 5 s, 10 s, 20 s … capped at 10 minutes. */
export function backoffMs(attempts: number): number {
  return Math.min(5_000 * 2 ** Math.max(0, attempts - 1), 600_000);
}

const SELECT = `SELECT id, node, sop_uid sopUid, study_uid studyUid, state, attempts, next_attempt_at nextAttemptAt, last_error lastError, created_at createdAt,
  sent_at sentAt, lease_owner leaseOwner, lease_until leaseUntil, in_doubt inDoubt FROM outbox`;

type Row = Omit<OutboxItem, 'inDoubt'> & { inDoubt: number };
const toItem = (row: Row): OutboxItem => ({ ...row, inDoubt: row.inDoubt === 1 });

/**
 * The durable outbox: instances to send to remote nodes live in the cache index, one row per
 * instance and node, until the node confirmed each one; they survive restarts and crashes.
 *
 * Exactly-once effect at the node (issue 19): a drain claims a batch under a lease (owner token +
 * expiry, renewed while it works; `outboxLease.ts`). Each instance is settled as soon as its own
 * answer arrives, so a batch that fails half-way re-sends only what the node did not confirm. An
 * instance that may have reached the node unanswered — the one on the wire when a batch failed,
 * or any left 'sending' by a drain whose lease ran out — is marked in doubt, and the node is
 * asked (C-FIND / QIDO by SOP Instance UID) before it is sent again.
 */
export class Outbox {
  constructor(
    private readonly cache: StudyCache,
    private readonly secrets: SecretBox = plainSecretBox,
    private readonly leaseMs: number = DEFAULT_LEASE_MS,
  ) {}

  private get db() {
    return this.cache.index.db;
  }

  /**
   * Queues instances for a node; returns how many were (re)queued. Items already queued or being
   * sent stay as they are; failed ones are queued again; sent ones only with `again` (the node
   * lost or deleted them, or someone wants them there twice).
   */
  enqueue(node: string, sopUids: string[], options: { again?: boolean } = {}): number {
    const now = new Date().toISOString();
    const insert = this.db.prepare(
      `INSERT INTO outbox (node, sop_uid, study_uid, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (node, sop_uid) DO UPDATE SET state = 'queued', attempts = 0, next_attempt_at = 0, last_error = '', in_doubt = 0, sent_at = '',
         study_uid = excluded.study_uid, created_at = excluded.created_at
       WHERE state = 'failed' OR (? AND state = 'sent')`,
    );
    let changed = 0;
    this.db.transaction(() => {
      for (const sop of sopUids) changed += insert.run(node, sop, this.cache.index.findInstance(sop)?.studyUid ?? '', now, options.again ? 1 : 0).changes;
    })();
    return changed;
  }

  list(state?: OutboxState): OutboxItem[] {
    const rows = (state ? this.db.prepare(`${SELECT} WHERE state = ? ORDER BY id`).all(state) : this.db.prepare(`${SELECT} ORDER BY id`).all()) as Row[];
    return rows.map(toItem);
  }

  counts(): Record<OutboxState, number> {
    const out: Record<OutboxState, number> = { queued: 0, sending: 0, sent: 0, failed: 0 };
    for (const row of this.db.prepare('SELECT state, count(*) n FROM outbox GROUP BY state').all() as { state: OutboxState; n: number }[]) out[row.state] = row.n;
    return out;
  }

  /** A study's items for one node, by state. */
  studyCounts(node: string, studyUid: string): Record<OutboxState, number> {
    const out: Record<OutboxState, number> = { queued: 0, sending: 0, sent: 0, failed: 0 };
    for (const row of this.db.prepare('SELECT state, count(*) n FROM outbox WHERE node = ? AND study_uid = ? GROUP BY state').all(node, studyUid) as { state: OutboxState; n: number }[]) {
      out[row.state] = row.n;
    }
    return out;
  }

  /** Queues failed items again, now. */
  retryFailed(): number {
    return this.db.prepare(`UPDATE outbox SET state = 'queued', attempts = 0, next_attempt_at = 0 WHERE state = 'failed'`).run().changes;
  }

  /** Sends everything due, node by node; with `waitForLeases`, also what other drains hold once they let go of it. */
  async drain(settings: PacsSettings, options: DrainOptions = {}): Promise<DrainReport> {
    const total = await this.drainOnce(settings, options);
    while (options.waitForLeases && total.leased > 0 && Object.keys(total.unreachable).length === 0) {
      // Another drain renews its lease while it works, and stops renewing when it ends or dies.
      await new Promise((r) => setTimeout(r, Math.min(1_000, Math.max(50, total.leasedUntil - Date.now() + 20))));
      const next = await this.drainOnce(settings, options);
      Object.assign(total, { ...next, sent: total.sent + next.sent, alreadyThere: total.alreadyThere + next.alreadyThere, failed: total.failed + next.failed });
    }
    return total;
  }

  private async drainOnce(settings: PacsSettings, options: DrainOptions): Promise<DrainReport> {
    const report: DrainReport = { sent: 0, alreadyThere: 0, failed: 0, deferred: 0, leased: 0, leasedUntil: 0, failedTotal: 0, unreachable: {} };
    const dueBy = options.now ?? Date.now();
    const lease = new OutboxLease(this.db, options.leaseMs ?? this.leaseMs);
    const audit = new SendAuditTally(settings.aeTitle);
    try {
      for (const name of this.nodesWithWork(dueBy)) {
        let node: PacsNode;
        try {
          node = resolveNode(name, settings);
        } catch (error) {
          report.unreachable[name] = (error as Error).message;
          continue;
        }
        // Each item goes out at most once per drain: one the node turned away for now waits for the next drain.
        const tried = new Set<number>();
        try {
          for (;;) {
            if (lease.lost) throw new Error('another drain took over this drain’s items (it stalled for longer than its lease)');
            const batch = this.claim(name, dueBy, options.batchSize ?? 50, lease, tried);
            if (batch.length === 0) break;
            await this.sendBatch(node, batch, report, audit, lease, settings.aeTitle);
          }
        } catch (error) {
          report.unreachable[name] = (error as Error).message;
        }
      }
    } finally {
      lease.stop();
      // Anything still held (an unexpected error between claim and answer) goes back, to be asked about first.
      if (lease.held.size > 0) {
        this.db
          .prepare(`UPDATE outbox SET state = 'queued', in_doubt = 1, last_error = ?, lease_owner = '', lease_until = 0 WHERE lease_owner = ? AND state = 'sending'`)
          .run('the drain ended before it was settled', lease.owner);
        lease.held.clear();
      }
    }
    Object.assign(report, this.leftover(lease.owner));
    audit.write(this.cache, (node, studyUid) => this.waiting(node, studyUid));
    return report;
  }

  /** Nodes with something due, or with items whose drain's lease ran out. */
  private nodesWithWork(dueBy: number): string[] {
    const rows = this.db
      .prepare(`SELECT DISTINCT node FROM outbox WHERE (state = 'queued' AND next_attempt_at <= ?) OR (state = 'sending' AND lease_until < ?) ORDER BY node`)
      .all(dueBy, Date.now()) as { node: string }[];
    return rows.map((r) => r.node);
  }

  /**
   * Claims a batch: due items, and items whose lease ran out (recovered first; in doubt, since
   * their drain may have sent them). IMMEDIATE: two drains never read the same free items.
   */
  private claim(node: string, dueBy: number, limit: number, lease: OutboxLease, tried: Set<number>): OutboxItem[] {
    const claim = this.db.transaction(() => {
      const now = Date.now();
      const rows = this.db
        .prepare(
          `${SELECT} WHERE node = ? AND ((state = 'queued' AND next_attempt_at <= ?) OR (state = 'sending' AND lease_until < ?))
             AND id NOT IN (SELECT value FROM json_each(?)) ORDER BY state = 'sending' DESC, id LIMIT ?`,
        )
        .all(node, dueBy, now, JSON.stringify([...tried]), limit) as Row[];
      const mark = this.db.prepare(`UPDATE outbox SET state = 'sending', lease_owner = ?, lease_until = ?, in_doubt = in_doubt OR state = 'sending' WHERE id = ?`);
      for (const row of rows) mark.run(lease.owner, lease.until(), row.id);
      return rows.map((row) => ({ ...toItem(row), inDoubt: row.inDoubt === 1 || row.state === 'sending', state: 'sending' as const }));
    });
    const items = claim.immediate();
    for (const item of items) {
      lease.held.add(item.id);
      tried.add(item.id);
    }
    return items;
  }

  private settleSent(item: Pick<OutboxItem, 'id'>, lease: OutboxLease): void {
    // Also when another drain re-queued it meanwhile (our lease lapsed): the node has it, so nobody need send it again.
    this.db
      .prepare(`UPDATE outbox SET state = 'sent', sent_at = ?, last_error = '', in_doubt = 0, lease_owner = '', lease_until = 0 WHERE id = ? AND (lease_owner = ? OR state = 'queued')`)
      .run(new Date().toISOString(), item.id, lease.owner);
    lease.held.delete(item.id);
  }

  private requeue(item: Pick<OutboxItem, 'id' | 'attempts'>, lease: OutboxLease, error: string, inDoubt: boolean, countAttempt = true): void {
    const attempts = item.attempts + (countAttempt ? 1 : 0);
    this.db
      .prepare(
        `UPDATE outbox SET state = 'queued', attempts = ?, next_attempt_at = ?, last_error = ?, in_doubt = max(in_doubt, ?), lease_owner = '', lease_until = 0
         WHERE id = ? AND lease_owner = ? AND state = 'sending'`,
      )
      .run(attempts, Date.now() + backoffMs(attempts), error, inDoubt ? 1 : 0, item.id, lease.owner);
    lease.held.delete(item.id);
  }

  private fail(item: Pick<OutboxItem, 'id' | 'attempts'>, lease: OutboxLease, error: string): void {
    this.db
      .prepare(`UPDATE outbox SET state = 'failed', attempts = ?, last_error = ?, in_doubt = 0, lease_owner = '', lease_until = 0 WHERE id = ? AND lease_owner = ? AND state = 'sending'`)
      .run(item.attempts + 1, error, item.id, lease.owner);
    lease.held.delete(item.id);
  }

  private async sendBatch(node: PacsNode, items: OutboxItem[], report: DrainReport, audit: SendAuditTally, lease: OutboxLease, ourAe: string): Promise<void> {
    const outgoing: (OutgoingInstance & { item: OutboxItem; studyUid: string })[] = [];
    for (const [index, item] of items.entries()) {
      const stored = this.cache.index.findInstance(item.sopUid);
      const studyUid = stored?.studyUid ?? item.studyUid;
      const bytes = stored ? this.readCached(stored.objectPath) : new Error('no longer in the local cache');
      if (bytes instanceof Error || !stored) {
        this.fail(item, lease, (bytes as Error).message);
        report.failed++;
        audit.count(node, studyUid, 'refused');
        continue;
      }
      if (item.inDoubt) {
        let there: boolean;
        try {
          there = await presentAtNode(node, stored, ourAe, () => this.dicomWeb(node));
        } catch (error) {
          // The node does not answer: this item and the rest of the batch wait, as they were.
          for (const rest of items.slice(index)) this.requeue(rest, lease, (error as Error).message, false);
          for (const o of outgoing) this.requeue(o.item, lease, (error as Error).message, false);
          audit.nodeFailed(node, studyUid, (error as Error).message);
          throw error;
        }
        if (there) {
          this.settleSent(item, lease);
          report.sent++;
          report.alreadyThere++;
          audit.count(node, studyUid, 'alreadyThere');
          continue;
        }
      }
      outgoing.push({ item, studyUid, sopUid: item.sopUid, bytes });
    }
    if (outgoing.length === 0) return;
    const settle = (index: number, outcome: InstanceOutcome): void => {
      const { item, studyUid } = outgoing[index]!;
      if (outcome.kind === 'stored') {
        this.settleSent(item, lease);
        report.sent++;
        audit.count(node, studyUid, 'sent');
      } else if (outcome.kind === 'refused' && outcome.permanent) {
        this.fail(item, lease, outcome.error);
        report.failed++;
        audit.count(node, studyUid, 'refused');
      } else {
        this.requeue(item, lease, outcome.error, outcome.kind === 'unconfirmed' && outcome.inDoubt);
        if (outcome.kind === 'unconfirmed') audit.nodeFailed(node, studyUid, outcome.error);
      }
    };
    await sendInstances(node, outgoing, ourAe, () => this.dicomWeb(node), settle);
  }

  private readCached(objectPath: string): Uint8Array | Error {
    try {
      return this.cache.readObject(objectPath);
    } catch (error) {
      return new Error(`its cached file cannot be read: ${(error as Error).message}`);
    }
  }

  /** What is left in the whole outbox once this drain let go of its items. */
  private leftover(owner: string): Pick<DrainReport, 'deferred' | 'leased' | 'leasedUntil' | 'failedTotal'> {
    const row = this.db
      .prepare(
        `SELECT
           coalesce(sum(state = 'queued' OR (state = 'sending' AND lease_until < @now)), 0) deferred,
           coalesce(sum(state = 'sending' AND lease_until >= @now AND lease_owner != @owner), 0) leased,
           coalesce(max(CASE WHEN state = 'sending' AND lease_until >= @now AND lease_owner != @owner THEN lease_until END), 0) leasedUntil,
           coalesce(sum(state = 'failed'), 0) failedTotal
         FROM outbox`,
      )
      
      .get({ now: Date.now(), owner }) as Pick<DrainReport, 'deferred' | 'leased' | 'leasedUntil' | 'failedTotal'>;
    return row;
  }

  /** A study's items still waiting for a node (queued or being sent). */
  private waiting(node: string, studyUid: string): number {
    return (this.db.prepare(`SELECT count(*) n FROM outbox WHERE node = ? AND study_uid = ? AND state IN ('queued', 'sending')`).get(node, studyUid) as { n: number }).n;
  }

  private dicomWeb(node: PacsNode): DicomWebClient {
    if (node.kind !== 'dicomweb') throw new Error(`${node.name} is not a DICOMweb node`);
    return dicomWebClientFor(node, this.secrets);
  }
}
