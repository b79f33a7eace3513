import { parseArgs } from 'node:util';
import { StudyCache } from '../../../cache/studyCache';
import { Outbox, type OutboxItem, type OutboxState } from '../../../pacs/outbox';
import { CliUsageError, type CliCommand } from '../../cliTypes';
import { LEASE_OPTIONS, leaseMsOption, writeDrainReport } from './drainReportText';
import { PACS_OPTIONS, pacsSettingsFor } from './pacsOptions';

function itemLine(i: OutboxItem, now: number): string {
  const due = i.state === 'queued' && i.nextAttemptAt > now ? `, next in ${Math.ceil((i.nextAttemptAt - now) / 1000)} s` : '';
  const lease = i.state === 'sending' ? (i.leaseUntil >= now ? `, leased by ${i.leaseOwner} for ${Math.ceil((i.leaseUntil - now) / 1000)} s` : `, lease of ${i.leaseOwner} expired: the next drain recovers it`) : '';
  const doubt = i.inDoubt ? ', may be at the node already: asked before it is sent again' : '';
  return `${i.state.padEnd(8)} ${i.node.padEnd(16)} ${i.sopUid}  attempts ${i.attempts}${due}${lease}${doubt}${i.lastError ? `  (${i.lastError})` : ''}\n`;
}

export const outboxCommand: CliCommand = {
  name: 'outbox',
  summary: 'show the outbox (what waits to be sent, what failed and why), send what is due, or retry failures',
  usage: 'lightbox outbox [ls [--state queued|sending|sent|failed] [--json] | drain [--lease S] [--wait] | retry]',
  async run(ctx) {
    const [sub = 'ls', ...rest] = ctx.args;
    const { values } = parseArgs({
      args: rest,
      options: { ...PACS_OPTIONS, ...LEASE_OPTIONS, state: { type: 'string' }, json: { type: 'boolean', default: false } },
      allowPositionals: false,
      strict: true,
    });
    const leaseMs = leaseMsOption(values.lease);
    const cache = new StudyCache(ctx.dataDir, 'lightbox-cli');
    try {
      const outbox = new Outbox(cache);
      if (sub === 'ls') {
        const items = outbox.list(values.state as OutboxState | undefined);
        if (values.json) ctx.stdout.write(`${JSON.stringify({ counts: outbox.counts(), items }, null, 2)}\n`);
        else {
          const c = outbox.counts();
          ctx.stdout.write(`${c.queued} queued, ${c.sending} sending, ${c.sent} sent, ${c.failed} failed\n`);
          const now = Date.now();
          for (const i of items.filter((x) => x.state !== 'sent')) ctx.stdout.write(itemLine(i, now));
        }
        return 0;
      }
      if (sub === 'drain') {
        // Everything queued is due now: a person (or cron) asked for it.
        const report = await outbox.drain(pacsSettingsFor(ctx, values), { now: Number.MAX_SAFE_INTEGER, waitForLeases: values.wait, ...(leaseMs ? { leaseMs } : {}) });
        return writeDrainReport(report, ctx.stdout, ctx.stderr);
      }
      if (sub === 'retry') {
        ctx.stdout.write(`${outbox.retryFailed()} failed items queued again\n`);
        return 0;
      }
      throw new CliUsageError(`unknown subcommand "${sub}"`);
    } finally {
      cache.close();
    }
  },
};
