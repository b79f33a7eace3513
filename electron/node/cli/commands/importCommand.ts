import { parseArgs } from 'node:util';
import { importPaths } from '../../cache/importPaths';
import { StudyCache } from '../../cache/studyCache';
import { CliUsageError, type CliCommand } from '../cliTypes';
import { createProgressPrinter } from '../progressPrinter';

export const importCommand: CliCommand = {
  name: 'import',
  summary: 'import files, folders and DICOMDIR media into the local cache (progress, summary, report of failures)',
  usage: 'lightbox import PATH… [--reject-damaged] [--json] [--log-stored]\n  --reject-damaged  refuse damaged instances (Pixel Data cut short, no fragments, impossible pixel description …)\n                    instead of storing them with their damage recorded (a strict site\'s policy)',
  async run(ctx) {
    const { values, positionals } = parseArgs({ args: ctx.args, options: { json: { type: 'boolean', default: false }, 'log-stored': { type: 'boolean', default: false }, 'reject-damaged': { type: 'boolean', default: false } }, allowPositionals: true, strict: true });
    if (positionals.length === 0) throw new CliUsageError('give at least one PATH');
    const cache = new StudyCache(ctx.dataDir, 'lightbox-cli');
    cache.rejectDamaged = values['reject-damaged'];
    try {
      const progress = createProgressPrinter(ctx.stderr, 'importing');
      // --log-stored: one line per instance, printed only once it is durable and indexed (crash tests read it).
      const onStored = values['log-stored'] ? (sop: string) => ctx.stdout.write(`stored ${sop}\n`) : undefined;
      const report = await importPaths(cache, positionals, (p) => progress.update(p.filesDone, p.filesTotal), onStored);
      progress.done();
      if (values.json) ctx.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      else {
        ctx.stdout.write(
          `${report.stored} stored (${report.damaged.length} with damage), ${report.replaced} replaced, ${report.duplicates} already in the cache, ${report.skipped.length} skipped, ${report.failed.length} failed; ${report.studies.length} studies, ${(report.bytes / 2 ** 20).toFixed(1)} MiB\n`,
        );
        for (const d of report.damaged) ctx.stderr.write(`stored with damage: ${d.file}: ${d.damage.join('; ')}\n`);
        for (const f of report.skipped) ctx.stderr.write(`skipped: ${f.file}: ${f.reason}\n`);
        for (const f of report.failed) ctx.stderr.write(`failed: ${f.file}: ${f.reason}\n`);
      }
      return report.failed.length ? 1 : 0;
    } finally {
      cache.close();
    }
  },
};
