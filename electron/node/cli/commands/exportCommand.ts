import { parseArgs } from 'node:util';
import type { ExportRequest } from '../../../common/export/exportRequest';
import { StudyCache } from '../../cache/studyCache';
import { parseDeidentifySpec } from '../../export/exportDeidentify';
import { exportInstances } from '../../export/exportInstances';
import { ExportError } from '../../export/exportSinks';
import { CliUsageError, type CliCommand } from '../cliTypes';
import { createProgressPrinter } from '../progressPrinter';
import { asUsage, readPixelRules } from './deidentifyArguments';

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'export cached studies, series or instances to a folder, a zip or an ISO image (IHE PDI media with DICOMDIR)',
  usage: [
    'lightbox export UID… --out DIR|FILE.zip|FILE.iso [--pdi] [--transcode keep|explicit-le]',
    '                [--deidentify basic[,OPTION…]] [--project NAME] [--pseudonym P] [--pixel-rules FILE.json] [--fileset-id ID]',
    '',
    '  UID…          study, series or SOP Instance UIDs of the local cache',
    '  --out         a new folder, FILE.zip, or FILE.iso (an ISO image needs xorriso; it is always PDI media)',
    '  --pdi         IHE PDI media: DICOMDIR, DICOM/PATnnnnn/STUnnnnn/SERnnnnn/IMGnnnnn, README.TXT, INDEX.HTM;',
    '                without it: STUDY_UID/SERIES_UID/SOP_UID.dcm, files as stored',
    '  --transcode   keep (default): files as stored, byte for byte; explicit-le: rewrite in Explicit VR',
    '                Little Endian (STD-GEN-CD), decoding compressed pixel data; syntaxes that cannot be',
    '                decoded here are kept as stored and listed',
    '  --deidentify  PS3.15 Basic Profile ("basic") and options, as lightbox deidentify spells them:',
    '                retain-safe-private, retain-uids, retain-device-identity, retain-institution-identity,',
    '                retain-patient-characteristics, retain-dates | modify-dates, clean-descriptors,',
    '                clean-structured-content, clean-graphics, clean-pixel-data',
    '  --project     the de-identification project whose key and pseudonym table are used (default "default")',
    '  --pseudonym   the pseudonym for the patient (an export of one patient only)',
    '  --pixel-rules Clean Pixel Data rules (JSON), as lightbox deidentify takes them',
    '  --fileset-id  File-set ID and ISO volume name (default LIGHTBOX)',
    '',
    'Nothing appears at --out until the export is complete (Ctrl-C leaves nothing behind). Each study',
    'exported is recorded in the audit trail. Exit 1 when an instance was left out (refused by',
    'de-identification, unreadable, or not describable on media).',
  ].join('\n'),
  async run(ctx) {
    let parsed;
    try {
      parsed = parseArgs({
        args: ctx.args,
        options: {
          out: { type: 'string' },
          pdi: { type: 'boolean', default: false },
          transcode: { type: 'string', default: 'keep' },
          deidentify: { type: 'string' },
          project: { type: 'string' },
          pseudonym: { type: 'string' },
          'pixel-rules': { type: 'string' },
          'fileset-id': { type: 'string' },
        },
        allowPositionals: true,
        strict: true,
      });
    } catch (error) {
      throw new CliUsageError(error instanceof Error ? error.message : String(error));
    }
    const { values, positionals } = parsed;
    if (!values.out) throw new CliUsageError('--out DIR|FILE.zip|FILE.iso is required');
    if (positionals.length === 0) throw new CliUsageError('name at least one study, series or SOP Instance UID');
    if (values.transcode !== 'keep' && values.transcode !== 'explicit-le') throw new CliUsageError(`--transcode ${values.transcode}: keep or explicit-le`);
    if (!values.deidentify && (values.pseudonym !== undefined || values.project !== undefined || values['pixel-rules'] !== undefined)) {
      throw new CliUsageError('--pseudonym, --project and --pixel-rules go with --deidentify');
    }
    const request: ExportRequest = { uids: positionals, out: values.out, pdi: values.pdi, transcode: values.transcode, ...(values['fileset-id'] !== undefined ? { fileSetId: values['fileset-id'] } : {}) };
    if (values.deidentify) {
      const spec = values.deidentify;
      const options = asUsage(() => parseDeidentifySpec(spec));
      const pixelRules = await readPixelRules(values['pixel-rules']);
      request.deidentify = { options, ...(values.project ? { project: values.project } : {}), ...(values.pseudonym !== undefined ? { pseudonym: values.pseudonym } : {}), ...(pixelRules ? { pixelRules } : {}) };
    }
    const cache = new StudyCache(ctx.dataDir, 'lightbox-cli');
    const abort = new AbortController();
    void ctx.untilStopped.then(() => abort.abort());
    const progress = createProgressPrinter(ctx.stderr, 'exporting');
    try {
      const result = await exportInstances(cache, request, (p) => progress.update(p.instancesDone, p.instancesTotal), abort.signal);
      progress.done();
      ctx.stdout.write(`exported ${result.instances} instance(s) of ${result.studies.length} stud${result.studies.length === 1 ? 'y' : 'ies'} to ${result.out} (${result.format}${result.pdi ? ', PDI media' : ''}, ${(result.bytes / 2 ** 20).toFixed(1)} MiB)\n`);
      if (result.profile) ctx.stdout.write(`profile: ${result.profile.profile}: ${result.profile.note}\n`);
      if (result.pseudonyms.length) ctx.stdout.write(`pseudonym(s): ${result.pseudonyms.join(', ')}\n`);
      for (const k of result.kept) ctx.stderr.write(`kept as stored: ${k.sopInstanceUid}: ${k.reason}\n`);
      for (const i of result.invented) ctx.stderr.write(`DICOMDIR: ${i.record} record of ${i.fileId} has no ${i.keyword}${i.value !== undefined ? `: "${i.value}" used` : ''}\n`);
      for (const r of result.refused) ctx.stderr.write(`left out: ${r.sopInstanceUid}: ${r.reason}\n`);
      return result.refused.length ? 1 : 0;
    } catch (error) {
      progress.done();
      if (abort.signal.aborted) {
        ctx.stderr.write('lightbox export: cancelled; nothing was written\n');
        return 130;
      }
      if (error instanceof ExportError) {
        ctx.stderr.write(`lightbox export: ${error.message}\n`);
        return 1;
      }
      throw error;
    } finally {
      cache.close();
    }
  },
};
