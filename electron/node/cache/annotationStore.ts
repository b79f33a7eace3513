import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { AnnotationChanges, StoredKeyImage, StoredMeasurement, StoredVolumeMeasurement, StudyAnnotations } from '../../common/contract/hostContract';
import { HostError } from '../../common/contract/hostError';
import type { CachePaths } from './cachePaths';
import type { CacheKey } from './cacheKey';
import { readStoredFileSync } from './storedFile';
import { writeStoredFileDurably } from './writeStoredFile';

const KINDS = new Set<StoredMeasurement['kind']>(['length', 'angle', 'cobb', 'ellipse', 'rectangle', 'freehand', 'probe', 'arrow']);
const MAX_MEASUREMENTS = 10_000;
const MAX_POINTS = 5_000;

function isPoint(p: unknown): p is [number, number] {
  return Array.isArray(p) && p.length === 2 && p.every((v) => typeof v === 'number' && Number.isFinite(v));
}

/** Checks a measurement from the renderer; names the first problem. */
export function validateMeasurement(m: unknown, index: number): StoredMeasurement {
  const bad = (why: string): never => {
    throw new HostError(400, 'bad-request', `measurement ${index}: ${why}`);
  };
  if (!m || typeof m !== 'object') return bad('not an object');
  const r = m as Record<string, unknown>;
  if (typeof r.id !== 'string' || !r.id) bad('id missing');
  if (!KINDS.has(r.kind as StoredMeasurement['kind'])) bad(`unknown kind ${String(r.kind)}`);
  for (const k of ['seriesInstanceUid', 'sopInstanceUid'] as const) if (typeof r[k] !== 'string' || !/^[0-9.]{1,64}$/.test(r[k] as string)) bad(`${k} is not a UID`);
  if (!Number.isInteger(r.frame) || (r.frame as number) < 1) bad('frame must be ≥ 1');
  if (!Array.isArray(r.points) || r.points.length > MAX_POINTS || !r.points.every(isPoint)) bad('points must be [x, y] number pairs');
  if (r.text !== undefined && (typeof r.text !== 'string' || r.text.length > 1000)) bad('text must be a string of at most 1000 characters');
  return r as unknown as StoredMeasurement;
}

const isVec3 = (p: unknown): p is [number, number, number] => Array.isArray(p) && p.length === 3 && p.every((v) => typeof v === 'number' && Number.isFinite(v));

/** Checks a measurement made in an MPR view; names the first problem. */
export function validateVolumeMeasurement(m: unknown, index: number): StoredVolumeMeasurement {
  const bad = (why: string): never => {
    throw new HostError(400, 'bad-request', `volume measurement ${index}: ${why}`);
  };
  if (!m || typeof m !== 'object') return bad('not an object');
  const r = m as Record<string, unknown>;
  if (typeof r.id !== 'string' || !r.id) bad('id missing');
  if (!['length', 'angle', 'ellipse'].includes(r.kind as string)) bad(`unknown kind ${String(r.kind)}`);
  if (typeof r.seriesInstanceUid !== 'string' || !/^[0-9.]{1,64}$/.test(r.seriesInstanceUid)) bad('seriesInstanceUid is not a UID');
  if (!Array.isArray(r.points) || r.points.length < 2 || r.points.length > 3 || !r.points.every(isVec3)) bad('points must be 2 or 3 [x, y, z] number triples');
  const plane = r.plane as Record<string, unknown> | undefined;
  if (!plane || !['right', 'down', 'normal'].every((k) => isVec3(plane[k]))) bad('plane needs right, down and normal directions');
  if (r.stats !== undefined && (typeof r.stats !== 'object' || !['pixels', 'mean', 'sd', 'min', 'max', 'areaMm2'].every((k) => Number.isFinite((r.stats as Record<string, unknown>)[k])))) bad('stats must be numbers');
  return r as unknown as StoredVolumeMeasurement;
}

/** Checks a key image mark; names the first problem. */
export function validateKeyImage(k: unknown, index: number): StoredKeyImage {
  const bad = (why: string): never => {
    throw new HostError(400, 'bad-request', `key image ${index}: ${why}`);
  };
  if (!k || typeof k !== 'object') return bad('not an object');
  const r = k as Record<string, unknown>;
  for (const f of ['seriesInstanceUid', 'sopInstanceUid'] as const) if (typeof r[f] !== 'string' || !/^[0-9.]{1,64}$/.test(r[f] as string)) bad(`${f} is not a UID`);
  if (!Number.isInteger(r.frame) || (r.frame as number) < 1) bad('frame must be ≥ 1');
  if (r.id !== `${r.sopInstanceUid as string}#${r.frame as number}`) bad('id must be SOPInstanceUID#frame');
  return { id: r.id as string, seriesInstanceUid: r.seriesInstanceUid as string, sopInstanceUid: r.sopInstanceUid as string, frame: r.frame as number };
}

/** A list with `upsert` applied by id (changed in place, new ones appended) and `remove`d ids gone. */
function applyChanges<T extends { id: string }>(list: T[], upsert: T[], remove: string[]): T[] {
  const byId = new Map(upsert.map((m) => [m.id, m]));
  const gone = new Set(remove);
  const out = list.filter((m) => !gone.has(m.id)).map((m) => byId.get(m.id) ?? m);
  const present = new Set(out.map((m) => m.id));
  for (const m of upsert) if (!present.has(m.id) && !gone.has(m.id)) out.push(m);
  return out;
}

/**
 * Measurements kept with each study in the cache (one JSON file per study, written durably so a crash
 * leaves the old or the new version, never a torn one). Survives restarts; removed with the study.
 */
/** The file a study's measurements and key images are kept in (named by a hash: no UID on disk). */
export function annotationFile(paths: Pick<CachePaths, 'root'>, studyUid: string): string {
  return path.join(paths.root, 'annotations', `${createHash('sha256').update(studyUid).digest('hex')}.json`);
}

/** The file a study's SUV input overrides are kept in (suvOverrideStore.ts; removed with the study as its annotations are). */
export function suvOverridesFile(paths: Pick<CachePaths, 'root'>, studyUid: string): string {
  return path.join(paths.root, 'suv-overrides', `${createHash('sha256').update(studyUid).digest('hex')}.json`);
}

export function createAnnotationStore(paths: CachePaths, key?: CacheKey) {
  const fileFor = (studyUid: string): string => annotationFile(paths, studyUid);
  return {
    get(studyUid: string): StudyAnnotations {
      const f = fileFor(studyUid);
      if (!existsSync(f)) return { studyInstanceUid: studyUid, measurements: [] };
      // Sealed in an encrypted cache (measurements name their instances).
      return JSON.parse(new TextDecoder().decode(readStoredFileSync(f, key))) as StudyAnnotations;
    },
    /**
     * Applies a window's changes measurement by measurement (`changes`), or replaces the lists the
     * body carries and keeps the others; raises the version. The host is one process and this runs
     * without awaiting, so saves from several windows apply one after the other, each on the last.
     */
    put(studyUid: string, body: (Partial<StudyAnnotations> & { changes?: AnnotationChanges }) | undefined): StudyAnnotations {
      const changes = body?.changes;
      if (!body || (!changes && !Array.isArray(body.measurements) && !Array.isArray(body.volumeMeasurements) && !Array.isArray(body.keyImages))) throw new HostError(400, 'bad-request', 'annotations need changes, or a measurements, volumeMeasurements or keyImages array');
      const kept = this.get(studyUid);
      let measurements = body.measurements ? body.measurements.map(validateMeasurement) : kept.measurements;
      let volumeMeasurements = body.volumeMeasurements ? body.volumeMeasurements.map(validateVolumeMeasurement) : (kept.volumeMeasurements ?? []);
      let keyImages = body.keyImages ? body.keyImages.map(validateKeyImage) : (kept.keyImages ?? []);
      if (changes) {
        measurements = applyChanges(measurements, (changes.upsert ?? []).map(validateMeasurement), changes.remove ?? []);
        volumeMeasurements = applyChanges(volumeMeasurements, (changes.upsertVolume ?? []).map(validateVolumeMeasurement), changes.removeVolume ?? []);
        keyImages = applyChanges(keyImages, (changes.upsertKeyImages ?? []).map(validateKeyImage), changes.removeKeyImages ?? []);
      }
      for (const list of [measurements, volumeMeasurements, keyImages]) if (list.length > MAX_MEASUREMENTS) throw new HostError(400, 'bad-request', `at most ${MAX_MEASUREMENTS} measurements per study`);
      const saved: StudyAnnotations = {
        studyInstanceUid: studyUid,
        measurements,
        ...(volumeMeasurements.length ? { volumeMeasurements } : {}),
        ...(keyImages.length ? { keyImages } : {}),
        savedAt: new Date().toISOString(),
        version: (kept.version ?? 0) + 1,
      };
      writeStoredFileDurably(fileFor(studyUid), new TextEncoder().encode(JSON.stringify(saved)), paths.incoming, key);
      return saved;
    },
  };
}
