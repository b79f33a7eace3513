import { parseArgs } from 'node:util';
import type { WorklistEntry, WorklistQuery } from '../../../../common/worklist/worklistTypes';
import { StudyCache } from '../../../cache/studyCache';
import { planWorklistPrefetch } from '../../../worklist/worklistPrefetch';
import { queryWorklist, studiesNodeOf, worklistNodeOf } from '../../../worklist/worklistNode';
import { CliUsageError, type CliCommand } from '../../cliTypes';
import { PACS_OPTIONS, pacsSettingsFor } from './pacsOptions';
import { printPlan, retrievePlan } from './prefetchRetrieve';

/** `today`, `tomorrow`, a DICOM date or a range (`A-B`, `A-`, `-B`) → the DA matching value. */
export function worklistDate(value: string, now = new Date()): string {
  const day = (offset: number): string => {
    const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() + offset);
    return `${d.getFullYear()}${String(d.getMonth() + 1).padStart(2, '0')}${String(d.getDate()).padStart(2, '0')}`;
  };
  if (value === 'today') return day(0);
  if (value === 'tomorrow') return day(1);
  if (!/^(\d{8}|\d{8}-\d{8}|\d{8}-|-\d{8})$/.test(value)) throw new CliUsageError(`--date ${value}: give YYYYMMDD, YYYYMMDD-YYYYMMDD, today or tomorrow`);
  return value;
}

function line(e: WorklistEntry): string {
  const step = e.scheduledStep;
  return [`${step.startDate} ${step.startTime}`.trim(), step.modality, step.stationAeTitles.join('\\'), e.accessionNumber, e.patientId, e.patientName, e.requestedProcedureDescription || step.description, e.studyInstanceUid].join('  ');
}

export const worklistCommand: CliCommand = {
  name: 'worklist',
  summary: "the RIS worklist (Modality Worklist C-FIND or UPS-RS); --prefetch fetches each entry's study and relevant priors into the cache",
  usage:
    'lightbox worklist [--node NAME] [--date YYYYMMDD[-YYYYMMDD]|today|tomorrow] [--modality M] [--station AE] [--accession A] [--patient-id ID] [--patient-name NAME*] [--json]\n' +
    '                  [--prefetch [--from NODE] [--priors N] [--max-age YEARS] [--any-modality] [--dry-run]] [--aet AE] [--scp-port PORT]\n' +
    '  --node: a node added with --worklist (default: the first such). --from: where the studies are (default: the first node not added with --worklist).',
  async run(ctx) {
    const { values } = parseArgs({
      args: ctx.args,
      options: {
        ...PACS_OPTIONS,
        node: { type: 'string' },
        date: { type: 'string' },
        modality: { type: 'string' },
        station: { type: 'string' },
        accession: { type: 'string' },
        'patient-id': { type: 'string' },
        'patient-name': { type: 'string' },
        json: { type: 'boolean', default: false },
        prefetch: { type: 'boolean', default: false },
        from: { type: 'string' },
        priors: { type: 'string' },
        'max-age': { type: 'string' },
        'any-modality': { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
      },
      allowPositionals: false,
      strict: true,
    });
    if (!values.prefetch && (values.from || values['dry-run'] || values.priors || values['max-age'] || values['any-modality'])) throw new CliUsageError('--from, --priors, --max-age, --any-modality and --dry-run go with --prefetch');
    const settings = pacsSettingsFor(ctx, values);
    const node = worklistNodeOf(settings, values.node);
    // Known before the RIS is asked: a prefetch with nowhere to fetch from is a usage error.
    const studiesNode = values.prefetch ? studiesNodeOf(settings, values.from) : undefined;
    if (values.prefetch && !studiesNode) throw new CliUsageError('no node to fetch the studies from: add the PACS (lightbox nodes add NAME AET@HOST:PORT), or name one with --from');
    const query: WorklistQuery = {
      ...(values.date ? { scheduledDate: worklistDate(values.date) } : {}),
      ...(values.modality ? { modality: values.modality } : {}),
      ...(values.station ? { stationAeTitle: values.station } : {}),
      ...(values.accession ? { accessionNumber: values.accession } : {}),
      ...(values['patient-id'] ? { patientId: values['patient-id'] } : {}),
      ...(values['patient-name'] ? { patientName: values['patient-name'] } : {}),
    };
    const cache = new StudyCache(ctx.dataDir, 'lightbox-cli');
    try {
      const entries = await queryWorklist(node, settings.aeTitle, query, cache);
      if (values.json) ctx.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
      else for (const e of entries) ctx.stdout.write(`${line(e)}\n`);
      ctx.stderr.write(`${entries.length} worklist entr${entries.length === 1 ? 'y' : 'ies'} from ${node.name}\n`);
      if (!studiesNode) return 0;
      const rules = {
        maxPriors: values.priors !== undefined ? Number(values.priors) : settings.prefetch.maxPriors,
        maxAgeYears: values['max-age'] !== undefined ? Number(values['max-age']) : settings.prefetch.maxAgeYears,
        sameModality: values['any-modality'] ? false : settings.prefetch.sameModality,
      };
      const plan = await planWorklistPrefetch(entries, studiesNode, settings.aeTitle, cache, rules);
      // With --json the listing is the whole stdout; the plan and the retrieves go to stderr.
      const report = values.json ? ctx.stderr : ctx.stdout;
      printPlan(plan, report);
      if (values['dry-run']) return 0;
      return (await retrievePlan(plan, studiesNode, settings, cache, { stdout: report, stderr: ctx.stderr })) === 0 ? 0 : 1;
    } finally {
      cache.close();
    }
  },
};
