import type { StudyCache } from '../cache/studyCache';
import { find, store, type StoreResult } from '../dimse/dimseScu';
import { statusKind } from '../dimse/sopClasses';
import type { DicomWebClient } from './dicomWebClient';
import { dicomWebClientFor } from './dicomWebNode';
import { plainSecretBox, type SecretBox } from './secretBox';
import { dimsePeer, resolveNode, type PacsNode, type PacsSettings } from './pacsSettings';
import { processAlive } from '../runtime/processAlive';

export type OutboxState = 'queued' | 'sending' | 'sent' | 'failed';

export interface OutboxItem {
  id: number;
  node: string;
  sopUid: string;
  state: OutboxState;
  attempts: number;
  /** Epoch ms of the next try (queued items). */
  nextAttemptAt: number;
  lastError: string;
  createdAt: string;
  sentAt: string;
}

export interface DrainReport {
  sent: number;
  failed: number;
  /** Left queued for a later try (the node did not answer). */
  deferred: number;
  /** Per node that could not be reached: why. */
  unreachable: Record<string, string>;
}

/** Wait before the n-th retry: 5 s, 10 s, 20 s … capped at 10 minutes. */
export function backoffMs(attempts: number): number {
  return Math.min(5_000 * 2 ** Math.max(0, attempts - 1), 600_000);
}

/** Failure statuses that no retry will change (PS3.4 B.2.3): the PACS refuses this instance. */
function isPermanent(status: number): boolean {
  return (status & 0xff00) === 0xa900 || (status & 0xf000) === 0xc000 || status === 0x0122 || status === 0x0124;
}

const SELECT = `SELECT id, node, sop_uid sopUid, state, attempts, next_attempt_at nextAttemptAt, last_error lastError, created_at createdAt, sent_at sentAt FROM outbox`;

/**
 * The durable outbox: instances to send to remote nodes live in the cache index until the node
 * confirmed each one, so they survive restarts and crashes. An item is claimed ('sending') before
 * it goes out; an item found 'sending' by a process that has died is checked at the node (C-FIND
 * or QIDO by SOP Instance UID) before any resend, so that the node sees each instance once.
 */
export class Outbox {
  constructor(
    private readonly cache: StudyCache,
    private readonly secrets: SecretBox = plainSecretBox,
  ) {}

  private get db() {
    return this.cache.index.db;
  }

  /** Queues instances for a node; items already queued or sent stay as they are, failed ones are queued again. */
  enqueue(node: string, sopUids: string[]): number {
    const now = new Date().toISOString();
    const insert = this.db.prepare(
      `INSERT INTO outbox (node, sop_uid, created_at) VALUES (?, ?, ?)
       ON CONFLICT (node, sop_uid) DO UPDATE SET state = 'queued', attempts = 0, next_attempt_at = 0, last_error = '' WHERE state = 'failed'`,
    );
    let changed = 0;
    this.db.transaction(() => {
      for (const sop of sopUids) changed += insert.run(node, sop, now).changes;
    })();
    return changed;
  }

  list(state?: OutboxState): OutboxItem[] {
    return (state ? this.db.prepare(`${SELECT} WHERE state = ? ORDER BY id`).all(state) : this.db.prepare(`${SELECT} ORDER BY id`).all()) as OutboxItem[];
  }

  counts(): Record<OutboxState, number> {
    const out: Record<OutboxState, number> = { queued: 0, sending: 0, sent: 0, failed: 0 };
    for (const row of this.db.prepare('SELECT state, count(*) n FROM outbox GROUP BY state').all() as { state: OutboxState; n: number }[]) out[row.state] = row.n;
    return out;
  }

  /** Queues failed items again, now. */
  retryFailed(): number {
    return this.db.prepare(`UPDATE outbox SET state = 'queued', attempts = 0, next_attempt_at = 0 WHERE state = 'failed'`).run().changes;
  }

  /** Sends everything due, node by node. */
  async drain(settings: PacsSettings, options: { now?: number; batchSize?: number } = {}): Promise<DrainReport> {
    const report: DrainReport = { sent: 0, failed: 0, deferred: 0, unreachable: {} };
    const nodes = (this.db.prepare(`SELECT DISTINCT node FROM outbox WHERE state IN ('queued', 'sending')`).all() as { node: string }[]).map((r) => r.node);
    for (const name of nodes) {
      let node: PacsNode;
      try {
        node = resolveNode(name, settings);
      } catch (error) {
        report.unreachable[name] = (error as Error).message;
        continue;
      }
      try {
        await this.recoverInterrupted(node, settings.aeTitle);
        for (;;) {
          const batch = this.claim(name, options.now ?? Date.now(), options.batchSize ?? 50);
          if (batch.length === 0) break;
          await this.sendBatch(node, batch, report, settings.aeTitle);
        }
      } catch (error) {
        report.unreachable[name] = (error as Error).message;
      }
    }
    report.deferred = (this.db.prepare(`SELECT count(*) n FROM outbox WHERE state = 'queued'`).get() as { n: number }).n;
    return report;
  }

  private claim(node: string, now: number, limit: number): OutboxItem[] {
    return this.db.transaction(() => {
      const items = this.db.prepare(`${SELECT} WHERE node = ? AND state = 'queued' AND next_attempt_at <= ? ORDER BY id LIMIT ?`).all(node, now, limit) as OutboxItem[];
      const mark = this.db.prepare(`UPDATE outbox SET state = 'sending', claimed_by = ? WHERE id = ?`);
      for (const item of items) mark.run(process.pid, item.id);
      return items;
    })();
  }

  private settle(item: OutboxItem, outcome: { sent: true } | { sent: false; error: string; permanent: boolean }): void {
    if (outcome.sent) {
      this.db.prepare(`UPDATE outbox SET state = 'sent', sent_at = ?, last_error = '', claimed_by = 0 WHERE id = ?`).run(new Date().toISOString(), item.id);
      return;
    }
    const attempts = item.attempts + 1;
    this.db
      .prepare(`UPDATE outbox SET state = ?, attempts = ?, next_attempt_at = ?, last_error = ?, claimed_by = 0 WHERE id = ?`)
      .run(outcome.permanent ? 'failed' : 'queued', attempts, Date.now() + backoffMs(attempts), outcome.error, item.id);
  }

  private async sendBatch(node: PacsNode, items: OutboxItem[], report: DrainReport, ourAe: string): Promise<void> {
    const files: { item: OutboxItem; bytes: Uint8Array }[] = [];
    for (const item of items) {
      const stored = this.cache.index.findInstance(item.sopUid);
      if (!stored) {
        this.settle(item, { sent: false, error: 'no longer in the local cache', permanent: true });
        report.failed++;
        continue;
      }
      files.push({ item, bytes: this.cache.readObject(stored.objectPath) });
    }
    if (files.length === 0) return;
    try {
      if (node.kind === 'dimse') {
        const results: StoreResult[] = await store(dimsePeer(node), ourAe, files.map((f) => ({ source: f.item.sopUid, bytes: f.bytes })));
        results.forEach((r, i) => {
          const item = files[i]!.item;
          if (statusKind(r.status) !== 'failure') {
            this.settle(item, { sent: true });
            report.sent++;
          } else {
            const permanent = isPermanent(r.status);
            this.settle(item, { sent: false, error: r.error ?? `status 0x${r.status.toString(16)}`, permanent });
            if (permanent) report.failed++;
          }
        });
      } else {
        const result = await this.dicomWeb(node).store(files.map((f) => f.bytes));
        const failed = new Map(result.failed.map((f) => [f.sopInstanceUid, f.reason]));
        for (const { item } of files) {
          const reason = failed.get(item.sopUid);
          if (reason === undefined && result.stored.includes(item.sopUid)) {
            this.settle(item, { sent: true });
            report.sent++;
          } else {
            this.settle(item, { sent: false, error: reason ?? 'not confirmed by the STOW-RS response', permanent: reason !== undefined });
            if (reason !== undefined) report.failed++;
          }
        }
      }
    } catch (error) {
      // The node did not answer: everything claimed goes back to the queue, with backoff.
      for (const { item } of files) this.settle(item, { sent: false, error: (error as Error).message, permanent: false });
      throw error;
    }
  }

  /** Items left 'sending' by a process that died: sent or not, as the node itself says. */
  private async recoverInterrupted(node: PacsNode, ourAe: string): Promise<void> {
    const stale = (this.db.prepare(`${SELECT.replace('FROM outbox', ', claimed_by claimedBy FROM outbox')} WHERE node = ? AND state = 'sending'`).all(node.name) as (OutboxItem & { claimedBy: number })[]).filter(
      (i) => i.claimedBy === process.pid || !processAlive(i.claimedBy),
    );
    for (const item of stale) {
      const there = await this.presentAtNode(node, item.sopUid, ourAe);
      if (there) this.settle(item, { sent: true });
      else this.db.prepare(`UPDATE outbox SET state = 'queued', claimed_by = 0 WHERE id = ?`).run(item.id);
    }
  }

  private async presentAtNode(node: PacsNode, sopUid: string, ourAe: string): Promise<boolean> {
    const stored = this.cache.index.findInstance(sopUid);
    if (!stored) return false;
    if (node.kind === 'dimse') {
      const hits = await find(dimsePeer(node), ourAe, 'IMAGE', { StudyInstanceUID: stored.studyUid, SeriesInstanceUID: stored.seriesUid, SOPInstanceUID: sopUid }, { limit: 1 });
      return hits.length > 0;
    }
    return (await this.dicomWeb(node).searchInstances(stored.studyUid, { SOPInstanceUID: sopUid })).length > 0;
  }

  private dicomWeb(node: PacsNode & { kind: 'dicomweb' }): DicomWebClient {
    return dicomWebClientFor(node, this.secrets);
  }
}
