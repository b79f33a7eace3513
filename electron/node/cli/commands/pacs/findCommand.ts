import { parseArgs } from 'node:util';
import { find } from '../../../dimse/dimseScu';
import { DEFAULT_RETURN_KEYS, parseQueryArguments, QUERY_LEVELS, type QueryLevel } from '../../../dimse/queryIdentifier';
import { tagForKeyword, tagToKey } from '../../../../common/dicom/dictionary/dataDictionary';
import { dicomWebClientFor } from '../../../pacs/dicomWebNode';
import { auditedQuery } from '../../../pacs/queryAudit';
import { StudyCache } from '../../../cache/studyCache';
import { dimsePeer, resolveNode } from '../../../pacs/pacsSettings';
import { CliUsageError, type CliCommand } from '../../cliTypes';
import { PACS_OPTIONS, pacsSettingsFor } from './pacsOptions';
import type { DicomJsonDataset } from '../../../../common/dicom/model/dicomJson';

function text(ds: DicomJsonDataset, keyword: string): string {
  const value = ds[tagToKey(tagForKeyword(keyword)!)]?.Value ?? [];
  return value.map((v) => (typeof v === 'object' && v !== null ? String((v as { Alphabetic?: string }).Alphabetic ?? '') : String(v))).join('\\');
}

export const findCommand: CliCommand = {
  name: 'find',
  summary: 'query a node (C-FIND or QIDO-RS): KEY=VALUE terms with DICOM wildcards and date ranges',
  usage: 'lightbox find NODE [KEY=VALUE…] [--level patient|study|series|image] [--json] [--limit N] [--aet AE]',
  async run(ctx) {
    const { values, positionals } = parseArgs({
      args: ctx.args,
      options: { ...PACS_OPTIONS, level: { type: 'string', default: 'study' }, json: { type: 'boolean', default: false }, limit: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    const [spec, ...terms] = positionals;
    if (!spec) throw new CliUsageError('give a NODE');
    const level = values.level.toUpperCase() as QueryLevel;
    if (!QUERY_LEVELS.includes(level)) throw new CliUsageError(`--level must be one of ${QUERY_LEVELS.join(', ').toLowerCase()}`);
    const settings = pacsSettingsFor(ctx, values);
    const node = resolveNode(spec, settings);
    const keys = parseQueryArguments(terms);
    const limit = values.limit ? Number(values.limit) : undefined;
    if (node.kind === 'dicomweb' && level !== 'STUDY' && level !== 'PATIENT' && !keys.StudyInstanceUID) throw new CliUsageError('series and image queries over DICOMweb need StudyInstanceUID=…');
    const run = (): Promise<DicomJsonDataset[]> => {
      if (node.kind === 'dimse') return find(dimsePeer(node), settings.aeTitle, level, keys, { limit });
      const client = dicomWebClientFor(node);
      const withLimit = limit ? { ...keys, limit: String(limit) } : keys;
      if (level === 'STUDY' || level === 'PATIENT') return client.searchStudies(withLimit);
      return level === 'SERIES' ? client.searchSeries(keys.StudyInstanceUID!, withLimit) : client.searchInstances(keys.StudyInstanceUID!, withLimit);
    };
    // Audited (PS3.15 A.5.3.12 Query): matches carry patients' names and IDs.
    const cache = new StudyCache(ctx.dataDir, 'lightbox-cli');
    let matches: DicomJsonDataset[];
    try {
      matches = await auditedQuery(cache, node, settings.aeTitle, level, keys, run);
    } finally {
      cache.close();
    }
    if (values.json) ctx.stdout.write(`${JSON.stringify(matches, null, 2)}\n`);
    else {
      const columns = DEFAULT_RETURN_KEYS[level].filter((k) => !/^NumberOf|Birth|Sex|Time|Referring/.test(k));
      for (const m of matches) ctx.stdout.write(`${columns.map((c) => text(m, c)).join('  ')}\n`);
      ctx.stderr.write(`${matches.length} ${level.toLowerCase()} match${matches.length === 1 ? '' : 'es'}\n`);
    }
    return 0;
  },
};
