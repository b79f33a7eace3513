import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { objectPathFor } from './cachePaths';
import type { JournalEntry } from './placementJournal';
import type { StudyCache } from './studyCache';

/** What recovery did with a stopped writer's journal. */
export interface PlacementRecovery {
  /** Files placed and never indexed, now indexed: their instances were being stored. */
  adopted: number;
  /** Files no row names and none will: removed. */
  removed: number;
}

/**
 * Finishes what writers that stopped (crash, kill -9, power cut) left between placing a file and
 * indexing it, or between replacing an instance and removing its old file:
 *
 * - a placed file no row names is indexed ("adopted") when its instance is not in the index at
 *   all: the import or receive was storing it, and nothing newer stands in its way;
 * - it is removed when the index already holds that instance in another file (the stopped writer
 *   was replacing it, never reported that, and the index's version stands), or when it is not a
 *   readable instance whose bytes match its name;
 * - files journalled for removal go once no row names them.
 *
 * Each adoption is audited as an import, per study, so that what the stopped import stored has
 * its audit entry. Removals happen under the index's write lock (StudyCache.removeObjectsIfUnreferenced).
 */
export function recoverPlacements(cache: StudyCache, entries: JournalEntry[]): PlacementRecovery {
  const result: PlacementRecovery = { adopted: 0, removed: 0 };
  if (entries.length === 0) return result;
  const toRemove = new Set(entries.filter((e) => e.op === 'remove').map((e) => e.objectPath));
  const adoptedPerStudy = new Map<string, { patientId: string; count: number }>();
  for (const objectPath of new Set(entries.filter((e) => e.op === 'place').map((e) => e.objectPath))) {
    const file = path.join(cache.paths.objects, objectPath);
    if (!existsSync(file) || cache.index.objectReferenced(objectPath)) continue;
    try {
      // Through the cache's reader: a sealed file that fails its check is damage, removed below.
      const bytes = cache.readObject(objectPath);
      const prepared = cache.prepareRecord(bytes, file);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const { sopUid } = prepared.instance;
      if (objectPathFor(prepared.series.uid, sopUid, sha256) !== objectPath || cache.index.findInstance(sopUid)) {
        toRemove.add(objectPath);
        continue;
      }
      const record = { ...prepared, instance: { ...prepared.instance, sha256, objectPath, sizeBytes: bytes.length } };
      let adopted = false;
      cache.index.upsertInstances([record], false, () => {
        // Under the write lock: another process may have indexed it meanwhile, or removed the file.
        if (cache.index.findInstance(sopUid) || !existsSync(file)) throw new SkipAdoption();
        adopted = true;
      });
      if (adopted) {
        result.adopted++;
        const study = adoptedPerStudy.get(prepared.study.uid) ?? { patientId: prepared.patient.id, count: 0 };
        study.count++;
        adoptedPerStudy.set(prepared.study.uid, study);
      }
    } catch (error) {
      if (error instanceof SkipAdoption) continue;
      // Not a storable instance (it was checked before it was placed, so this is damage since): not adopted.
      toRemove.add(objectPath);
    }
  }
  const before = [...toRemove].filter((p) => existsSync(path.join(cache.paths.objects, p))).length;
  cache.removeObjectsIfUnreferenced([...toRemove], false);
  result.removed = before - [...toRemove].filter((p) => existsSync(path.join(cache.paths.objects, p))).length;
  for (const [studyUid, { count }] of adoptedPerStudy) {
    cache.audit({
      action: 'import',
      outcome: 'success',
      studyUid,
      detail: `${count} instance(s) placed by a process that stopped before indexing them; indexed when the cache was next opened`,
    });
  }
  if (result.adopted || result.removed) console.warn(`lightbox: cache recovery: ${result.adopted} interrupted store(s) completed, ${result.removed} leftover file(s) removed`);
  return result;
}

/** Thrown under the lock to leave the transaction without writing. */
class SkipAdoption extends Error {}
