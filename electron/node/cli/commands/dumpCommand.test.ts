import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { diffDicomJson } from '../../../../testing/node/compareDicomJson';
import { runTool } from '../../../../testing/node/runTool';
import { samplePath, sharedSamplesAvailable } from '../../../../testing/node/sharedSamples';
import { runCli } from '../main';
import { missingHere } from '../../../../testing/node/requiredInCi';

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const sink = (append: (s: string) => void) => new Writable({ write: (c, _e, done) => (append(String(c)), done()) });
  const code = await runCli(argv, { stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)), env: {}, untilStopped: Promise.resolve() });
  return { code, stdout, stderr };
}

describe.skipIf(missingHere(sharedSamplesAvailable(), 'the shared DICOM samples (../shared/dicom-samples)'))('lightbox dump', () => {
  it('--json prints what dcm2json prints (outside bulk data)', async () => {
    const file = samplePath('series/lungpetctdx-a0001-chest-ct/soft-kernel-B/1-01.dcm');
    const { code, stdout } = await cli(['dump', file, '--json']);
    expect(code).toBe(0);
    const reference = JSON.parse((await runTool('dcm2json', ['-fc', file])).toString());
    expect(diffDicomJson(JSON.parse(stdout), reference)).toEqual([]);
  });

  it('prints a listing with the pixel and geometry description', async () => {
    const { code, stdout } = await cli(['dump', samplePath('pixel-formats/CT_small.dcm')]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/\(0010,0010\) PN PatientName = /);
    expect(stdout).toMatch(/# Pixels\n {2}128×128, 1 frame\(s\)/);
    expect(stdout).toMatch(/rescale slope 1 intercept -1024/);
    expect(stdout).toMatch(/# Geometry\n {2}position /);
  });

  it('parses a damaged file best-effort, with warnings naming the file and the damage', async () => {
    const { code, stderr } = await cli(['dump', samplePath('malformed/SC_rgb_jpeg.dcm')]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/SC_rgb_jpeg\.dcm: warning: \(4544,4952\) declares \d+ bytes but the data ends \d+ bytes earlier/);
  });

  it('names the file and the problem when it is not DICOM at all, exit code 1', async () => {
    const { code, stderr } = await cli(['dump', samplePath('README.md')]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/README\.md: not a DICOM file/);
  });
});
