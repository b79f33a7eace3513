import { drainLeftNothing, type DrainReport } from '../../../pacs/outbox';

/** `--lease SECONDS`: how long this drain's claims hold if it dies (renewed while it works). */
export const LEASE_OPTIONS = { lease: { type: 'string' }, wait: { type: 'boolean', default: false } } as const;

export function leaseMsOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 0.5 || seconds > 3600) throw new Error(`--lease ${value} is not 0.5–3600 seconds`);
  return Math.round(seconds * 1000);
}

/**
 * A drain's outcome in words, every count that matters: what went, what the node refused, and
 * what is still left (queued, held by another drain, refused and kept). Returns the exit code:
 * 0 only when nothing is left (issue 19: "… sent, 0 still queued" and exit 0 while items sat
 * claimed by a dead drain).
 */
export function writeDrainReport(report: DrainReport, stdout: NodeJS.WritableStream, stderr: NodeJS.WritableStream): number {
  const already = report.alreadyThere ? ` (${report.alreadyThere} found already at the node after an interrupted send)` : '';
  stdout.write(`${report.sent} sent${already}, ${report.failed} refused by the node; left: ${report.deferred} still queued, ${report.leased} leased by another drain, ${report.failedTotal} failed\n`);
  if (report.leased > 0) {
    stderr.write(`${report.leased} items are held by another drain until ${new Date(report.leasedUntil).toISOString()} unless it renews (it works, or died moments ago); lightbox outbox drain --wait waits for them\n`);
  }
  if (report.failedTotal > 0) stderr.write(`${report.failedTotal} items were refused by their node: lightbox outbox ls --state failed; lightbox outbox retry queues them again\n`);
  for (const [name, why] of Object.entries(report.unreachable)) stderr.write(`${name} unreachable: ${why} (the outbox retries later: lightbox outbox drain)\n`);
  return drainLeftNothing(report) ? 0 : 1;
}
