import { describe, expect, it } from 'vitest';
import { describePixels } from '../../common/dicom/model/pixelDescription';
import { loadSampleManifest, samplePath, sharedSamplesAvailable } from '../../../testing/node/sharedSamples';
import { readDicomFile } from './readDicomFile';
import { missingHere } from '../../../testing/node/requiredInCi';

// The manifest's pixel facts were read by dcmtk (dcmdump): an independent oracle for every sample.
describe.skipIf(missingHere(sharedSamplesAvailable(), 'the shared DICOM samples (../shared/dicom-samples)'))('pixel description', () => {
  it('agrees with dcmtk on size, frames, bits, sign, samples and photometric for every image sample', async () => {
    const images = loadSampleManifest().filter((f) => f.dcmtkReads && f.rows && f.columns && f.photometric);
    expect(images.length).toBeGreaterThan(300);
    const mismatches: string[] = [];
    for (const f of images) {
      const d = describePixels((await readDicomFile(samplePath(f.path))).dataset);
      const expected = {
        rows: f.rows,
        columns: f.columns,
        // badVR.dcm's NumberOfFrames is the invalid IS "1A": read as absent, i.e. one frame.
        numberOfFrames: Number.isInteger(f.frames) ? f.frames : 1,
        bitsAllocated: f.bitsAllocated,
        bitsStored: f.bitsStored ?? d.bitsStored,
        pixelRepresentation: f.pixelRepresentation ?? d.pixelRepresentation,
        samplesPerPixel: f.samplesPerPixel ?? 1,
        photometricInterpretation: f.photometric,
      };
      const actual = Object.fromEntries(Object.keys(expected).map((k) => [k, d[k as keyof typeof d]]));
      if (JSON.stringify(actual) !== JSON.stringify(expected)) mismatches.push(`${f.path}: ${JSON.stringify(actual)} vs ${JSON.stringify(expected)}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('reads rescale, windows with explanations, and VOI LUT function', async () => {
    const ct = describePixels((await readDicomFile(samplePath('pixel-formats/CT_small.dcm'))).dataset);
    expect(ct.modalityLut).toMatchObject({ kind: 'rescale', slope: 1, intercept: -1024 });
    expect(ct.sampleType).toBe('int16');
    expect(ct.voiLutFunction).toBe('LINEAR');
  });

  it('reads a Modality LUT Sequence as a table', async () => {
    const d = describePixels((await readDicomFile(samplePath('pixel-formats/mlut_18.dcm'))).dataset);
    expect(d.modalityLut.kind).toBe('table');
    if (d.modalityLut.kind !== 'table') return;
    expect(d.modalityLut.table.data).toHaveLength(d.modalityLut.table.entries);
  });

  it('reads palette colour LUTs', async () => {
    const d = describePixels((await readDicomFile(samplePath('pixel-formats/OBXXXX1A.dcm'))).dataset);
    expect(d.photometricInterpretation).toBe('PALETTE COLOR');
    expect(d.palette!.red.entries).toBe(d.palette!.red.data.length);
    expect(d.palette!.green.data.length).toBe(d.palette!.green.entries);
  });

  it('reads overlay planes in group 60xx', async () => {
    const d = describePixels((await readDicomFile(samplePath('pixel-formats/MR-SIEMENS-DICOM-WithOverlays.dcm'))).dataset);
    expect(d.overlays.length).toBeGreaterThan(0);
    expect(d.overlays[0]).toMatchObject({ group: 0x6000, rows: 484, columns: 484 });
  });

  it('knows float pixel data and MONOCHROME1', async () => {
    expect(describePixels((await readDicomFile(samplePath('pixel-formats/parametric_map_float.dcm'))).dataset).sampleType).toBe('float32');
    expect(describePixels((await readDicomFile(samplePath('pixel-formats/parametric_map_double_float.dcm'))).dataset).sampleType).toBe('float64');
    expect(describePixels((await readDicomFile(samplePath('transfer-syntaxes/jpeg2000/RG3_J2KR.dcm'))).dataset).photometricInterpretation).toBe('MONOCHROME1');
  });
});
