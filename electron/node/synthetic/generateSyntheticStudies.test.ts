import { readFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDicomFiles as listFiles } from '../../../testing/node/listDicomFiles';
import { readDicomFileSync } from '../dicom/readDicomFile';
import { GENERATE_PRESETS, generateSyntheticStudies, type GeneratedManifest } from './generateSyntheticStudies';

let dir: string;
let manifest: GeneratedManifest;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-generate-'));
  manifest = await generateSyntheticStudies({ outDir: dir, preset: GENERATE_PRESETS.tiny!, seed: 'generator-test' });
}, 120_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('synthetic study generator', () => {
  it('writes files that dcmtk reads without an error or warning (dcmdump +E)', async () => {
    const files = await listFiles(dir);
    expect(files).toHaveLength(manifest.files);
    // dcmdump takes many files at once; it must exit 0 and print no E:/W:/F: line.
    const { execFile } = await import('node:child_process');
    const stderr = await new Promise<string>((resolve, reject) =>
      execFile('dcmdump', ['+E', ...files], { maxBuffer: 1 << 28 }, (error, _stdout, err) => (error ? reject(new Error(err)) : resolve(err))),
    );
    expect(stderr.split('\n').filter((l) => /^[EWF]:/.test(l))).toEqual([]);
  });

  it('writes a current study and a prior of the same patient, marked synthetic, with unique UIDs', async () => {
    const [current, prior] = manifest.studies;
    expect(current!.studyDate > prior!.studyDate).toBe(true);
    expect(current!.description).toMatch(/SYNTHETIC/);
    const files = await listFiles(dir);
    const headers = files.map((f) => readDicomFileSync(f).dataset);
    const sops = new Set(headers.map((h) => h['00080018']!.Value![0]));
    expect(sops.size).toBe(files.length);
    expect(new Set(headers.map((h) => h['00100020']!.Value![0]))).toEqual(new Set(['LBX-SYN-0001']));
    expect(new Set(headers.map((h) => (h['00100010']!.Value![0] as { Alphabetic: string }).Alphabetic))).toEqual(new Set(['LIGHTBOX^SYNTHETIC CHEST PHANTOM']));
    expect(new Set(headers.map((h) => h['0020000D']!.Value![0]))).toEqual(new Set([current!.studyInstanceUid, prior!.studyInstanceUid]));
  });

  it('is reproducible from its seed and records the ground truth', async () => {
    const again = await mkdtemp(path.join(os.tmpdir(), 'lightbox-generate-again-'));
    try {
      const second = await generateSyntheticStudies({ outDir: again, preset: GENERATE_PRESETS.tiny!, seed: 'generator-test', onlySeries: ['axial-soft-thin'], currentOnly: true });
      const series = second.studies[0]!.series[0]!;
      const a = await readFile(path.join(again, series.folder, '0010.dcm'));
      const b = await readFile(path.join(dir, series.folder, '0010.dcm'));
      expect(a.equals(b)).toBe(true);
      const truth = JSON.parse(await readFile(path.join(dir, 'lightbox-phantom.json'), 'utf8')) as GeneratedManifest;
      expect(truth.curvedVesselLengthMm).toBeCloseTo(40 * Math.PI, 6);
      expect(truth.studies[0]!.phantom.map((o) => o.name)).toContain('nodule A');
    } finally {
      await rm(again, { recursive: true, force: true });
    }
  });

  it('samples the phantom in Hounsfield units at known positions (nodule A centre, lung, air)', async () => {
    // The thin axial slice through nodule A's centre (z = 22 mm): HU there is the nodule's, ±noise.
    const series = manifest.studies[0]!.series.find((s) => s.key === 'axial-soft-thin')!;
    const files = await listFiles(path.join(dir, series.folder));
    const headers = files.map((f) => ({ f, ds: readDicomFileSync(f) }));
    const { f, ds } = headers.reduce((best, h) => (Math.abs(Number(h.ds.dataset['00200032']!.Value![2]) - 22) < Math.abs(Number(best.ds.dataset['00200032']!.Value![2]) - 22) ? h : best));
    const ipp = ds.dataset['00200032']!.Value as number[];
    const spacing = ds.dataset['00280030']!.Value as number[];
    const columns = Number(ds.dataset['00280011']!.Value![0]);
    const bytes = await readFile(f);
    const hu = (x: number, y: number): number => {
      const c = Math.round((x - ipp[0]!) / spacing[1]!);
      const r = Math.round((y - ipp[1]!) / spacing[0]!);
      return bytes.readUInt16LE(ds.pixelData!.offset + (r * columns + c) * 2) - 1024;
    };
    expect(Math.abs(Number(ipp[2]) - 22)).toBeLessThanOrEqual(2.5);
    expect(Math.abs(hu(62, -12) - 60)).toBeLessThan(30); // nodule A: 60 HU
    expect(Math.abs(hu(90, 30) + 850)).toBeLessThan(30); // left lung: -850 HU
    expect(hu(0, -150)).toBe(-1000); // air in front of the body
  });
});
