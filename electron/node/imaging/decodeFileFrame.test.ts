import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSampleManifest, samplePath, sharedSamplesAvailable } from '../../../testing/node/sharedSamples';
import { DecodeError } from '../../../native-codecs/common/decodeTypes';
import { decodeFileFrame, samplesAsLittleEndianBytes } from './decodeFileFrame';
import { maxAbsDifference, referenceDecode, referenceToolFor } from '../../../testing/node/referenceDecode';
import { missingHere } from '../../../testing/node/requiredInCi';

const LOSSY = new Set(['1.2.840.10008.1.2.4.50', '1.2.840.10008.1.2.4.51', '1.2.840.10008.1.2.4.91']);
/** Transfer syntaxes this build cannot decode yet: the test expects a DecodeError for them. */
const NOT_YET = new Set<string>();
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-decode-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe.skipIf(missingHere(sharedSamplesAvailable(), 'the shared DICOM samples (../shared/dicom-samples)'))('decoding every compressed shared sample, compared with dcmtk/gdcm', () => {
  const compressed = loadSampleManifest().filter(
    (f) => f.dcmtkReads && f.transferSyntaxUID && referenceToolFor(f.transferSyntaxUID) && !f.path.startsWith('malformed/'),
  );

  it('decodes pixel-exact (lossless) or within ±1 of the same library (lossy)', async () => {
    expect(compressed.length).toBeGreaterThan(30);
    const failures: string[] = [];
    const checked: string[] = [];
    for (const f of compressed) {
      const file = samplePath(f.path);
      if (NOT_YET.has(f.transferSyntaxUID!)) {
        await expect(decodeFileFrame(file)).rejects.toBeInstanceOf(DecodeError);
        continue;
      }
      const reference = await referenceDecode(file, f.transferSyntaxUID!, dir).catch((e: Error) => {
        failures.push(`${f.path}: reference tool failed: ${e.message.slice(0, 160)}`);
        return undefined;
      });
      if (!reference) continue;
      const frames = Math.max(1, Number(f.frames) || 1);
      for (let k = 1; k <= frames; k++) {
        const ours = await decodeFileFrame(file, k).catch((e: Error) => e);
        if (ours instanceof Error) {
          failures.push(`${f.path} frame ${k}: ${ours.message.slice(0, 200)}`);
          break;
        }
        const diff = maxAbsDifference(samplesAsLittleEndianBytes(ours.pixels), reference.frame(k), f.bitsAllocated ?? 16, f.pixelRepresentation === 1);
        const allowed = LOSSY.has(f.transferSyntaxUID!) ? 1 : 0;
        if (diff > allowed) failures.push(`${f.path} frame ${k}: max difference ${diff} against ${reference.tool} (allowed ${allowed})`);
      }
      checked.push(f.path);
    }
    expect(failures).toEqual([]);
    expect(checked.length).toBeGreaterThan(25);
  }, 300_000);
});
