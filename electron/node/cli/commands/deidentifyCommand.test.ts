import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { missingHere } from '../../../../testing/node/requiredInCi';
import { samplePath, sharedSamplesAvailable } from '../../../../testing/node/sharedSamples';
import { textSink } from '../../../../testing/node/textSink';
import { runCli } from '../main';

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const [out, err] = [textSink(), textSink()];
  const code = await runCli(argv, { stdout: out.stream, stderr: err.stream, env: {}, untilStopped: Promise.resolve() });
  return { code, stdout: out.text(), stderr: err.text() };
}

describe.skipIf(missingHere(sharedSamplesAvailable(), 'the shared DICOM samples (../shared/dicom-samples)'))('lightbox deidentify', () => {
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('writes OUT/<pseudonym>/<uid>.dcm, lists refusals with their reason, exit 1 when any', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-deid-cli-'));
    dirs.push(dir);
    const out = path.join(dir, 'out');
    const ok = await cli(['--data-dir', path.join(dir, 'data'), 'deidentify', samplePath('pixel-formats/CT_small.dcm'), '--out', out, '--option', 'retain-dates,retain-uids', '--project', 'cli']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('de-identified 1 instance(s)');
    const [pseudonym] = await readdir(out);
    expect(pseudonym).toMatch(/^LB-[0-9A-F]{12}$/);
    expect(await readdir(path.join(out, pseudonym!))).toHaveLength(1);
    const refused = await cli(['--data-dir', path.join(dir, 'data'), 'deidentify', samplePath('pixel-formats/SC_rgb_32bit.dcm'), '--out', out]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/refused: .*Secondary Capture image without Burned In Annotation/);
    expect((await cli(['--data-dir', dir, 'deidentify', 'x.dcm', '--out', out, '--option', 'retain-dates,modify-dates'])).code).toBe(2);
    expect((await cli(['--data-dir', dir, 'deidentify', 'x.dcm'])).code).toBe(2);
  });
});
