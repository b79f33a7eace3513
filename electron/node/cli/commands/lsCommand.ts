import { parseArgs } from 'node:util';
import { StudyCache } from '../../cache/studyCache';
import { CliUsageError, type CliCommand } from '../cliTypes';
import { StudySearchError } from '../../cache/studySearchSql';

export const lsCommand: CliCommand = {
  name: 'ls',
  summary: 'list studies in the local cache (DICOM wildcards in names and IDs)',
  usage: 'lightbox ls [PATIENT_NAME] [--id ID] [--accession A] [--date YYYYMMDD-YYYYMMDD] [--modality M] [--text T] [--status unread|in-progress|read[,…]] [--json]',
  async run(ctx) {
    const { values, positionals } = parseArgs({
      args: ctx.args,
      options: { id: { type: 'string' }, accession: { type: 'string' }, date: { type: 'string' }, modality: { type: 'string' }, text: { type: 'string' }, status: { type: 'string' }, json: { type: 'boolean', default: false } },
      allowPositionals: true,
      strict: true,
    });
    const cache = new StudyCache(ctx.dataDir, 'lightbox-cli');
    try {
      const search = (query: Parameters<typeof cache.index.searchStudies>[0]) => {
        try {
          return cache.index.searchStudies(query);
        } catch (error) {
          if (error instanceof StudySearchError) throw new CliUsageError(error.message);
          throw error;
        }
      };
      const studies = search({
        ...(positionals[0] ? { patientName: positionals[0] } : {}),
        ...(values.id ? { patientId: values.id } : {}),
        ...(values.accession ? { accessionNumber: values.accession } : {}),
        ...(values.date ? { studyDate: values.date } : {}),
        ...(values.modality ? { modality: values.modality } : {}),
        ...(values.text ? { text: values.text } : {}),
        ...(values.status ? { readingStatus: values.status } : {}),
      });
      if (values.json) ctx.stdout.write(`${JSON.stringify(studies, null, 2)}\n`);
      else
        for (const s of studies)
          ctx.stdout.write(`${s.studyDate}  ${s.patientName.padEnd(32)} ${s.patientId.padEnd(14)} ${s.modalities.join('/').padEnd(6)} ${String(s.seriesCount).padStart(3)} series ${String(s.instanceCount).padStart(5)} images  ${(s.readingStatus ?? 'unread').padEnd(11)} ${s.studyDescription}  ${s.studyInstanceUid}\n`);
      return 0;
    } finally {
      cache.close();
    }
  },
};
