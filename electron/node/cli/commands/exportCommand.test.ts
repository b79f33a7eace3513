import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missingHere } from '../../../../testing/node/requiredInCi';
import { samplePath, sharedSamplesAvailable } from '../../../../testing/node/sharedSamples';
import { textSink } from '../../../../testing/node/textSink';
import { runCli } from '../main';

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const [out, err] = [textSink(), textSink()];
  const code = await runCli(argv, { stdout: out.stream, stderr: err.stream, env: {}, untilStopped: new Promise(() => undefined) });
  return { code, stdout: out.text(), stderr: err.text() };
}

describe.skipIf(missingHere(sharedSamplesAvailable(), 'the shared DICOM samples (../shared/dicom-samples)'))('lightbox export', () => {
  let dir: string;
  let data: string;
  const STUDY = '1.3.6.1.4.1.5962.1.2.4.20040826185059.5457';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-export-cli-'));
    data = path.join(dir, 'data');
    const imported = await cli(['--data-dir', data, 'import', samplePath('transfer-syntaxes/mr-small/MR_small_RLE.dcm')]);
    expect(imported.code, imported.stderr).toBe(0);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('writes STD-GEN-CD media from a compressed instance with --transcode explicit-le, and `lightbox import` reads them back', async () => {
    const out = path.join(dir, 'media');
    const done = await cli(['--data-dir', data, 'export', STUDY, '--out', out, '--pdi', '--transcode', 'explicit-le', '--fileset-id', 'MR_SMALL']);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toMatch(/exported 1 instance\(s\) of 1 study to .*media \(folder, PDI media/);
    expect(done.stdout).toContain('profile: STD-GEN-CD');
    expect((await readdir(out)).sort()).toEqual(['DICOM', 'DICOMDIR', 'INDEX.HTM', 'README.TXT']);
    const again = await cli(['--data-dir', path.join(dir, 'data2'), 'import', path.join(out, 'DICOMDIR')]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^1 stored/);
  });

  it('names the study in the audit trail', async () => {
    const audit = await cli(['--data-dir', data, 'audit', '--action', 'export']);
    expect(audit.stdout).toContain(STUDY);
  });

  it('refuses wrong command lines (exit 2) and a UID the cache does not hold (exit 1), writing nothing', async () => {
    const out = path.join(dir, 'x');
    expect((await cli(['--data-dir', data, 'export', STUDY])).code).toBe(2);
    expect((await cli(['--data-dir', data, 'export', '--out', out])).code).toBe(2);
    expect((await cli(['--data-dir', data, 'export', STUDY, '--out', out, '--transcode', 'jpeg'])).code).toBe(2);
    const profile = await cli(['--data-dir', data, 'export', STUDY, '--out', out, '--deidentify', 'full']);
    expect(profile.code).toBe(2);
    expect(profile.stderr).toMatch(/the profile is "basic"/);
    expect((await cli(['--data-dir', data, 'export', STUDY, '--out', out, '--deidentify', 'basic,retain-dates,modify-dates'])).code).toBe(2);
    expect((await cli(['--data-dir', data, 'export', STUDY, '--out', out, '--pseudonym', 'P1'])).code).toBe(2);
    const unknown = await cli(['--data-dir', data, 'export', '1.2.3', '--out', out]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('not a study, series or instance of the local cache: 1.2.3');
    expect(existsSync(out)).toBe(false);
  });

  it('an ISO image without xorriso on the PATH: a clear error naming the package, nothing written', async () => {
    const emptyBin = path.join(dir, 'empty-bin');
    await mkdir(emptyBin, { recursive: true });
    const saved = process.env.PATH;
    process.env.PATH = emptyBin;
    let result;
    try {
      result = await cli(['--data-dir', data, 'export', STUDY, '--out', path.join(dir, 'media.iso')]);
    } finally {
      process.env.PATH = saved;
    }
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/needs xorriso.*apt-get install xorriso/);
    expect(existsSync(path.join(dir, 'media.iso'))).toBe(false);
  });

  it('de-identifies with the project\'s pseudonyms and says which', async () => {
    const out = path.join(dir, 'deid.zip');
    const done = await cli(['--data-dir', data, 'export', STUDY, '--out', out, '--deidentify', 'basic,retain-dates', '--project', 'cli']);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toMatch(/pseudonym\(s\): LB-[0-9A-F]{12}/);
    expect(existsSync(out)).toBe(true);
  });

  it('Explicit VR Big Endian (retired): kept as stored when transcoding is asked, refused on PDI media with the reason', async () => {
    const be = path.join(dir, 'data-be');
    expect((await cli(['--data-dir', be, 'import', samplePath('transfer-syntaxes/mr-small/MR_small_bigendian.dcm')])).code).toBe(0);
    const folder = await cli(['--data-dir', be, 'export', STUDY, '--out', path.join(dir, 'be-folder'), '--transcode', 'explicit-le']);
    expect(folder.code, folder.stderr).toBe(0);
    expect(folder.stderr).toMatch(/kept as stored: .*Big Endian/);
    const media = await cli(['--data-dir', be, 'export', STUDY, '--out', path.join(dir, 'be-media'), '--pdi']);
    expect(media.code).toBe(1);
    expect(media.stderr).toMatch(/nothing could be exported: cannot be put on PDI media: Explicit VR Big Endian.*without --pdi/);
    expect(existsSync(path.join(dir, 'be-media'))).toBe(false);
  });
});
