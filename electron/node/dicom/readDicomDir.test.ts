import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readDicomDir, referencedFiles } from '../../common/dicom/dicomdir/readDicomDir';
import { samplePath, sharedSamplesAvailable } from '../../../testing/node/sharedSamples';
import { missingHere } from '../../../testing/node/requiredInCi';

function load(rel: string) {
  const file = samplePath(rel);
  return readDicomDir(new Uint8Array(readFileSync(file)), file, (b) => inflateRawSync(b));
}

describe.skipIf(missingHere(sharedSamplesAvailable(), 'the shared DICOM samples (../shared/dicom-samples)'))('DICOMDIR media (IHE PDI)', () => {
  const base = load('dicomdir/pcir-mixed/DICOMDIR');
  const baseFiles = referencedFiles(base.roots);

  it('reads the patient/study/series/image tree, and every referenced file exists', () => {
    expect(base.roots.map((r) => r.type)).toEqual(['PATIENT', 'PATIENT']);
    expect(base.roots.map((r) => r.attributes['00100020']?.Value?.[0])).toEqual(['77654033', '98890234']);
    // The README's structure: 2 + 4 studies, 31 images in all.
    expect(base.roots.map((p) => p.children.length)).toEqual([2, 4]);
    expect(baseFiles).toHaveLength(31);
    for (const f of baseFiles) expect(existsSync(path.join(samplePath('dicomdir/pcir-mixed'), f.file)), f.file).toBe(true);
    expect(baseFiles.every((f) => f.path.map((r) => r.type).join('>') === 'PATIENT>STUDY>SERIES')).toBe(true);
  });

  for (const variant of ['DICOMDIR-bigEnd', 'DICOMDIR-implicit', 'DICOMDIR-reordered', 'DICOMDIR-nooffset']) {
    it(`${variant} gives the same tree`, () => {
      const v = load(`dicomdir/pcir-mixed/${variant}`);
      const summary = (roots: typeof base.roots) =>
        referencedFiles(roots)
          .map((f) => `${f.path.map((r) => r.type + String(r.attributes['0020000E']?.Value?.[0] ?? r.attributes['0020000D']?.Value?.[0] ?? r.attributes['00100020']?.Value?.[0])).join('>')}>${f.file}`)
          .sort();
      expect(summary(v.roots)).toEqual(summary(base.roots));
      // DICOMDIR-nooffset has no offsets, and its last record runs 24 bytes past the file: both are recovered and said.
      if (variant === 'DICOMDIR-nooffset') expect(v.warnings.join('\n')).toMatch(/recovered 52 item\(s\) of \(0004,1220\); 1 ran past the end/);
    });
  }

  it('reads a media set of 50 CT images', () => {
    const tiny = load('dicomdir/tiny-alpha/DICOMDIR');
    expect(referencedFiles(tiny.roots).filter((f) => f.type === 'IMAGE')).toHaveLength(50);
  });
});
