import { parseArgs } from 'node:util';
import { parseOptionList } from '../../../common/deidentify/deidentifyOptions';
import { deidentifyFiles } from '../../deidentify/deidentifyFiles';
import { openDeidentifyProject } from '../../deidentify/deidentifyProject';
import { CliUsageError, type CliCommand } from '../cliTypes';
import { asUsage, readPixelRules } from './deidentifyArguments';

export const deidentifyCommand: CliCommand = {
  name: 'deidentify',
  summary: 'de-identify DICOM files (PS3.15 Basic Profile + options) into a folder',
  usage: [
    'lightbox deidentify IN… --out DIR [--option OPT,…] [--project NAME] [--pixel-rules FILE.json]',
    '',
    '  IN…            files or folders',
    '  --out DIR      where to write DIR/<pseudonym>/<new SOP Instance UID>.dcm',
    '  --option       retain-safe-private, retain-uids, retain-device-identity, retain-institution-identity,',
    '                 retain-patient-characteristics, retain-dates | modify-dates, clean-descriptors,',
    '                 clean-structured-content, clean-graphics, clean-pixel-data',
    '  --project      the project whose key and pseudonym table are used (default "default"; kept in',
    '                 DATA_DIR/deidentify/NAME, owner-only)',
    '  --pixel-rules  Clean Pixel Data rules: [{"modality","manufacturer","manufacturerModelName","rows",',
    '                 "columns","rectangles":[{"x","y","width","height"}]}]',
    '',
    'Instances that may carry burned-in identity (Burned In Annotation YES, US or Secondary Capture',
    'without it) are refused unless clean-pixel-data has a rule for their device. Exit 1 if any input',
    'was refused or unreadable.',
  ].join('\n'),
  async run(ctx) {
    let parsed;
    try {
      parsed = parseArgs({
        args: ctx.args,
        options: { out: { type: 'string' }, option: { type: 'string', multiple: true }, project: { type: 'string' }, 'pixel-rules': { type: 'string' } },
        allowPositionals: true,
        strict: true,
      });
    } catch (error) {
      throw new CliUsageError(error instanceof Error ? error.message : String(error));
    }
    const { values, positionals } = parsed;
    if (!values.out) throw new CliUsageError('--out DIR is required');
    if (positionals.length === 0) throw new CliUsageError('name at least one file or folder to de-identify');
    const options = asUsage(() => parseOptionList((values.option ?? []).join(',')));
    const pixelRules = await readPixelRules(values['pixel-rules']);
    const project = openDeidentifyProject(ctx.dataDir, values.project);
    const result = await deidentifyFiles(positionals, values.out, project, { options, pixelRules });
    ctx.stdout.write(`de-identified ${result.written.length} instance(s) into ${values.out} (project ${project.name})\n`);
    for (const r of result.refused) ctx.stderr.write(`refused: ${r.reason}\n`);
    for (const f of result.failed) ctx.stderr.write(`failed: ${f.input}: ${f.reason}\n`);
    return result.refused.length || result.failed.length ? 1 : 0;
  },
};
