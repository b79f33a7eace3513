import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredMeasurement } from '../../common/contract/hostContract';
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
    expect(() => store.put('1.2', undefined)).toThrow('annotations need a measurements array');
    expect(store.get('1.2').measurements).toEqual([length]);
    // Only the study's file is there: nothing half-written is left behind.
    expect((await readdir(path.join(paths.root, 'annotations'))).filter((f) => !f.endsWith('.json'))).toEqual([]);
  });
});
