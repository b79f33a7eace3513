import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDeidentifyProject } from './deidentifyProject';

describe('deidentify project (key + pseudonym table)', () => {
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('keeps key and pseudonyms owner-only, and gives the same pseudonym on a second run', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-deid-project-'));
    dirs.push(dataDir);
    const first = openDeidentifyProject(dataDir, 'teaching');
    const p1 = first.pseudonymFor('MRN1', 'Doe^John');
    const uid1 = first.hash('uid:1.2.3');
    first.save();
    const second = openDeidentifyProject(dataDir, 'teaching');
    expect(second.pseudonymFor('MRN1', 'Doe^Jane')).toBe(p1);
    expect(second.hash('uid:1.2.3')).toEqual(uid1);
    expect(openDeidentifyProject(dataDir, 'other').pseudonymFor('MRN1', '')).not.toBe(p1);
    for (const f of ['secret.key', 'pseudonyms.json']) expect((await stat(path.join(first.dir, f))).mode & 0o777, f).toBe(0o600);
    expect((await stat(first.dir)).mode & 0o777).toBe(0o700);
    expect(JSON.parse(await readFile(path.join(first.dir, 'pseudonyms.json'), 'utf8')).pseudonyms).toEqual({ MRN1: p1 });
    expect(() => openDeidentifyProject(dataDir, '../escape')).toThrow(/project name/);
  });
});
