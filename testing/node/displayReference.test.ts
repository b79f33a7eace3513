import { mkdtempSync, copyFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runTool } from './runTool';
import { compareRendered, DISPLAY_TEST_SAMPLES, renderWithDcmtk, renderWithPipeline, type WindowRequest } from './displayReference';
import { samplePath, sharedSamplesAvailable } from './sharedSamples';

// The CPU form of the display pipeline (the tables the viewer uploads) against dcmj2pnm.
describe.runIf(sharedSamplesAvailable())('display pipeline vs dcmj2pnm', () => {
  const cases: { path: string; what: string; request: WindowRequest }[] = [];
  for (const s of DISPLAY_TEST_SAMPLES) {
    cases.push({ path: s.path, what: `${s.what}, default window`, request: { kind: 'default' } });
    if (s.set) cases.push({ path: s.path, what: `${s.what}, window ${s.set.center}/${s.set.width}`, request: { kind: 'set', ...s.set } });
  }
  cases.push({ path: 'transfer-syntaxes/jpeg2000/693_UNCR.dcm', what: 'CT SIGMOID 40/400', request: { kind: 'set', center: 40, width: 400, sigmoid: true } });

  it.each(cases)('$path: $what', async ({ path, request }) => {
    const file = samplePath(path);
    const [ours, dcmtk] = await Promise.all([renderWithPipeline(file, request), renderWithDcmtk(file, request)]);
    // dcmtk's YBR_FULL → RGB (DiYBRPixelTemplate) offsets chroma by 0.701·255 instead of PS3.3's
    // 1.402·128 and truncates; we follow PS3.3 (as JPEG decoders do): up to 2 levels apart.
    const tolerance = path.includes('ybr_full') ? 2 : 1;
    const { beyond, maxDiff } = compareRendered(ours, dcmtk, tolerance);
    expect(beyond, `max difference ${maxDiff}`).toBeLessThanOrEqual(0.001);
  });

  // No shared sample carries a VOI LUT Sequence: dcmodify adds one (a square-root curve, 12-bit out) to MR_small.
  const tmp = mkdtempSync(path.join(tmpdir(), 'lightbox-voilut-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  it('VOI LUT Sequence (made by dcmodify), default = first VOI LUT', async () => {
    const file = path.join(tmp, 'voilut.dcm');
    copyFileSync(samplePath('transfer-syntaxes/mr-small/MR_small.dcm'), file);
    const data = Array.from({ length: 2048 }, (_, i) => Math.round(4095 * Math.sqrt(i / 2047)).toString(16)).join('\\');
    await runTool('dcmodify', ['-nb', '-e', '(0028,1050)', '-e', '(0028,1051)', '-i', '(0028,3010)[0].(0028,3002)=2048\\0\\12', '-i', `(0028,3010)[0].(0028,3006)=${data}`, file]);
    const [ours, dcmtk] = await Promise.all([renderWithPipeline(file, { kind: 'default' }), renderWithDcmtk(file, { kind: 'default' })]);
    const { beyond, maxDiff } = compareRendered(ours, dcmtk, 1);
    expect(beyond, `max difference ${maxDiff}`).toBeLessThanOrEqual(0.001);
    expect(new Set(ours.pixels).size, 'the LUT spreads the image over many levels').toBeGreaterThan(50);
  });

  // With a fractional Rescale Slope dcmtk keeps modality values as integers (truncated) and truncates
  // the output; we keep real arithmetic (PS3.3 C.11.2.1.2). Emulating those two truncations on our
  // side must reproduce dcmtk exactly, so that is the only difference.
  it('MR 12-bit with fractional rescale at a narrow window: the only difference is dcmtk truncating', async () => {
    const file = samplePath('transfer-syntaxes/jpeg2000/MR2_UNCI.dcm');
    const request = { kind: 'set', center: 500, width: 300 } as const;
    const [ours, dcmtk, truncated] = await Promise.all([
      renderWithPipeline(file, request),
      renderWithDcmtk(file, request),
      renderWithPipeline(file, request, { emulateDcmtkTruncation: true }),
    ]);
    expect(compareRendered(ours, dcmtk, 1).beyond).toBeGreaterThan(0.001);
    expect(compareRendered(truncated, dcmtk, 0).beyond).toBeLessThanOrEqual(0.001);
  });
});
