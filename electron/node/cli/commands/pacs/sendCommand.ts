import { parseArgs } from 'node:util';
import { StudyCache } from '../../../cache/studyCache';
import { Outbox } from '../../../pacs/outbox';
import { resolveNode } from '../../../pacs/pacsSettings';
import { CliUsageError, type CliCommand } from '../../cliTypes';
import { PACS_OPTIONS, pacsSettingsFor } from './pacsOptions';

export const sendCommand: CliCommand = {
  name: 'send',
  summary: 'send a cached study to a node through the durable outbox (C-STORE or STOW-RS; retried until confirmed)',
  usage: 'lightbox send NODE STUDY_UID [--queue-only] [--aet AE]',
  async run(ctx) {
    const { values, positionals } = parseArgs({ args: ctx.args, options: { ...PACS_OPTIONS, 'queue-only': { type: 'boolean', default: false } }, allowPositionals: true, strict: true });
    const [spec, studyUid] = positionals;
    if (!spec || !studyUid) throw new CliUsageError('give NODE and STUDY_UID');
    const settings = pacsSettingsFor(ctx, values);
    const node = resolveNode(spec, settings);
    const cache = new StudyCache(ctx.dataDir, 'lightbox-cli');
    try {
      const instances = cache.index.instancesOfStudy(studyUid);
      if (instances.length === 0) throw new Error(`study ${studyUid} is not in the local cache`);
      const outbox = new Outbox(cache);
      // Ad hoc nodes are queued under their spec, which resolves again on every drain.
      const queued = outbox.enqueue(node.name, instances.map((i) => i.sopUid));
      ctx.stdout.write(`${queued} of ${instances.length} instances queued for ${node.name}\n`);
      if (values['queue-only']) return 0;
      const report = await outbox.drain(settings);
      ctx.stdout.write(`${report.sent} sent, ${report.failed} refused by the node, ${report.deferred} waiting in the outbox\n`);
      for (const [name, why] of Object.entries(report.unreachable)) ctx.stderr.write(`${name} unreachable: ${why} (the outbox retries later: lightbox outbox drain)\n`);
      return report.failed === 0 && report.deferred === 0 ? 0 : 1;
    } finally {
      cache.close();
    }
  },
};
