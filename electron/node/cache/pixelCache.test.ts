import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost } from '../host/createHost';
import { createVirtualDisplayService } from '../host/displayService';
import { GENERATE_PRESETS, generateSyntheticStudies, type GeneratedManifest } from '../synthetic/generateSyntheticStudies';
import { readDicomFileSync } from '../dicom/readDicomFile';
import { ImagingService } from '../imaging/imagingService';
import { createCacheLocalStudies } from './cacheLocalStudies';
import { importPaths } from './importPaths';
import { evictSeriesVolume, verifySeriesVolume } from './pixelCache';
import { SeriesVolumes } from './seriesVolumes';
import { StudyCache } from './studyCache';

let dir: string;
let cache: StudyCache;
let manifest: GeneratedManifest;
let imaging: ImagingService;
let volumes: SeriesVolumes;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-pixels-'));
  manifest = await generateSyntheticStudies({ outDir: path.join(dir, 'gen'), preset: GENERATE_PRESETS.tiny!, currentOnly: true, seed: 'pixels' });
  cache = new StudyCache(path.join(dir, 'data'));
  await importPaths(cache, [path.join(dir, 'gen')]);
  imaging = new ImagingService(cache, { poolSize: 2 });
  volumes = new SeriesVolumes(cache, imaging);
}, 120_000);
afterAll(async () => {
  await imaging.close();
  cache.close();
  await rm(dir, { recursive: true, force: true });
});

const study = (): GeneratedManifest['studies'][number] => manifest.studies[0]!;
const seriesVolumeInfo = (_cache: StudyCache, studyUid: string, seriesUid: string) => volumes.info(studyUid, seriesUid);
/** The block as the host streams it. */
async function readSeriesVolume(_cache: StudyCache, studyUid: string, seriesUid: string): Promise<Uint8Array | undefined> {
  const body = await volumes.body(studyUid, seriesUid);
  if (!body || body instanceof Uint8Array) return body;
  return new Uint8Array(await new Response(body.stream).arrayBuffer());
}
const seriesOf = (key: string) => study().series.find((s) => s.key === key)!;

describe('decode-once pixel cache', () => {
  it('builds one contiguous 16-bit block in slice order, with its geometry, equal to the files’ pixels', async () => {
    const thin = seriesOf('axial-soft-thin');
    const info = (await seriesVolumeInfo(cache, study().studyInstanceUid, thin.seriesInstanceUid))!;
    const size = GENERATE_PRESETS.tiny!.size;
    expect(info).toMatchObject({ dimensions: [size.matrix, size.matrix, size.slices], sampleType: 'uint16', rescale: { slope: 1, intercept: -1024 }, uniform: true });
    expect(info.byteLength).toBe(size.matrix * size.matrix * size.slices * 2);
    const block = (await readSeriesVolume(cache, study().studyInstanceUid, thin.seriesInstanceUid))!;
    // Slice 10 of the block is the 10th slice along the normal: the file with instance number 10 (acquired foot to head).
    const file = path.join(dir, 'gen', thin.folder, '0010.dcm');
    const parsed = readDicomFileSync(file);
    const raw = (await readFile(file)).subarray(parsed.pixelData!.offset, parsed.pixelData!.offset + parsed.pixelData!.length!);
    const sliceBytes = size.matrix * size.matrix * 2;
    expect(Buffer.from(block.subarray(9 * sliceBytes, 10 * sliceBytes)).equals(raw)).toBe(true);
    expect(verifySeriesVolume(cache, thin.seriesInstanceUid)).toBe(true);
    // The range the renderer takes instead of scanning the volume: the block's own extremes.
    const samples = new Uint16Array(block.buffer, block.byteOffset, block.byteLength / 2);
    let [lo, hi] = [Infinity, -Infinity];
    for (const v of samples) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    expect(info.sampleRange).toEqual([lo, hi]);
    expect(hi).toBeGreaterThan(lo);
  });

  it('is decoded once: a second open reads the block without rebuilding it', async () => {
    const thin = seriesOf('axial-soft-thin');
    await seriesVolumeInfo(cache, study().studyInstanceUid, thin.seriesInstanceUid);
    const files = await import('node:fs').then((fs) => fs.readdirSync(path.join(cache.paths.root, 'pixels'), { recursive: true }) as string[]);
    const rawFile = path.join(cache.paths.root, 'pixels', files.find((f) => f.endsWith('.raw'))!);
    const before = (await stat(rawFile)).mtimeMs;
    await readSeriesVolume(cache, study().studyInstanceUid, thin.seriesInstanceUid);
    expect((await stat(rawFile)).mtimeMs).toBe(before);
  });

  it('detects a damaged block, and rebuilds an evicted one on demand', async () => {
    const thin = seriesOf('axial-soft-thin');
    const info = (await seriesVolumeInfo(cache, study().studyInstanceUid, thin.seriesInstanceUid))!;
    const files = await import('node:fs').then((fs) => fs.readdirSync(path.join(cache.paths.root, 'pixels'), { recursive: true }) as string[]);
    const rawFile = path.join(cache.paths.root, 'pixels', files.find((f) => f.endsWith('.raw'))!);
    const bytes = await readFile(rawFile);
    bytes[100] = bytes[100]! ^ 0xff;
    await writeFile(rawFile, bytes);
    expect(verifySeriesVolume(cache, thin.seriesInstanceUid)).toBe(false);
    const { verifyCache } = await import('./verifyCache');
    expect(verifyCache(cache).damagedVolumes).toEqual([thin.seriesInstanceUid]);
    evictSeriesVolume(cache, thin.seriesInstanceUid);
    expect(verifySeriesVolume(cache, thin.seriesInstanceUid)).toBeUndefined();
    const rebuilt = (await seriesVolumeInfo(cache, study().studyInstanceUid, thin.seriesInstanceUid))!;
    expect(rebuilt.sha256).toBe(info.sha256);
  });

  it('reports a tilted acquisition as non-uniform, and serves blocks through the host contract', async () => {
    const tilted = seriesOf('axial-tilted');
    const info = (await seriesVolumeInfo(cache, study().studyInstanceUid, tilted.seriesInstanceUid))!;
    expect(info.uniform).toBe(false);
    expect(info.warnings.join()).toMatch(/gantry tilt/);
    const host = createHost({ mode: 'browser', dataDir: dir, displays: createVirtualDisplayService(1), studies: createCacheLocalStudies(cache, imaging) });
    const base = `http://127.0.0.1/api/studies/${study().studyInstanceUid}/series/${tilted.seriesInstanceUid}`;
    const viaHost = (await (await host.handle(new Request(`${base}/volume-info`))).json()) as typeof info;
    expect(viaHost.sha256).toBe(info.sha256);
    const block = new Uint8Array(await (await host.handle(new Request(`${base}/volume`))).arrayBuffer());
    expect(block.length).toBe(info.byteLength);
  });

  it('builds a volume once when several requests ask for it while it is being built', async () => {
    const thick = seriesOf('axial-soft-thick');
    evictSeriesVolume(cache, thick.seriesInstanceUid);
    let decodes = 0;
    const samples = imaging.samples.bind(imaging);
    imaging.samples = (...args) => (decodes++, samples(...args));
    try {
      const [a, b, c] = await Promise.all([0, 1, 2].map(() => volumes.info(study().studyInstanceUid, thick.seriesInstanceUid)));
      expect(a!.sha256).toBe(b!.sha256);
      expect(b).toBe(c);
      expect(decodes).toBe(a!.slices.length);
    } finally {
      imaging.samples = samples;
    }
  });
});
