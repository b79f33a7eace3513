import { parseArgs } from 'node:util';
import { StudyCache } from '../../../cache/studyCache';
import { Outbox } from '../../../pacs/outbox';
import { resolveNode } from '../../../pacs/pacsSettings';
import { CliUsageError, type CliCommand } from '../../cliTypes';
import { LEASE_OPTIONS, leaseMsOption, writeDrainReport } from './drainReportText';
import { PACS_OPTIONS, pacsSettingsFor } from './pacsOptions';

export const sendCommand: CliCommand = {
  name: 'send',
  summary: 'send a cached study to a node through the durable outbox (C-STORE or STOW-RS; retried until confirmed, each instance once)',
  usage: 'lightbox send NODE STUDY_UID [--again] [--queue-only] [--lease S] [--wait] [--aet AE]',
  async run(ctx) {
    const { values, positionals } = parseArgs({
      args: ctx.args,
      options: { ...PACS_OPTIONS, ...LEASE_OPTIONS, 'queue-only': { type: 'boolean', default: false }, again: { type: 'boolean', default: false } },
      allowPositionals: true,
      strict: true,
    });
    const [spec, studyUid] = positionals;
    if (!spec || !studyUid) throw new CliUsageError('give NODE and STUDY_UID');
    const leaseMs = leaseMsOption(values.lease);
    const settings = pacsSettingsFor(ctx, values);
    const node = resolveNode(spec, settings);
    const cache = new StudyCache(ctx.dataDir, 'lightbox-cli');
    try {
      const instances = cache.index.instancesOfStudy(studyUid);
      if (instances.length === 0) throw new Error(`study ${studyUid} is not in the local cache`);
      const outbox = new Outbox(cache);
      // Ad hoc nodes are queued under their spec, which resolves again on every drain.
      const queued = outbox.enqueue(node.name, instances.map((i) => i.sopUid), { again: values.again });
      const counts = outbox.studyCounts(node.name, studyUid);
      const alreadySent = values.again ? '' : counts.sent > 0 ? ` (${counts.sent} already sent: --again sends them again)` : '';
      ctx.stdout.write(`${queued} of ${instances.length} instances queued for ${node.name}${alreadySent}\n`);
      if (values['queue-only']) return 0;
      const report = await outbox.drain(settings, { waitForLeases: values.wait, ...(leaseMs ? { leaseMs } : {}) });
      return writeDrainReport(report, ctx.stdout, ctx.stderr);
    } finally {
      cache.close();
    }
  },
};
