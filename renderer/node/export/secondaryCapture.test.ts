// Node-side checks of renderer/common/export/secondaryCapture.ts against dcmtk (common/ code may not use Node itself).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDicom } from '../../../electron/common/dicom/parse/parseDicom';
import { readDicomFileSync } from '../../../electron/node/dicom/readDicomFile';
import { GENERATE_PRESETS, generateSyntheticStudies } from '../../../electron/node/synthetic/generateSyntheticStudies';
import { listDicomFiles } from '../../../testing/node/listDicomFiles';
import { runTool } from '../../../testing/node/runTool';
import { MULTIFRAME_TRUE_COLOR_SC, rgbOf, SC_IMAGE_STORAGE, secondaryCapture, uuidUid } from '../../common/export/secondaryCapture';

let dir: string;
let source: ReturnType<typeof readDicomFileSync>['dataset'];
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-sc-'));
  await generateSyntheticStudies({ outDir: path.join(dir, 'gen'), preset: GENERATE_PRESETS.tiny!, onlySeries: ['scout'], currentOnly: true, seed: 'sc' });
  source = readDicomFileSync((await listDicomFiles(path.join(dir, 'gen')))[0]!).dataset;
}, 60_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

/** A test pattern: each pixel's RGB from its position and the frame. */
function pattern(columns: number, rows: number, frame: number): Uint8Array {
  const rgba = new Uint8Array(columns * rows * 4);
  for (let i = 0; i < columns * rows; i++) rgba.set([(i * 7 + frame) & 255, (i >> 3) & 255, (frame * 40) & 255, 255], i * 4);
  return rgbOf(rgba);
}

const str = (ds: Record<string, { Value?: unknown[] }>, tag: string) => ds[tag]?.Value?.[0];

describe('secondary capture', () => {
  it('a snapshot: same patient and study, RGB pixels as given, and dcmtk renders exactly those pixels', async () => {
    const [columns, rows] = [33, 20];
    const file = secondaryCapture({ source, frames: [pattern(columns, rows, 0)], columns, rows, seriesDescription: 'Lightbox snapshot', derivation: 'MPR axial', seriesInstanceUid: uuidUid(), sopInstanceUid: uuidUid(), seriesNumber: 901, now: new Date(2026, 10, 26, 14, 5, 9) });
    const parsed = parseDicom(file, { source: 'sc', headerOnly: false });
    const ds = parsed.dataset as Record<string, { Value?: unknown[] }>;
    expect(str(ds, '00080016')).toBe(SC_IMAGE_STORAGE);
    for (const tag of ['0020000D', '00100020', '00080050']) expect(str(ds, tag)).toEqual(str(source as Record<string, { Value?: unknown[] }>, tag));
    expect(ds['00100010']?.Value).toEqual(source['00100010']?.Value);
    expect(ds['00080008']?.Value).toEqual(['DERIVED', 'SECONDARY']);
    expect(str(ds, '00080064')).toBe('WSD');
    expect(str(ds, '00080023')).toBe('20261126');
    const out = path.join(dir, 'sc.dcm');
    await writeFile(out, file);
    // dcmtk reads it without complaint and renders our RGB bytes unchanged.
    await runTool('dcmdump', ['-q', out]);
    await runTool('dcmj2pnm', [out, path.join(dir, 'sc.ppm')]);
    const ppm = await readFile(path.join(dir, 'sc.ppm'));
    const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 40).toString('latin1'))!;
    expect([Number(header[1]), Number(header[2])]).toEqual([columns, rows]);
    expect(Buffer.from(ppm.subarray(header[0].length)).equals(Buffer.from(pattern(columns, rows, 0)))).toBe(true);
  });

  it('a cine of several frames is a Multi-frame True Color SC with its frame time', async () => {
    const [columns, rows] = [16, 8];
    const frames = [0, 1, 2].map((f) => pattern(columns, rows, f));
    const file = secondaryCapture({ source, frames, columns, rows, seriesDescription: 'Lightbox 3D cine', derivation: '3D rotation', frameTimeMs: 100, seriesInstanceUid: uuidUid(), sopInstanceUid: uuidUid(), seriesNumber: 902, now: new Date() });
    const ds = parseDicom(file, { source: 'cine', headerOnly: false }).dataset as Record<string, { Value?: unknown[] }>;
    expect(str(ds, '00080016')).toBe(MULTIFRAME_TRUE_COLOR_SC);
    expect(Number(str(ds, '00280008'))).toBe(3);
    expect(Number(str(ds, '00181063'))).toBe(100);
    const out = path.join(dir, 'cine.dcm');
    await writeFile(out, file);
    await runTool('dcmj2pnm', ['+F', '3', out, path.join(dir, 'cine.ppm')]);
    const ppm = await readFile(path.join(dir, 'cine.ppm'));
    const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 40).toString('latin1'))!;
    expect(Buffer.from(ppm.subarray(header[0].length)).equals(Buffer.from(frames[2]!))).toBe(true);
  });

  it('refuses frames of the wrong size, naming the sizes', () => {
    expect(() => secondaryCapture({ source, frames: [new Uint8Array(10)], columns: 4, rows: 4, seriesDescription: 'x', derivation: 'x', seriesInstanceUid: '1.2', sopInstanceUid: '1.2.3', seriesNumber: 1, now: new Date() })).toThrow('10 bytes, expected 48 (4×4 RGB)');
  });
});
