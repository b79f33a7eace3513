import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hangStudy } from '../../../electron/common/hanging/hangingEngine';
import type { StudyFacts } from '../../../electron/common/hanging/studyFacts';
import { validateProtocol } from '../../../electron/common/hanging/validateProtocol';
import { GENERATE_PRESETS, generateSyntheticStudies } from '../../../electron/node/synthetic/generateSyntheticStudies';
import { listDicomFiles } from '../../../testing/node/listDicomFiles';
import { studyFactsFromFiles } from '../../../testing/node/studyFactsFromFiles';
import { protocolFromArrangement } from '../../common/hanging/arrangementProtocol';

// A protocol saved from a screen arrangement (the editor's starting point) hangs the same study
// again exactly as it was arranged: the synthetic chest CT, three series in a 1×3 grid.

let dir: string;
let studies: StudyFacts[];
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-arranged-'));
  await generateSyntheticStudies({ outDir: dir, preset: GENERATE_PRESETS.tiny!, seed: 'arranged' });
  studies = studyFactsFromFiles(await listDicomFiles(dir));
}, 120_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('protocol from a screen arrangement', () => {
  it('is valid and brings back the same series in the same cells', () => {
    const current = studies.find((s) => s.studyDate === '20261120')!;
    const shown = ['Coronal 5mm MPR', 'Axial 5mm Lung', 'Axial 5mm Soft Tissue'];
    const cells = shown.map((d) => ({ modality: 'CT', seriesDescription: d }));
    const protocol = validateProtocol(protocolFromArrangement('My chest 1x3', { modalities: current.modalities, bodyPart: current.bodyPart, studyDescription: current.studyDescription }, { rows: 1, columns: 3, cells: [...cells, undefined] }), 'arranged');
    expect(protocol.id).toBe('user-my-chest-1x3');
    expect(protocol.match.map((r) => `${r.attribute} ${r.op} ${String(r.value)}`)).toEqual(['modality oneOf CT', 'bodyPart equals CHEST', `studyDescription contains ${current.studyDescription}`]);
    const result = hangStudy([protocol], { current, candidates: studies, displays: 1 });
    expect(result.protocol.id).toBe('user-my-chest-1x3');
    const [display] = result.stages[0]!.displays;
    expect(display!.layout).toEqual({ kind: 'grid', rows: 1, columns: 3 });
    expect(display!.viewports.map((v) => v.seriesDescription ?? '(empty)')).toEqual(shown);
  });

  it('takes the next best series for a cell showing the same kind of series again', () => {
    const cell = { modality: 'CT', seriesDescription: 'Axial 5mm Lung' };
    const protocol = protocolFromArrangement('Twice', { modalities: ['CT'], bodyPart: '', studyDescription: '' }, { rows: 1, columns: 2, cells: [cell, cell] });
    expect(protocol.displaySets.map((d) => d.nth ?? 1)).toEqual([1, 2]);
    expect(protocol.match).toEqual([{ attribute: 'modality', op: 'oneOf', value: ['CT'], required: true, weight: 2 }]);
  });
});
