import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { samplePath, sharedSamplesAvailable } from '../../../testing/node/sharedSamples';
import { decodeFileFrame, samplesAsLittleEndianBytes } from './decodeFileFrame';
import { fileFrameRequest } from './decodeFileFrame';
import { maxAbsDifference } from '../../../testing/node/referenceDecode';
import { missingHere } from '../../../testing/node/requiredInCi';

// dcmtk and gdcm cannot read HTJ2K; OpenJPH's own ojph_expand (Debian openjph-tools) is the
// reference for the shared HTJ2K samples (8-bit RGB, so its unsigned-only quirk does not apply).
const hasOjph = existsSync('/usr/bin/ojph_expand');
const dir = mkdtempSync(path.join(os.tmpdir(), 'lightbox-htj2k-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The samples of a binary PPM/PGM (P6/P5, maxval < 256). */
function netpbmSamples(file: string): Uint8Array {
  const data = readFileSync(file);
  let fields = 0;
  let i = 0;
  while (fields < 4) {
    while (/\s/.test(String.fromCharCode(data[i]!))) i++;
    while (!/\s/.test(String.fromCharCode(data[i]!))) i++;
    fields++;
  }
  return new Uint8Array(data.subarray(i + 1));
}

describe.skipIf(missingHere(hasOjph, 'ojph_expand (openjph-tools)') || missingHere(sharedSamplesAvailable(), 'the shared DICOM samples (../shared/dicom-samples)'))('HTJ2K shared samples against ojph_expand', () => {
  for (const [rel, allowed] of [
    ['transfer-syntaxes/htj2k/HTJ2KLossless_08_RGB.dcm', 0],
    ['transfer-syntaxes/htj2k/HTJ2K_08_RGB.dcm', 1],
  ] as const) {
    it(`${rel} decodes ${allowed ? 'within ±1 of' : 'exactly as'} ojph_expand`, async () => {
      const file = samplePath(rel);
      const codestream = path.join(dir, `${path.basename(rel)}.j2c`);
      writeFileSync(codestream, (await fileFrameRequest(file)).bytes);
      const ppm = path.join(dir, `${path.basename(rel)}.ppm`);
      execFileSync('ojph_expand', ['-i', codestream, '-o', ppm], { stdio: 'ignore' });
      const ours = await decodeFileFrame(file);
      expect(maxAbsDifference(samplesAsLittleEndianBytes(ours.pixels), netpbmSamples(ppm), 8, false)).toBeLessThanOrEqual(allowed);
    });
  }
});
