import { parseArgs } from 'node:util';
import type { StudyResults } from '../../../common/contract/hostContract';
import { resultObjectsOf, type ResultKind } from '../../../common/results/resultObjects';
import { StudyCache } from '../../cache/studyCache';
import { ImagingService } from '../../imaging/imagingService';
import { segmentationStatisticsOfStudy } from '../../results/segmentationStatisticsOfStudy';
import { CliUsageError, type CliCommand } from '../cliTypes';

const KIND_NAMES: Record<ResultKind, string> = {
  sr: 'report (SR)',
  ko: 'key images (KO)',
  rejection: 'rejection note (KO)',
  pr: 'presentation state (PR)',
  seg: 'segmentation (SEG)',
  rtstruct: 'structure set (RTSTRUCT)',
  registration: 'registration (REG)',
  rwvm: 'real world value map',
};

/** A cached study's result objects and AI requests (what GET /api/studies/:uid/results answers); throws when the study is not in the cache. */
export function cachedStudyResults(dataDir: string, studyUid: string): StudyResults {
  const cache = new StudyCache(dataDir, 'lightbox-cli');
  try {
    if (!cache.index.hasStudy(studyUid)) throw new Error(`study ${studyUid} is not in the local cache`);
    return { results: resultObjectsOf(cache.index.resultMetadata(studyUid)), aiRequests: cache.index.aiRequests(studyUid) };
  } finally {
    cache.close();
  }
}

function printResults({ results, aiRequests }: StudyResults, out: NodeJS.WritableStream): void {
  if (results.length === 0) out.write('no result objects (reports, key images, presentation states, segmentations, structure sets) in this study\n');
  for (const r of results) {
    const producer = [r.producer.manufacturer, r.producer.modelName, r.producer.softwareVersions.join(' ')].filter(Boolean).join(' ') || 'unknown producer';
    out.write(`${KIND_NAMES[r.kind].padEnd(26)} ${r.date.padEnd(19)}  ${r.title || r.seriesDescription || '(untitled)'} — ${r.summary}\n`);
    out.write(`${''.padEnd(26)} by ${producer}${r.producer.algorithms.length ? ` · algorithm ${r.producer.algorithms.join(', ')}` : ''}${r.ours ? ' · ours' : ''}\n`);
    out.write(`${''.padEnd(26)} ${r.sopInstanceUid}${r.referencedSeries.length ? ` on series ${r.referencedSeries.join(', ')}` : ''}\n`);
  }
  for (const a of aiRequests) out.write(`AI request to ${a.node} at ${a.requestedAt}: ${a.state === 'pending' ? 'pending' : `answered at ${a.answeredAt} by ${a.answeredBy}`}\n`);
}

const g = (n: number | undefined): string => (n === undefined ? '—' : String(Number(n.toPrecision(6))));

async function printStatistics(dataDir: string, studyUid: string, segUid: string, json: boolean, out: NodeJS.WritableStream): Promise<number> {
  const cache = new StudyCache(dataDir, 'lightbox-cli');
  const imaging = new ImagingService(cache, { poolSize: 1 });
  try {
    const report = await segmentationStatisticsOfStudy(cache, imaging, studyUid, segUid);
    if (!report) throw new Error(`segmentation ${segUid} of study ${studyUid} is not in the local cache`);
    if (json) out.write(`${JSON.stringify(report, null, 2)}\n`);
    else
      for (const s of report.segments) {
        out.write(`${s.label}: ${s.voxelCount} voxels, ${g(s.volumeMl)} ml; mean ${g(s.mean)} min ${g(s.min)} max ${g(s.max)} ${s.units}`);
        out.write(s.suvbw ? `; SUVbw mean ${g(s.suvbw.mean)} max ${g(s.suvbw.max)} g/ml\n` : '\n');
        if (s.masksWithoutSource) out.write(`  ${s.masksWithoutSource} frame(s) without their source image here: not in mean/min/max\n`);
      }
    for (const w of report.warnings) out.write(`warning: ${w}\n`);
    return 0;
  } finally {
    await imaging.close();
    cache.close();
  }
}

export const resultsCommand: CliCommand = {
  name: 'results',
  summary: 'result objects of a cached study: reports, key images, presentation states, SEG, RTSTRUCT, and who made them',
  usage: 'lightbox results ls STUDY_UID [--json] | results stats STUDY_UID SEG_SOP_UID [--json]',
  async run(ctx) {
    const { values, positionals } = parseArgs({ args: ctx.args, options: { json: { type: 'boolean', default: false } }, allowPositionals: true, strict: true });
    const [sub, studyUid, ...extra] = positionals;
    if (sub === 'stats') {
      if (!studyUid || extra.length !== 1) throw new CliUsageError('give: stats STUDY_UID SEG_SOP_UID');
      return printStatistics(ctx.dataDir, studyUid, extra[0]!, values.json, ctx.stdout);
    }
    if (sub !== 'ls' || !studyUid || extra.length) throw new CliUsageError('give: ls STUDY_UID, or stats STUDY_UID SEG_SOP_UID');
    const results = cachedStudyResults(ctx.dataDir, studyUid);
    if (values.json) ctx.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    else printResults(results, ctx.stdout);
    return 0;
  },
};
