import { parseArgs } from 'node:util';
import { StudyCache } from '../../cache/studyCache';
import type { CliCommand } from '../cliTypes';

export const auditCommand: CliCommand = {
  name: 'audit',
  summary: 'show the audit trail: study opens, imports, exports and deletions (who, what, when)',
  usage: 'lightbox audit [--study UID] [--action import|open|export|delete] [--since ISO-DATE] [--json]',
  async run(ctx) {
    const { values } = parseArgs({
      args: ctx.args,
      options: { study: { type: 'string' }, action: { type: 'string' }, since: { type: 'string' }, json: { type: 'boolean', default: false } },
      strict: true,
    });
    const cache = new StudyCache(ctx.dataDir, 'lightbox-cli');
    try {
      const entries = cache.index.auditTrail({ studyUid: values.study, action: values.action, since: values.since });
      if (values.json) ctx.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
      else for (const e of entries) ctx.stdout.write(`${e.at}  ${e.action.padEnd(7)} ${e.outcome.padEnd(8)} ${e.user}@${e.source}  patient ${e.patientId || '-'}  study ${e.studyUid || '-'}  ${e.detail}\n`);
      return 0;
    } finally {
      cache.close();
    }
  },
};
