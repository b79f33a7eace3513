import { parseArgs } from 'node:util';
import { StudyCache } from '../../cache/studyCache';
import type { CliCommand } from '../cliTypes';

export const lsCommand: CliCommand = {
  name: 'ls',
  summary: 'list studies in the local cache (DICOM wildcards in names and IDs)',
  usage: 'lightbox ls [PATIENT_NAME] [--id ID] [--accession A] [--date YYYYMMDD-YYYYMMDD] [--modality M] [--json]',
  async run(ctx) {
    const { values, positionals } = parseArgs({
      args: ctx.args,
      options: { id: { type: 'string' }, accession: { type: 'string' }, date: { type: 'string' }, modality: { type: 'string' }, json: { type: 'boolean', default: false } },
      allowPositionals: true,
      strict: true,
    });
    const cache = new StudyCache(ctx.dataDir, 'lightbox-cli');
    try {
      const studies = cache.index.searchStudies({
        ...(positionals[0] ? { patientName: positionals[0] } : {}),
        ...(values.id ? { patientId: values.id } : {}),
        ...(values.accession ? { accessionNumber: values.accession } : {}),
        ...(values.date ? { studyDate: values.date } : {}),
        ...(values.modality ? { modality: values.modality } : {}),
      });
      if (values.json) ctx.stdout.write(`${JSON.stringify(studies, null, 2)}\n`);
      else
        for (const s of studies)
          ctx.stdout.write(`${s.studyDate}  ${s.patientName.padEnd(32)} ${s.patientId.padEnd(14)} ${s.modalities.join('/').padEnd(6)} ${String(s.seriesCount).padStart(3)} series ${String(s.instanceCount).padStart(5)} images  ${s.studyDescription}  ${s.studyInstanceUid}\n`);
      return 0;
    } finally {
      cache.close();
    }
  },
};
