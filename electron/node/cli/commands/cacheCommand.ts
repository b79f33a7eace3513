import { parseArgs } from 'node:util';
import { StudyCache } from '../../cache/studyCache';
import { verifyCache } from '../../cache/verifyCache';
import { CliUsageError, type CliCommand } from '../cliTypes';

export const cacheCommand: CliCommand = {
  name: 'cache',
  summary: 'local cache maintenance: verify (checksums, missing and orphan files; --repair), stats',
  usage: 'lightbox cache verify [--repair] [--json] | lightbox cache stats [--json]',
  async run(ctx) {
    const { values, positionals } = parseArgs({
      args: ctx.args,
      options: { repair: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
      allowPositionals: true,
      strict: true,
    });
    const [action] = positionals;
    if (action !== 'verify' && action !== 'stats') throw new CliUsageError('give verify or stats');
    const cache = new StudyCache(ctx.dataDir, 'lightbox-cli');
    try {
      if (action === 'stats') {
        const counts = cache.index.counts();
        ctx.stdout.write(values.json ? `${JSON.stringify(counts)}\n` : `${counts.patients} patients, ${counts.studies} studies, ${counts.series} series, ${counts.instances} instances, ${(counts.bytes / 2 ** 20).toFixed(1)} MiB\n`);
        return 0;
      }
      const report = verifyCache(cache, { repair: values.repair });
      const problems = report.missing.length + report.corrupt.length + report.orphans.length + report.damagedVolumes.length;
      if (values.json) ctx.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      else {
        ctx.stdout.write(
          `${report.instances} instances checked: ${report.missing.length} missing, ${report.corrupt.length} corrupt, ${report.orphans.length} orphan files, ${report.damagedVolumes.length} damaged pixel blocks\n`,
        );
        for (const v of report.damagedVolumes) ctx.stdout.write(`damaged pixel block: series ${v}\n`);
        for (const m of report.missing) ctx.stdout.write(`missing: ${m.sopUid} (${m.objectPath})\n`);
        for (const c of report.corrupt) ctx.stdout.write(`corrupt: ${c.sopUid} (${c.objectPath})\n`);
        for (const o of report.orphans) ctx.stdout.write(`orphan: ${o}\n`);
        for (const r of report.repaired) ctx.stdout.write(`repaired: ${r}\n`);
      }
      return problems && !values.repair ? 1 : 0;
    } finally {
      cache.close();
    }
  },
};
