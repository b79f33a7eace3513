import { parseArgs } from 'node:util';
import type { StoredKeyImage } from '../../../common/contract/hostContract';
import { stringValue, Tag } from '../../../common/dicom/model/dicomJsonAccess';
import { readKeyObjectSelection } from '../../../common/results/keyObjects/readKeyObjectSelection';
import { LIGHTBOX_MANUFACTURER, resultKindOf } from '../../../common/results/resultObjects';
import { createAnnotationStore } from '../../cache/annotationStore';
import { StudyCache } from '../../cache/studyCache';
import { annotationsOrRecovered } from '../../results/annotationsFromOwnResults';
import { CliUsageError, type CliCommand } from '../cliTypes';

/** What `lightbox keyimages --json` prints. */
export interface KeyImagesReport {
  /** Marked in this cache (the viewer's k), or recovered from the study's own KOS. */
  marked: StoredKeyImage[];
  /** Key Object Selection documents of the study, ours and others'. */
  documents: Array<{ sopInstanceUid: string; title: string; ours: boolean; description?: string; images: Array<{ seriesInstanceUid: string; sopInstanceUid: string; frames?: number[] }> }>;
}

export const keyImagesCommand: CliCommand = {
  name: 'keyimages',
  summary: "a cached study's key images: marked in the viewer, and in its Key Object Selection documents",
  usage: 'lightbox keyimages STUDY_UID [--json]',
  async run(ctx) {
    const { values, positionals } = parseArgs({ args: ctx.args, options: { json: { type: 'boolean', default: false } }, allowPositionals: true, strict: true });
    const [studyUid, ...extra] = positionals;
    if (!studyUid || extra.length) throw new CliUsageError('give one STUDY_UID');
    const cache = new StudyCache(ctx.dataDir, 'lightbox-cli');
    try {
      if (!cache.index.hasStudy(studyUid)) throw new Error(`study ${studyUid} is not in the local cache`);
      const headers = cache.index.resultMetadata(studyUid);
      const marked = annotationsOrRecovered(createAnnotationStore(cache.paths, cache.key), cache, studyUid).keyImages ?? [];
      const documents: KeyImagesReport['documents'] = [];
      for (const ds of headers) {
        if (resultKindOf(stringValue(ds, Tag.SOPClassUID) ?? '') !== 'ko') continue;
        const doc = readKeyObjectSelection(ds);
        if (doc.kind !== 'key-objects') continue;
        documents.push({
          sopInstanceUid: doc.sopInstanceUid,
          title: doc.title?.meaning ?? '',
          ours: stringValue(ds, '00080070') === LIGHTBOX_MANUFACTURER,
          ...(doc.description ? { description: doc.description } : {}),
          images: doc.objects.map((o) => ({ seriesInstanceUid: o.seriesInstanceUid, sopInstanceUid: o.sopInstanceUid, ...(o.frames ? { frames: o.frames } : {}) })),
        });
      }
      const report: KeyImagesReport = { marked, documents };
      if (values.json) ctx.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      else {
        ctx.stdout.write(`${marked.length} marked${marked.length ? ':' : ''}\n`);
        for (const k of marked) ctx.stdout.write(`  ${k.sopInstanceUid}${k.frame > 1 ? ` frame ${k.frame}` : ''}  (series ${k.seriesInstanceUid})\n`);
        for (const d of documents) {
          ctx.stdout.write(`key object selection "${d.title}"${d.ours ? ' (ours)' : ''}: ${d.images.length} instance(s)  ${d.sopInstanceUid}\n`);
          if (d.description) ctx.stdout.write(`  ${d.description}\n`);
          for (const i of d.images) ctx.stdout.write(`  ${i.sopInstanceUid}${i.frames ? ` frames ${i.frames.join(',')}` : ''}\n`);
        }
      }
      return 0;
    } finally {
      cache.close();
    }
  },
};
