import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { StoredMeasurement, StudyAnnotations } from '../../common/contract/hostContract';
import { HostError } from '../../common/contract/hostError';
import { writeFileDurably } from './durableFile';
import type { CachePaths } from './cachePaths';

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

/**
 * Measurements kept with each study in the cache (one JSON file per study, written durably so a crash
 * leaves the old or the new version, never a torn one). Survives restarts; removed with the study.
 */
export function createAnnotationStore(paths: CachePaths) {
  const dir = path.join(paths.root, 'annotations');
  const fileFor = (studyUid: string): string => path.join(dir, `${createHash('sha256').update(studyUid).digest('hex')}.json`);
  return {
    get(studyUid: string): StudyAnnotations {
      const f = fileFor(studyUid);
      if (!existsSync(f)) return { studyInstanceUid: studyUid, measurements: [] };
      return JSON.parse(readFileSync(f, 'utf8')) as StudyAnnotations;
    },
    put(studyUid: string, body: StudyAnnotations | undefined): StudyAnnotations {
      if (!body || !Array.isArray(body.measurements)) throw new HostError(400, 'bad-request', 'annotations need a measurements array');
      if (body.measurements.length > MAX_MEASUREMENTS) throw new HostError(400, 'bad-request', `at most ${MAX_MEASUREMENTS} measurements per study`);
      const saved: StudyAnnotations = {
        studyInstanceUid: studyUid,
        measurements: body.measurements.map(validateMeasurement),
        savedAt: new Date().toISOString(),
      };
      writeFileDurably(fileFor(studyUid), new TextEncoder().encode(JSON.stringify(saved)), paths.incoming);
      return saved;
    },
  };
}
