import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredMeasurement, StoredVolumeMeasurement } from '../../common/contract/hostContract';
import type { HostError } from '../../common/contract/hostError';
import { createAnnotationStore } from './annotationStore';
import { cachePaths } from './cachePaths';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-annotations-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const length: StoredMeasurement = { id: 'm1', kind: 'length', seriesInstanceUid: '1.2.3', sopInstanceUid: '1.2.3.4', frame: 1, points: [[1, 2], [3, 4]] };

describe('annotation store', () => {
  it('applies two windows’ changes one on the other, measurement by measurement, raising the version each time', () => {
    const store = createAnnotationStore(cachePaths(dir));
    const base = store.put('1.9', { studyInstanceUid: '1.9', measurements: [length] });
    const other: StoredMeasurement = { ...length, id: 'm2', points: [[5, 5], [9, 9]] };
    const moved: StoredMeasurement = { ...length, points: [[0, 0], [3, 4]] };
    // Window A moves m1; window B, which never saw A's change, adds m2: both stay.
    const a = store.put('1.9', { studyInstanceUid: '1.9', changes: { upsert: [moved] } });
    const b = store.put('1.9', { studyInstanceUid: '1.9', changes: { upsert: [other] } });
    expect(b.measurements).toEqual([moved, other]);
    expect([base.version, a.version, b.version]).toEqual([(base.version ?? 0), (base.version ?? 0) + 1, (base.version ?? 0) + 2]);
    // A removal takes out only what it names.
    expect(store.put('1.9', { studyInstanceUid: '1.9', changes: { remove: ['m1'] } }).measurements).toEqual([other]);
  });

  it('keeps a study’s measurements across store instances (restarts)', () => {
    const paths = cachePaths(dir);
    expect(createAnnotationStore(paths).get('1.2')).toEqual({ studyInstanceUid: '1.2', measurements: [] });
    const saved = createAnnotationStore(paths).put('1.2', { studyInstanceUid: '1.2', measurements: [length] });
    expect(saved.savedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(createAnnotationStore(paths).get('1.2').measurements).toEqual([length]);
  });

  it('refuses bad input with a 400 naming the measurement and field, and keeps what was stored', async () => {
    const paths = cachePaths(dir);
    const store = createAnnotationStore(paths);
    const bad = (m: unknown): HostError => {
      try {
        store.put('1.2', { studyInstanceUid: '1.2', measurements: [length, m as StoredMeasurement] });
      } catch (error) {
        return error as HostError;
      }
      throw new Error('accepted bad input');
    };
    expect(bad({ ...length, kind: 'laser' })).toMatchObject({ status: 400, message: 'measurement 1: unknown kind laser' });
    expect(bad({ ...length, sopInstanceUid: '../../etc' }).message).toBe('measurement 1: sopInstanceUid is not a UID');
    expect(bad({ ...length, frame: 0 }).message).toBe('measurement 1: frame must be ≥ 1');
    expect(bad({ ...length, points: [[1, Number.NaN]] }).message).toBe('measurement 1: points must be [x, y] number pairs');
    expect(() => store.put('1.2', undefined)).toThrow('annotations need changes, or a measurements, volumeMeasurements or keyImages array');
    expect(store.get('1.2').measurements).toEqual([length]);
    // Only the study's file is there: nothing half-written is left behind.
    expect((await readdir(path.join(paths.root, 'annotations'))).filter((f) => !f.endsWith('.json'))).toEqual([]);
  });

  it('stack and MPR measurements are saved each on their own: a PUT of one list keeps the other', () => {
    const store = createAnnotationStore(cachePaths(dir));
    const roi: StoredVolumeMeasurement = { id: 'v1', kind: 'ellipse', seriesInstanceUid: '1.2.3', points: [[0, 0, 0], [5, 5, 0]], plane: { right: [1, 0, 0], down: [0, 1, 0], normal: [0, 0, 1] }, stats: { pixels: 10, mean: 50, sd: 3, min: 44, max: 56, areaMm2: 19.6 } };
    store.put('1.5', { studyInstanceUid: '1.5', measurements: [length] });
    store.put('1.5', { studyInstanceUid: '1.5', volumeMeasurements: [roi] });
    expect(store.get('1.5')).toMatchObject({ measurements: [length], volumeMeasurements: [roi] });
    store.put('1.5', { studyInstanceUid: '1.5', measurements: [] });
    expect(store.get('1.5')).toMatchObject({ measurements: [], volumeMeasurements: [roi] });
    expect(() => store.put('1.5', { studyInstanceUid: '1.5', volumeMeasurements: [{ ...roi, points: [[0, 0]] } as unknown as StoredVolumeMeasurement] })).toThrow('volume measurement 0: points must be 2 or 3 [x, y, z] number triples');
    expect(() => store.put('1.5', { studyInstanceUid: '1.5', volumeMeasurements: [{ ...roi, plane: { right: [1, 0, 0] } } as unknown as StoredVolumeMeasurement] })).toThrow('plane needs right, down and normal directions');
  });

  it('keeps key image marks beside the measurements: two windows’ marks both stay, a bad mark is refused', () => {
    const store = createAnnotationStore(cachePaths(dir));
    store.put('1.7', { studyInstanceUid: '1.7', measurements: [length] });
    const k1 = { id: '1.2.3.4#1', seriesInstanceUid: '1.2.3', sopInstanceUid: '1.2.3.4', frame: 1 };
    const k2 = { id: '1.2.3.5#2', seriesInstanceUid: '1.2.3', sopInstanceUid: '1.2.3.5', frame: 2 };
    store.put('1.7', { studyInstanceUid: '1.7', changes: { upsertKeyImages: [k1] } });
    const both = store.put('1.7', { studyInstanceUid: '1.7', changes: { upsertKeyImages: [k2] } });
    expect(both.keyImages).toEqual([k1, k2]);
    // A measurement save keeps the marks, and an unmark takes out only its own.
    expect(store.put('1.7', { studyInstanceUid: '1.7', changes: { upsert: [{ ...length, id: 'm9' }] } }).keyImages).toEqual([k1, k2]);
    expect(store.put('1.7', { studyInstanceUid: '1.7', changes: { removeKeyImages: [k1.id] } }).keyImages).toEqual([k2]);
    expect(() => store.put('1.7', { studyInstanceUid: '1.7', changes: { upsertKeyImages: [{ ...k1, id: 'other' }] } })).toThrow('key image 0: id must be SOPInstanceUID#frame');
    expect(() => store.put('1.7', { studyInstanceUid: '1.7', changes: { upsertKeyImages: [{ ...k1, frame: 0 }] } })).toThrow('key image 0: frame must be ≥ 1');
    expect(store.get('1.7').keyImages).toEqual([k2]);
  });
});
