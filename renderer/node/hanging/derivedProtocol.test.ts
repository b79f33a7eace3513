import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hangStudy } from '../../../electron/common/hanging/hangingEngine';
import { shippedProtocols } from '../../../electron/common/hanging/shippedProtocols';
import type { StudyFacts } from '../../../electron/common/hanging/studyFacts';
import { validateProtocol } from '../../../electron/common/hanging/validateProtocol';
import { GENERATE_PRESETS, generateSyntheticStudies } from '../../../electron/node/synthetic/generateSyntheticStudies';
import { listDicomFiles } from '../../../testing/node/listDicomFiles';
import { studyFactsFromFiles } from '../../../testing/node/studyFactsFromFiles';
import { protocolFromHungScreen } from '../../common/hanging/derivedProtocol';

// "Save as protocol…" with its defaults on the synthetic chest CT that the shipped CT chest
// protocol hung (issue 23): the saved protocol outscored and replaced the shipped one, without its
// presets, sync groups, priors or second stage, so the two kernels stopped scrolling together.
let dir: string;
let synthetic: StudyFacts[];
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-derived-'));
  await generateSyntheticStudies({ outDir: dir, preset: GENERATE_PRESETS.tiny!, seed: 'derived-protocol' });
  synthetic = studyFactsFromFiles(await listDicomFiles(dir));
}, 120_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('Save as protocol from a hung screen', () => {
  it('keeps what the base protocol gave (presets, sync, priors, stages) and follows the reader’s arrangement', () => {
    const current = synthetic.find((s) => s.studyDate === '20261120')!;
    const shipped = shippedProtocols();
    const hung = hangStudy(shipped, { current, candidates: synthetic, displays: 2 });
    expect(hung.protocol.id).toBe('ct-chest');
    const display = hung.stages[0]!.displays[0]!;
    // The reader swaps the two axials (soft tissue first) and keeps the coronal: a 1×3 grid.
    const [lung, soft, coronal] = display.viewports.map((v) => v.seriesInstanceUid);
    const assigned = [soft, lung, coronal];
    const series = (uid: string | undefined) => current.series.find((s) => s.seriesInstanceUid === uid)!;
    const cells = assigned.map((uid) => ({ modality: series(uid).modality, seriesDescription: series(uid).seriesDescription }));
    const saved = protocolFromHungScreen('Chest my way', { modalities: ['CT'], bodyPart: 'CHEST', studyDescription: current.studyDescription }, { rows: 1, columns: 3, cells }, assigned, {
      protocol: shipped.find((p) => p.id === 'ct-chest')!,
      stage: 0,
      display,
    });
    expect(validateProtocol(saved, 'saved')).toEqual(saved); // throws naming the problem when not valid

    // Saved as a user protocol (user protocols come first: they win ties): it now hangs the study …
    const again = hangStudy([saved, ...shipped], { current, candidates: synthetic, displays: 2 });
    expect(again.protocol.id).toBe(saved.id);
    // … as arranged, each series with the preset and sync it had: the two kernels still scroll together.
    const [first, second, third] = again.stages[0]!.displays[0]!.viewports;
    expect([first, second, third].map((v) => v!.seriesInstanceUid)).toEqual(assigned);
    expect(first).toMatchObject({ seriesInstanceUid: soft });
    expect(second).toMatchObject({ seriesInstanceUid: lung, windowPreset: 'lung' });
    expect(second!.sync).toContain('position');
    expect(first!.sync).toContain('position');
    // The prior, its display and the second stage are still there.
    expect(again.priors.map((p) => p.studyInstanceUid)).toEqual(hung.priors.map((p) => p.studyInstanceUid));
    expect(again.stages.length).toBe(hung.stages.length);
    expect(again.stages[0]!.displays[1]!.viewports.map((v) => v.seriesInstanceUid)).toEqual(hung.stages[0]!.displays[1]!.viewports.map((v) => v.seriesInstanceUid));
  });
});
