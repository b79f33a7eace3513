import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDicom } from '../../../common/dicom/parse/parseDicom';
import { missingHere } from '../../../../testing/node/requiredInCi';
import { samplePath, sharedSamplesAvailable } from '../../../../testing/node/sharedSamples';
import { textSink } from '../../../../testing/node/textSink';
import { runCli } from '../main';

// Files whose header is intact but whose compressed frame is not: import cannot see it without
// decoding (it stores them), and `cache verify` used to call them fine. Verify now decodes each
// image's first frame as the viewer would, names each that fails, and --repair records it as the
// instance's known damage (the original stays).
const SAMPLES = [
  'transfer-syntaxes/jpeg2000/JPEG2000.dcm',
  'transfer-syntaxes/jpeg2000/MR2_J2KI.dcm',
  'transfer-syntaxes/jpeg-baseline/SC_rgb_dcmtk_+eb+cr.dcm',
  'transfer-syntaxes/rle/SC_rgb_rle.dcm',
];
/** A slice of the real PET/CT's CT (JPEG-LS). */
function jpegLsSlice(): string {
  const folder = samplePath('series/acrin-nsclc-fdg-pet-042/CT');
  return path.join('series/acrin-nsclc-fdg-pet-042/CT', readdirSync(folder).sort()[0]!);
}
const dir = mkdtempSync(path.join(os.tmpdir(), 'lightbox-verify-frames-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = textSink();
  const err = textSink();
  const code = await runCli(argv, { stdout: out.stream, stderr: err.stream, env: {}, untilStopped: Promise.resolve() });
  return { code, stdout: out.text(), stderr: err.text() };
}

/** The file with its first fragment's bytes zeroed: the header and the fragment structure stay intact. */
function zeroFirstFragment(file: string): { bytes: Uint8Array; sopUid: string } {
  const bytes = new Uint8Array(readFileSync(file));
  const parsed = parseDicom(bytes, { source: file, headerOnly: true });
  const fragment = parsed.pixelData!.fragments![0]!;
  bytes.fill(0, fragment.offset, fragment.offset + fragment.length);
  return { bytes, sopUid: String(parsed.dataset['00080018']!.Value![0]) };
}

describe.skipIf(missingHere(sharedSamplesAvailable(), 'the shared DICOM samples (../shared/dicom-samples)'))('cache verify decodes frames', () => {
  it('names each image whose first frame cannot be decoded, and --repair records it as known damage', async () => {
    const folder = path.join(dir, 'broken');
    const dataDir = path.join(dir, 'data');
    const broken = [...SAMPLES, jpegLsSlice()].map((s, k) => ({ ...zeroFirstFragment(samplePath(s)), name: `${k}-${path.basename(s)}` }));
    mkdirSync(folder, { recursive: true });
    for (const b of broken) writeFileSync(path.join(folder, b.name), b.bytes);
    writeFileSync(path.join(folder, 'intact.dcm'), readFileSync(samplePath('pixel-formats/CT_small.dcm')));

    const imported = await cli(['--data-dir', dataDir, 'import', folder]);
    expect(imported.code, imported.stderr).toBe(0);
    const first = await cli(['--data-dir', dataDir, 'cache', 'verify']);
    expect(first.code).toBe(1);
    for (const b of broken) expect(first.stdout, b.name).toMatch(new RegExp(`cannot decode: ${b.sopUid.replace(/\./g, '\\.')} frame 1: `));
    expect(first.stdout).toMatch(new RegExp(`${broken.length + 1} images decoded \\(first frame\\): ${broken.length} cannot be decoded`));
    expect(first.stdout).not.toContain(dataDir); // problems are named, not the cache's local paths

    const repaired = await cli(['--data-dir', dataDir, 'cache', 'verify', '--repair']);
    expect(repaired.code).toBe(0);
    const after = await cli(['--data-dir', dataDir, 'cache', 'verify']);
    expect(after.code, after.stdout).toBe(0);
    expect(after.stdout).toMatch(new RegExp(`${broken.length} stored with known damage`));
    expect(JSON.parse((await cli(['--data-dir', dataDir, 'cache', 'stats', '--json'])).stdout)).toMatchObject({ instances: broken.length + 1 });
  }, 120_000);
});
