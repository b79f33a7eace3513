import { parseArgs } from 'node:util';
import type { StudyResults } from '../../../common/contract/hostContract';
import { resultObjectsOf, type ResultKind } from '../../../common/results/resultObjects';
import { StudyCache } from '../../cache/studyCache';
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
    const headers = cache.index.studyMetadata(studyUid);
    if (!headers) throw new Error(`study ${studyUid} is not in the local cache`);
    return { results: resultObjectsOf(headers), aiRequests: cache.index.aiRequests(studyUid) };
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

export const resultsCommand: CliCommand = {
  name: 'results',
  summary: 'result objects of a cached study: reports, key images, presentation states, SEG, RTSTRUCT, and who made them',
  usage: 'lightbox results ls STUDY_UID [--json]',
  async run(ctx) {
    const { values, positionals } = parseArgs({ args: ctx.args, options: { json: { type: 'boolean', default: false } }, allowPositionals: true, strict: true });
    const [sub, studyUid, ...extra] = positionals;
    if (sub !== 'ls' || !studyUid || extra.length) throw new CliUsageError('give: ls STUDY_UID');
    const results = cachedStudyResults(ctx.dataDir, studyUid);
    if (values.json) ctx.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    else printResults(results, ctx.stdout);
    return 0;
  },
};
