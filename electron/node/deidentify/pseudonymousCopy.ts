import { DeidentifyRefusal, deidentifyInstance } from '../../common/deidentify/deidentifyInstance';
import { secondOpinionOptionsProblem, type SecondOpinionDeidentification } from '../../common/export/secondOpinion';
import type { StoredInstance } from '../cache/cacheIndex';
import type { StudyCache } from '../cache/studyCache';
import { exportDeidentification } from '../export/exportDeidentify';
import { ExportError } from '../export/exportSinks';
import { resolveExportUids } from '../export/resolveExportUids';

/** Instances the profile cannot make safe (burned-in annotation without a Clean Pixel Data rule …): nothing was stored or sent. */
export class DeidentificationRefused extends Error {
  override name = 'DeidentificationRefused';
  constructor(
    readonly studyUid: string,
    readonly refused: Array<{ sopInstanceUid: string; reason: string }>,
  ) {
    super(`study ${studyUid} was not sent: de-identification refuses ${refused.length} instance(s): ${refused.map((r) => r.reason).join('; ')}`);
  }
}

/** A study's de-identified copy as stored in the local cache: a study of its own, under the patient's pseudonym. */
export interface PseudonymousCopy {
  studyUid: string;
  /** Its instances, in the order of the original's. */
  sopUids: string[];
  pseudonym: string;
  /** Profile, options and project, as the audit trail names them. */
  method: string;
  /** Instances refused and left out (only with `skipRefused`). */
  leftOut: Array<{ sopInstanceUid: string; reason: string }>;
  /** The original's instances (hidden ones, under an IOCM rejection, not counted). */
  originalInstances: number;
}

async function readStored(cache: StudyCache, instance: StoredInstance): Promise<Uint8Array> {
  const file = await cache.openObject(instance.objectPath, `instance ${instance.sopUid}`);
  try {
    return await file.readAll();
  } finally {
    await file.close();
  }
}

/**
 * De-identifies a cached study with the engine of `lightbox deidentify` (PS3.15 Basic Profile and
 * options, under the project's key and pseudonym table: the same patient always gets the same
 * pseudonym, the same study the same new UIDs) and stores the copy in the cache. Every instance is
 * made before any is stored, so a study refused in part leaves nothing behind (unless
 * `skipRefused`). Storing the same copy again is a duplicate, so a send repeated is sent once.
 */
export async function storePseudonymousCopy(cache: StudyCache, studyUid: string, request: SecondOpinionDeidentification): Promise<PseudonymousCopy> {
  const problem = secondOpinionOptionsProblem(request.options);
  if (problem) throw new ExportError(problem);
  const instances = resolveExportUids(cache, [studyUid]);
  const deid = exportDeidentification(cache, request, instances);
  const made: Array<{ bytes: Uint8Array; original: string; pseudonym: string }> = [];
  const leftOut: PseudonymousCopy['leftOut'] = [];
  try {
    for (const instance of instances) {
      const refuse = (reason: string): void => void leftOut.push({ sopInstanceUid: instance.sopUid, reason });
      try {
        const done = deidentifyInstance(await readStored(cache, instance), instance.sopUid, deid.context);
        made.push({ bytes: done.bytes, original: instance.sopUid, pseudonym: done.pseudonym });
      } catch (error) {
        refuse(error instanceof DeidentifyRefusal ? error.message : `${instance.sopUid}: not de-identified: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  } finally {
    deid.project.save();
  }
  if (leftOut.length && (!request.skipRefused || made.length === 0)) throw new DeidentificationRefused(studyUid, leftOut);
  const sopUids: string[] = [];
  const studies = new Set<string>();
  // One flush for the study, not an fsync per instance; on disk before it is queued and audited.
  const batch = cache.flushBatch();
  for (const m of made) {
    const outcome = cache.store(m.bytes, `de-identified copy of instance ${m.original}`, batch);
    sopUids.push(outcome.sopInstanceUid);
    studies.add(outcome.studyInstanceUid);
  }
  await batch.flush();
  // One study, one patient: the engine replaces the Study Instance UID and the patient consistently.
  const copyUid = [...studies][0]!;
  if (studies.size !== 1) throw new Error(`the de-identified copy of study ${studyUid} came out as ${studies.size} studies`);
  return { studyUid: copyUid, sopUids, pseudonym: made[0]!.pseudonym, method: deid.description, leftOut, originalInstances: instances.length };
}
