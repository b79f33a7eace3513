import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { writeMeasurementReport } from '../../../common/results/sr/measurementReport';
import { measurementReportIdentity } from '../../../common/results/reportIdentity';
import { createAnnotationStore } from '../../cache/annotationStore';
import { StudyCache } from '../../cache/studyCache';
import { annotationsOrRecovered } from '../../results/annotationsFromOwnResults';
import { CliUsageError, type CliCommand } from '../cliTypes';

export const exportSrCommand: CliCommand = {
  name: 'export-sr',
  summary: "a cached study's measurements as a DICOM TID 1500 measurement report file (to check with dciodvfy, dsrdump …)",
  usage: 'lightbox export-sr STUDY_UID --out FILE',
  async run(ctx) {
    const { values, positionals } = parseArgs({ args: ctx.args, options: { out: { type: 'string' } }, allowPositionals: true, strict: true });
    const [studyUid, ...extra] = positionals;
    if (!studyUid || extra.length || !values.out) throw new CliUsageError('give one STUDY_UID and --out FILE');
    const cache = new StudyCache(ctx.dataDir, 'lightbox-cli');
    try {
      const datasets = cache.index.studyMetadata(studyUid);
      if (!datasets) throw new Error(`study ${studyUid} is not in the local cache`);
      const annotations = annotationsOrRecovered(createAnnotationStore(cache.paths, cache.key), cache, studyUid);
      if (!annotations.measurements.length && !annotations.volumeMeasurements?.length) throw new Error(`study ${studyUid} has no measurements to report`);
      // The same identity "Save results" gives this version: the file equals what would be sent.
      const report = writeMeasurementReport({ annotations, datasets, readerName: cache.auditUser, document: measurementReportIdentity(studyUid, annotations.version ?? 0, new Date()) });
      writeFileSync(values.out, report.bytes, { mode: 0o600 });
      ctx.stdout.write(`${values.out}: ${report.written.length} measurement(s), ${report.sopClassUid === '1.2.840.10008.5.1.4.1.1.88.34' ? 'Comprehensive 3D SR' : 'Enhanced SR'} ${report.sopInstanceUid}\n`);
      for (const s of report.skipped) ctx.stderr.write(`left out: measurement ${s.id}: ${s.reason}\n`);
      return 0;
    } finally {
      cache.close();
    }
  },
};
