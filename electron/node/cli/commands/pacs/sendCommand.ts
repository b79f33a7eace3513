import { parseArgs } from 'node:util';
import { secondOpinionOptionsProblem, type SecondOpinionDeidentification } from '../../../../common/export/secondOpinion';
import { StudyCache } from '../../../cache/studyCache';
import { DeidentificationRefused } from '../../../deidentify/pseudonymousCopy';
import { parseDeidentifySpec } from '../../../export/exportDeidentify';
import { ExportError } from '../../../export/exportSinks';
import { Outbox } from '../../../pacs/outbox';
import { resolveNode } from '../../../pacs/pacsSettings';
import { sendSecondOpinion } from '../../../pacs/secondOpinion';
import { CliUsageError, type CliCommand } from '../../cliTypes';
import { asUsage, readPixelRules } from '../deidentifyArguments';
import { LEASE_OPTIONS, leaseMsOption, writeDrainReport } from './drainReportText';
import { PACS_OPTIONS, pacsSettingsFor } from './pacsOptions';

/** `--deidentify basic[,OPTION…]` with its companions, as the request's de-identification; undefined without it. */
async function deidentification(values: { deidentify?: string; project?: string; pseudonym?: string; 'pixel-rules'?: string; 'skip-refused'?: boolean }): Promise<SecondOpinionDeidentification | undefined> {
  if (!values.deidentify) {
    if (values.project !== undefined || values.pseudonym !== undefined || values['pixel-rules'] !== undefined || values['skip-refused']) {
      throw new CliUsageError('--project, --pseudonym, --pixel-rules and --skip-refused go with --deidentify');
    }
    return undefined;
  }
  const spec = values.deidentify;
  const options = asUsage(() => parseDeidentifySpec(spec));
  const problem = secondOpinionOptionsProblem(options);
  if (problem) throw new CliUsageError(problem);
  const pixelRules = await readPixelRules(values['pixel-rules']);
  return {
    options,
    ...(values.project !== undefined ? { project: values.project } : {}),
    ...(values.pseudonym !== undefined ? { pseudonym: values.pseudonym } : {}),
    ...(pixelRules ? { pixelRules } : {}),
    ...(values['skip-refused'] ? { skipRefused: true } : {}),
  };
}

export const sendCommand: CliCommand = {
  name: 'send',
  summary: 'send a cached study to a node through the durable outbox (C-STORE or STOW-RS; retried until confirmed, each instance once), as it is or de-identified for a second opinion',
  usage: [
    'lightbox send NODE STUDY_UID [--again] [--queue-only] [--lease S] [--wait] [--aet AE]',
    'lightbox send STUDY_UID --to NODE [--deidentify basic[,OPTION…] [--project NAME] [--pseudonym P]',
    '              [--pixel-rules FILE.json] [--skip-refused]] [--again] [--queue-only] [--lease S] [--wait] [--aet AE]',
    '',
    '  --to          the node (a name from lightbox nodes, or AET@HOST:PORT / a DICOMweb URL)',
    '  --deidentify  second opinion under a pseudonym: PS3.15 Basic Profile ("basic") and options, as',
    '                lightbox export spells them (retain-uids excepted: the copy needs UIDs of its own).',
    '                The de-identified copy is stored in the local cache as a study of its own (the',
    '                project\'s pseudonym as patient), queued for the node, and audited as an export',
    '  --project     the de-identification project whose key and pseudonym table are used (default "default")',
    '  --pseudonym   the pseudonym to use instead of the project\'s',
    '  --pixel-rules Clean Pixel Data rules (JSON), as lightbox deidentify takes them',
    '  --skip-refused  send what can be de-identified and leave out the instances the profile refuses;',
    '                without it, a study with such an instance (burned-in annotation without a Clean',
    '                Pixel Data rule) is not sent at all, and the instances are named',
  ].join('\n'),
  async run(ctx) {
    let parsed;
    try {
      parsed = parseArgs({
        args: ctx.args,
        options: {
          ...PACS_OPTIONS,
          ...LEASE_OPTIONS,
          'queue-only': { type: 'boolean', default: false },
          again: { type: 'boolean', default: false },
          to: { type: 'string' },
          deidentify: { type: 'string' },
          project: { type: 'string' },
          pseudonym: { type: 'string' },
          'pixel-rules': { type: 'string' },
          'skip-refused': { type: 'boolean', default: false },
        },
        allowPositionals: true,
        strict: true,
      });
    } catch (error) {
      throw new CliUsageError(error instanceof Error ? error.message : String(error));
    }
    const { values, positionals } = parsed;
    // Two spellings: `send NODE STUDY` (as before) and `send STUDY --to NODE`.
    const [spec, studyUid] = values.to !== undefined ? [values.to, positionals[0]] : positionals;
    if (!spec || !studyUid || positionals.length !== (values.to !== undefined ? 1 : 2)) throw new CliUsageError('give NODE and STUDY_UID (or STUDY_UID --to NODE)');
    const deidentify = await deidentification(values);
    const leaseMs = leaseMsOption(values.lease);
    const settings = pacsSettingsFor(ctx, values);
    const node = resolveNode(spec, settings);
    const cache = new StudyCache(ctx.dataDir, 'lightbox-cli');
    try {
      const outbox = new Outbox(cache);
      let sent;
      try {
        // Ad hoc nodes are queued under their spec, which resolves again on every drain.
        sent = await sendSecondOpinion(cache, studyUid, { node: node.name, ...(deidentify ? { deidentify } : {}) }, { node, ourAeTitle: settings.aeTitle, enqueue: (sops) => outbox.enqueue(node.name, sops, { again: values.again }) });
      } catch (error) {
        if (error instanceof DeidentificationRefused) {
          ctx.stderr.write(`lightbox send: study ${studyUid} not sent: de-identification refuses ${error.refused.length} instance(s) (add clean-pixel-data with --pixel-rules for their device, or --skip-refused):\n`);
          for (const r of error.refused) ctx.stderr.write(`refused: ${r.reason}\n`);
          return 1;
        }
        if (error instanceof ExportError) {
          ctx.stderr.write(`lightbox send: ${error.message}\n`);
          return 1;
        }
        throw error;
      }
      if (sent.deidentified) {
        ctx.stdout.write(`de-identified copy: study ${sent.studyInstanceUid}, patient ${sent.pseudonym} (${sent.method}), ${sent.instances} instances, kept in the local cache\n`);
        for (const l of sent.leftOut) ctx.stderr.write(`left out: ${l.reason}\n`);
      }
      const counts = outbox.studyCounts(node.name, sent.studyInstanceUid);
      const alreadySent = values.again ? '' : counts.sent > 0 ? ` (${counts.sent} already sent: --again sends them again)` : '';
      ctx.stdout.write(`${sent.queued} of ${sent.instances} instances queued for ${node.name}${alreadySent}\n`);
      if (values['queue-only']) return sent.leftOut.length ? 1 : 0;
      const report = await outbox.drain(settings, { waitForLeases: values.wait, ...(leaseMs ? { leaseMs } : {}) });
      const code = writeDrainReport(report, ctx.stdout, ctx.stderr);
      return code === 0 && sent.leftOut.length ? 1 : code;
    } finally {
      cache.close();
    }
  },
};
