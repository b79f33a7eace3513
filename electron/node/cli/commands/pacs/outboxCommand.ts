import { parseArgs } from 'node:util';
import { StudyCache } from '../../../cache/studyCache';
import { Outbox, type OutboxState } from '../../../pacs/outbox';
import { CliUsageError, type CliCommand } from '../../cliTypes';
import { PACS_OPTIONS, pacsSettingsFor } from './pacsOptions';

export const outboxCommand: CliCommand = {
  name: 'outbox',
  summary: 'show the outbox (what waits to be sent, what failed and why), send what is due, or retry failures',
  usage: 'lightbox outbox [ls [--state queued|sending|sent|failed] [--json] | drain | retry]',
  async run(ctx) {
    const [sub = 'ls', ...rest] = ctx.args;
    const { values } = parseArgs({ args: rest, options: { ...PACS_OPTIONS, state: { type: 'string' }, json: { type: 'boolean', default: false } }, allowPositionals: false, strict: true });
    const cache = new StudyCache(ctx.dataDir, 'lightbox-cli');
    try {
      const outbox = new Outbox(cache);
      if (sub === 'ls') {
        const items = outbox.list(values.state as OutboxState | undefined);
        if (values.json) ctx.stdout.write(`${JSON.stringify({ counts: outbox.counts(), items }, null, 2)}\n`);
        else {
          const c = outbox.counts();
          ctx.stdout.write(`${c.queued} queued, ${c.sending} sending, ${c.sent} sent, ${c.failed} failed\n`);
          for (const i of items.filter((x) => x.state !== 'sent'))
            ctx.stdout.write(`${i.state.padEnd(8)} ${i.node.padEnd(16)} ${i.sopUid}  attempts ${i.attempts}${i.state === 'queued' && i.nextAttemptAt > Date.now() ? `, next in ${Math.ceil((i.nextAttemptAt - Date.now()) / 1000)} s` : ''}${i.lastError ? `  (${i.lastError})` : ''}\n`);
        }
        return 0;
      }
      if (sub === 'drain') {
        const report = await outbox.drain(pacsSettingsFor(ctx, values), { now: Number.MAX_SAFE_INTEGER });
        ctx.stdout.write(`${report.sent} sent, ${report.failed} refused, ${report.deferred} still queued\n`);
        for (const [name, why] of Object.entries(report.unreachable)) ctx.stderr.write(`${name} unreachable: ${why}\n`);
        return report.deferred === 0 && Object.keys(report.unreachable).length === 0 ? 0 : 1;
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
