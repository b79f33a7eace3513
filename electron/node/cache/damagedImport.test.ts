import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDicom } from '../../common/dicom/parse/parseDicom';
import { missingHere } from '../../../testing/node/requiredInCi';
import { samplePath, sharedSamplesAvailable } from '../../../testing/node/sharedSamples';
import { importPaths } from './importPaths';
import { StudyCache } from './studyCache';
import { verifyCache } from './verifyCache';
import { decodeFileFrame } from '../imaging/decodeFileFrame';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'lightbox-damaged-'));
  dirs.push(d);
  return d;
}

/** Sets an explicit-VR little-endian US element's value (the first occurrence of its tag and VR). */
function patchUs(bytes: Uint8Array, group: number, element: number, value: number): Uint8Array {
  const out = bytes.slice();
  const pattern = [group & 0xff, group >> 8, element & 0xff, element >> 8, 0x55, 0x53, 2, 0];
  for (let i = 132; i < out.length - 10; i++) {
    if (pattern.every((b, k) => out[i + k] === b)) {
      out[i + 8] = value & 0xff;
      out[i + 9] = value >> 8;
      return out;
    }
  }
  throw new Error(`(${group.toString(16)},${element.toString(16)}) US not found`);
}

/** The file cut `bytes` before the end of its (native) Pixel Data. */
function cutPixelData(file: Uint8Array, bytes: number): Uint8Array {
  const pixels = parseDicom(file, { source: 'cut', headerOnly: true }).pixelData!;
  return file.subarray(0, pixels.offset + pixels.length! - bytes);
}

/** The damaged files the hardening issue found stored silently, made from real samples. */
function damagedFolder(): { folder: string; files: { shortCt: string; truncatedPlan: string; noFragments: string; good: string } } {
  const folder = tempDir();
  const ct = new Uint8Array(readFileSync(samplePath('pixel-formats/CT_small.dcm')));
  const plan = new Uint8Array(readFileSync(samplePath('malformed/ExplVR_LitEndNoMeta.dcm')));
  const j2k = new Uint8Array(readFileSync(samplePath('transfer-syntaxes/jpeg2000/JPEG2000.dcm')));
  const j2kPixels = parseDicom(j2k, { source: 'j2k', headerOnly: true }).pixelData!;
  // Encapsulated pixel data with an empty Basic Offset Table and no fragment, then the delimiter.
  const noFragments = new Uint8Array(j2kPixels.offset + 16);
  noFragments.set(j2k.subarray(0, j2kPixels.offset));
  noFragments.set([0xfe, 0xff, 0x00, 0xe0, 0, 0, 0, 0, 0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0], j2kPixels.offset);
  const files = {
    shortCt: path.join(folder, 'ct-short.dcm'),
    truncatedPlan: path.join(folder, 'rtplan-truncated.dcm'),
    noFragments: path.join(folder, 'j2k-no-fragments.dcm'),
    good: path.join(folder, 'ct-good.dcm'),
  };
  writeFileSync(files.shortCt, cutPixelData(ct, 62));
  writeFileSync(files.truncatedPlan, plan.subarray(0, plan.length - 7));
  writeFileSync(files.noFragments, noFragments);
  writeFileSync(files.good, readFileSync(samplePath('pixel-formats/emri_small.dcm')));
  // What every CD has beside its images, and a link.
  writeFileSync(path.join(folder, 'README.TXT'), 'Patient CD. Open DICOMDIR with a DICOM viewer.\n');
  mkdirSync(path.join(folder, 'sub'));
  symlinkSync(files.good, path.join(folder, 'sub', 'link-to-good.dcm'));
  return { folder, files };
}

describe.skipIf(missingHere(sharedSamplesAvailable(), 'the shared DICOM samples (../shared/dicom-samples)'))('damaged input is named, never stored silently', () => {
  it('stores damaged files with each problem named, skips non-DICOM files and links with the reason, and fails nothing', async () => {
    const { folder, files } = damagedFolder();
    const cache = new StudyCache(path.join(tempDir(), 'data'));
    try {
      const report = await importPaths(cache, [folder]);
      expect(report.failed).toEqual([]);
      const damage = new Map(report.damaged.map((d) => [d.file, d.damage.join('; ')]));
      expect(damage.get(files.shortCt)).toMatch(/Pixel Data \(7FE0,0010\) is 62 bytes short .*frame 1 cannot be decoded/);
      expect(damage.get(files.truncatedPlan)).toMatch(/declares \d+ bytes but the data ends 7 bytes earlier/);
      expect(damage.get(files.noFragments)).toMatch(/Pixel Data \(7FE0,0010\) has no fragments: frame 1 cannot be decoded/);
      expect(damage.has(files.good)).toBe(false);
      const skipped = new Map(report.skipped.map((s) => [path.basename(s.file), s.reason]));
      expect(skipped.get('README.TXT')).toBe('not DICOM');
      expect(skipped.get('link-to-good.dcm')).toMatch(/symbolic link/);
      // verify records the known damage (not a cache fault) and finds the cache otherwise clean.
      const verified = verifyCache(cache);
      expect(verified.missing.length + verified.corrupt.length + verified.orphans.length + verified.exposed.length).toBe(0);
      expect(verified.knownDamage.map((d) => d.damage.join('; ')).join('\n')).toMatch(/no fragments/);
    } finally {
      cache.close();
    }
  });

  it('refuses them under --reject-damaged, naming the file and the problem', async () => {
    const { folder, files } = damagedFolder();
    const cache = new StudyCache(path.join(tempDir(), 'data'));
    cache.rejectDamaged = true;
    try {
      const report = await importPaths(cache, [folder]);
      const failed = new Map(report.failed.map((f) => [f.file, f.reason]));
      expect([...failed.keys()].sort()).toEqual([files.noFragments, files.shortCt, files.truncatedPlan].sort());
      expect(failed.get(files.shortCt)).toMatch(/^refused, damaged: Pixel Data \(7FE0,0010\) is 62 bytes short/);
      expect(report.stored + report.replaced).toBe(1);
      expect(cache.index.counts().instances).toBe(1);
    } finally {
      cache.close();
    }
  });

  it('decoding refuses impossible pixel descriptions by attribute, and a frame cut short, instead of writing garbage', async () => {
    const folder = tempDir();
    const ct = new Uint8Array(readFileSync(samplePath('pixel-formats/CT_small.dcm')));
    const cases: Array<[string, Uint8Array, RegExp]> = [
      ['rows-0.dcm', patchUs(ct, 0x0028, 0x0010, 0), /Rows \(0028,0010\) is 0/],
      ['columns-0.dcm', patchUs(ct, 0x0028, 0x0011, 0), /Columns \(0028,0011\) is 0/],
      ['bits-7.dcm', patchUs(ct, 0x0028, 0x0100, 7), /Bits Allocated \(0028,0100\) is 7: must be 1 or a multiple of 8/],
      ['bits-64.dcm', patchUs(ct, 0x0028, 0x0100, 64), /Bits Allocated \(0028,0100\) is 64: only Double Float Pixel Data/],
      ['short.dcm', cutPixelData(ct, 62), /cut short/],
    ];
    for (const [name, bytes, expected] of cases) {
      const file = path.join(folder, name);
      writeFileSync(file, bytes);
      await expect(decodeFileFrame(file, 1), name).rejects.toThrow(expected);
      await expect(decodeFileFrame(file, 1), name).rejects.toThrow(file);
    }
  });

  it('names what is wrong with a file whose sequences are nested 2,000 deep (it was "missing Study Instance UID")', async () => {
    const ct = new Uint8Array(readFileSync(samplePath('pixel-formats/CT_small.dcm')));
    const metaEnd = 144 + new DataView(ct.buffer, ct.byteOffset).getUint32(140, true);
    const depth = 2000;
    // (0008,1115) SQ of undefined length holding one item of undefined length, 2,000 times, then their delimiters.
    const open = [0x08, 0x00, 0x15, 0x11, 0x53, 0x51, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xfe, 0xff, 0x00, 0xe0, 0xff, 0xff, 0xff, 0xff];
    const close = [0xfe, 0xff, 0x0d, 0xe0, 0, 0, 0, 0, 0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0];
    const nest = new Uint8Array(depth * (open.length + close.length));
    for (let i = 0; i < depth; i++) nest.set(open, i * open.length);
    for (let i = 0; i < depth; i++) nest.set(close, depth * open.length + i * close.length);
    const file = path.join(tempDir(), 'deep.dcm');
    writeFileSync(file, Buffer.concat([ct.subarray(0, metaEnd), nest, ct.subarray(metaEnd)]));
    const cache = new StudyCache(path.join(tempDir(), 'data'));
    try {
      const report = await importPaths(cache, [file]);
      expect(report.failed).toEqual([{ file, reason: expect.stringMatching(/sequences nested too deeply/) }]);
    } finally {
      cache.close();
    }
  });

  it('keeps patient data readable by its owner only, whatever the umask', async () => {
    const previous = process.umask(0o022);
    try {
      const dataDir = path.join(tempDir(), 'data');
      const cache = new StudyCache(dataDir);
      try {
        await importPaths(cache, [samplePath('pixel-formats/CT_small.dcm')]);
        const [instance] = cache.index.allInstances();
        const modes = [dataDir, path.join(dataDir, 'cache'), cache.paths.objects, cache.paths.index, path.join(cache.paths.objects, instance!.objectPath)].map((p) => (statSync(p).mode & 0o777).toString(8));
        expect(modes).toEqual(['700', '700', '700', '600', '600']);
        expect(verifyCache(cache).exposed).toEqual([]);
      } finally {
        cache.close();
      }
    } finally {
      process.umask(previous);
    }
  });
});
