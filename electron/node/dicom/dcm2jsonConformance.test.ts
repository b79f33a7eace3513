import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DicomParseError } from '../../common/dicom/dicomErrors';
import { diffDicomJson } from '../../../testing/node/compareDicomJson';
import { mapLimit, runTool } from '../../../testing/node/runTool';
import { loadSampleManifest, samplePath, sharedSamplesAvailable } from '../../../testing/node/sharedSamples';
import { readDicomFile } from './readDicomFile';
import { missingHere } from '../../../testing/node/requiredInCi';
import type { DicomJsonDataset } from '../../common/dicom/model/dicomJson';

// dcmtk's dcm2json is the oracle: for every shared sample dcmtk reads, our DICOM JSON must equal
// its output outside bulk data (the allowed differences are listed in compareDicomJson.ts).
const available = sharedSamplesAvailable();
let tmp: string;

/** Known, explained exceptions: file → the only attributes allowed to differ, and why. */
const KNOWN_DIFFERENCES: Record<string, { keys: string[]; why: string }> = {
  'malformed/meta_missing_tsyntax.dcm': {
    keys: ['00010001', '00010002'],
    why: 'illegal group-0001 elements with odd lengths inside an undefined-length UN sequence: dcmtk and we recover different parts of it',
  },
};

async function dcm2json(file: string): Promise<{ json: DicomJsonDataset; pixelDataErased: boolean }> {
  try {
    return { json: JSON.parse((await runTool('dcm2json', ['-fc', file])).toString()) as DicomJsonDataset, pixelDataErased: false };
  } catch {
    // dcm2json cannot write compressed pixel data as InlineBinary: compare a copy without it.
    const copy = path.join(tmp, `${path.basename(file)}-${Math.random().toString(36).slice(2)}.dcm`);
    await copyFile(file, copy);
    await runTool('dcmodify', ['-nb', '-ea', '(7fe0,0010)', copy]);
    return { json: JSON.parse((await runTool('dcm2json', ['-fc', copy])).toString()) as DicomJsonDataset, pixelDataErased: true };
  }
}

describe.skipIf(missingHere(available, 'the shared DICOM samples (../shared/dicom-samples)'))('DICOM JSON model equals dcm2json for every shared sample dcmtk reads', () => {
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'lightbox-dcm2json-'));
  });
  afterAll(() => rm(tmp, { recursive: true, force: true }));

  it('matches outside bulk data', async () => {
    const files = loadSampleManifest().filter((f) => f.dcmtkReads);
    expect(files.length).toBeGreaterThan(400);
    const outcomes = await mapLimit(files, 4, async (f) => {
      const file = samplePath(f.path);
      const reference = await dcm2json(file).catch(() => undefined);
      if (!reference) return { file: f.path, problems: [] as string[], noReference: true };
      const ours = await readDicomFile(file, { headerOnly: false });
      const known = KNOWN_DIFFERENCES[f.path];
      // dcmodify also drops the trailing padding that followed the erased pixel data.
      if (reference.pixelDataErased) delete ours.dataset.FFFCFFFC;
      const problems = diffDicomJson(ours.dataset, reference.json).filter((p) => !known?.keys.some((k) => p.startsWith(k)));
      return { file: f.path, problems, noReference: false };
    });
    const failures = outcomes.filter((o) => o.problems.length).map((o) => `${o.file}:\n  ${o.problems.slice(0, 5).join('\n  ')}`);
    expect(failures).toEqual([]);
    // Only files whose own Specific Character Set dcmtk refuses lack a reference.
    const noReference = outcomes.filter((o) => o.noReference).map((o) => o.file);
    expect(noReference).toEqual(['malformed/explicit_VR-UN.dcm', 'malformed/J2K_pixelrep_mismatch.dcm']);
  }, 300_000);

  it('header-only parse stops at the pixel data, locates it, and otherwise equals the full parse', async () => {
    for (const rel of ['transfer-syntaxes/mr-small/MR_small.dcm', 'malformed/MR_small_padded.dcm', 'transfer-syntaxes/dicomparser-ct/CT0012.fragmented_no_bot_jpeg_ls.80.dcm']) {
      const header = await readDicomFile(samplePath(rel));
      const full = await readDicomFile(samplePath(rel), { headerOnly: false });
      expect(header.headerOnly).toBe(true);
      const afterPixels = Object.keys(full.dataset).filter((k) => k > '7FE00010');
      expect(Object.keys(header.dataset).sort()).toEqual(Object.keys(full.dataset).filter((k) => !afterPixels.includes(k)).sort());
      expect(header.pixelData).toEqual(full.pixelData);
    }
    const multi = await readDicomFile(samplePath('transfer-syntaxes/dicomparser-ct/CT0012.fragmented_no_bot_jpeg_ls.80.dcm'));
    expect(multi.pixelData).toMatchObject({ encapsulated: true });
    expect(multi.pixelData!.fragments!.length).toBeGreaterThan(2);
    expect(multi.pixelData!.basicOffsetTable).toBeUndefined();
    const withBot = await readDicomFile(samplePath('transfer-syntaxes/dicomparser-ct/CT0012.not_fragmented_bot_jpeg_ls.80.dcm'));
    expect(withBot.pixelData!.basicOffsetTable).toHaveLength(2);
    expect(withBot.pixelData!.fragments).toHaveLength(2);
  });

  it('every malformed sample gives a typed error naming the file, or a best-effort parse with warnings', async () => {
    const malformed = loadSampleManifest().filter((f) => f.path.startsWith('malformed/'));
    for (const f of malformed) {
      const file = samplePath(f.path);
      try {
        const parsed = await readDicomFile(file, { headerOnly: false });
        if (!f.dcmtkReads) expect(parsed.warnings.length, f.path).toBeGreaterThan(0);
      } catch (error) {
        expect(error, f.path).toBeInstanceOf(DicomParseError);
        expect((error as Error).message).toContain(file);
      }
    }
  });
});
