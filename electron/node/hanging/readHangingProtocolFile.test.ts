import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProtocolList } from '../../common/contract/hostContract';
import type { HangingResult } from '../../common/hanging/hangingEngine';
import { importPaths } from '../cache/importPaths';
import { StudyCache } from '../cache/studyCache';
import { runCli } from '../cli/main';
import { localStudiesOf } from '../../../testing/node/localStudiesOf';
import { createHost } from '../host/createHost';
import { createVirtualDisplayService } from '../host/displayService';
import { hangStudy } from '../../common/hanging/hangingEngine';
import type { StudyFacts } from '../../common/hanging/studyFacts';
import { GENERATE_PRESETS, generateSyntheticStudies } from '../synthetic/generateSyntheticStudies';
import { listDicomFiles } from '../../../testing/node/listDicomFiles';
import { studyFactsFromFiles } from '../../../testing/node/studyFactsFromFiles';
import { readHangingProtocolFile } from './readHangingProtocolFile';

// A DICOM Hanging Protocol instance (PS3.3 C.23) written by dcmtk's dump2dcm — an encoder
// independent of ours — read back, converted and used to hang the synthetic chest CT and its prior.

type Node = [tag: string, vr: string, value: string] | [tag: string, 'SQ', Node[][]];
const el = (tag: string, vr: string, value: string | number | number[]): Node => [tag, vr, typeof value === 'string' ? (vr === 'AT' ? value : `[${value}]`) : [value].flat().join('\\')];
const sq = (tag: string, ...itemsOf: Node[][]): Node => [tag, 'SQ', itemsOf];

function dump(nodes: Node[], indent = ''): string {
  return nodes
    .map(([tag, vr, value]) =>
      typeof value === 'string'
        ? `${indent}${tag} ${vr} ${value}\n`
        : `${indent}${tag} SQ (Sequence with undefined length)\n${value.map((item) => `${indent}  (fffe,e000) na (Item with undefined length)\n${dump(item, `${indent}    `)}${indent}  (fffe,e00d) na (ItemDelimitationItem)\n`).join('')}${indent}(fffe,e0dd) na (SequenceDelimitationItem)\n`,
    )
    .join('');
}

const planeFilter = (plane: string): Node[] => [el('(0072,0402)', 'CS', 'IMAGE_PLANE'), el('(0072,0062)', 'CS', plane)];
const descriptionFilter = (description: string): Node[] => [el('(0072,0026)', 'AT', '(0008,103e)'), el('(0072,0406)', 'CS', 'MEMBER_OF'), el('(0072,0066)', 'LO', description)];
const displaySet = (n: number, group: number, imageSet: number, box: number[], filters: Node[][], extra: Node[] = []): Node[] => [
  el('(0072,0202)', 'US', n),
  el('(0072,0204)', 'US', group),
  el('(0072,0032)', 'US', imageSet),
  sq('(0072,0300)', [el('(0072,0302)', 'US', 1), el('(0072,0108)', 'FD', box), el('(0072,0304)', 'CS', 'STACK')]),
  sq('(0072,0400)', ...filters),
  ...extra,
];

const CHEST_HP: Node[] = [
  el('(0008,0016)', 'UI', '1.2.840.10008.5.1.4.38.1'),
  el('(0008,0018)', 'UI', '1.2.826.0.1.3680043.8.498.42'),
  el('(0072,0002)', 'SH', 'Chest CT vs prior'),
  el('(0072,0004)', 'LO', 'Current lung and soft tissue, prior beside'),
  el('(0072,0006)', 'CS', 'USER'),
  el('(0072,0008)', 'LO', 'Dr Test'),
  el('(0072,000a)', 'DT', '20261126120000'),
  sq('(0072,000c)', [el('(0008,0060)', 'CS', 'CT'), sq('(0008,2218)', [el('(0008,0100)', 'SH', '51185008'), el('(0008,0102)', 'SH', 'SCT'), el('(0008,0104)', 'LO', 'Chest')])]),
  el('(0072,0014)', 'US', 1),
  sq('(0072,0020)', [
    sq('(0072,0022)', [el('(0072,0024)', 'CS', 'MATCH'), el('(0072,0026)', 'AT', '(0008,0060)'), el('(0072,0028)', 'US', 1), el('(0072,0050)', 'CS', 'CS'), el('(0072,0062)', 'CS', 'CT')]),
    sq(
      '(0072,0030)',
      [el('(0072,0032)', 'US', 1), el('(0072,0034)', 'CS', 'RELATIVE_TIME'), el('(0072,0038)', 'US', [0, 0]), el('(0072,003a)', 'CS', 'DAYS'), el('(0072,0040)', 'LO', 'Current')],
      [el('(0072,0032)', 'US', 2), el('(0072,0034)', 'CS', 'ABSTRACT_PRIOR'), el('(0072,003c)', 'SS', [1, 1]), el('(0072,0040)', 'LO', 'Prior')],
    ),
  ]),
  el('(0072,0100)', 'US', 2),
  sq('(0072,0102)', [el('(0072,0104)', 'US', 1024), el('(0072,0106)', 'US', 1280), el('(0072,0108)', 'FD', [0, 1, 0.5, 0])], [el('(0072,0104)', 'US', 1024), el('(0072,0106)', 'US', 1280), el('(0072,0108)', 'FD', [0.5, 1, 1, 0])]),
  sq(
    '(0072,0200)',
    displaySet(1, 1, 1, [0, 1, 0.25, 0], [planeFilter('AXIAL'), descriptionFilter('Axial 5mm Lung')], [el('(0072,0702)', 'CS', 'LUNG')]),
    displaySet(2, 1, 1, [0.25, 1, 0.5, 0], [planeFilter('AXIAL'), descriptionFilter('Axial 5mm Soft Tissue')], [el('(0072,0702)', 'CS', 'MEDIASTINUM')]),
    displaySet(3, 1, 2, [0.5, 1, 1, 0], [planeFilter('AXIAL'), descriptionFilter('Axial 5mm Soft Tissue')], [el('(0072,0702)', 'CS', 'MEDIASTINUM')]),
    displaySet(4, 2, 1, [0, 1, 0.5, 0], [descriptionFilter('Axial 5mm Soft Tissue')], [
      el('(0072,0206)', 'LO', 'Coronal'),
      el('(0072,0510)', 'CS', 'MPR'),
      el('(0072,0516)', 'CS', 'CORONAL'),
      sq('(0072,0600)', [el('(0072,0602)', 'CS', 'ALONG_AXIS'), el('(0072,0604)', 'CS', 'INCREASING')]),
    ]),
  ),
  sq('(0072,0210)', [el('(0072,0212)', 'US', [2, 3])]),
];

let dir: string;
let synthetic: StudyFacts[];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-hp-'));
  await generateSyntheticStudies({ outDir: path.join(dir, 'studies'), preset: GENERATE_PRESETS.tiny!, seed: 'hanging' });
  synthetic = studyFactsFromFiles(await listDicomFiles(path.join(dir, 'studies')));
}, 120_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

async function encoded(nodes: Node[], name: string): Promise<string> {
  const dumpFile = path.join(dir, `${name}.txt`);
  const out = path.join(dir, `${name}.dcm`);
  await writeFile(dumpFile, dump(nodes));
  execFileSync('dump2dcm', [dumpFile, out], { stdio: 'pipe' });
  return out;
}

describe('DICOM Hanging Protocol import (PS3.3 C.23)', () => {
  it('converts a dcmtk-encoded instance into a valid protocol that hangs the chest CT with its prior as the instance says', async () => {
    const { protocol, notes } = readHangingProtocolFile(await encoded(CHEST_HP, 'chest'));
    expect(protocol).toMatchObject({ id: 'hp-chest-ct-vs-prior', name: 'Chest CT vs prior', priors: { count: 1 } });
    expect(protocol.match).toEqual([
      { attribute: 'modality', op: 'oneOf', value: ['CT'], required: true, weight: 2 },
      { attribute: 'bodyPart', op: 'oneOf', value: ['CHEST'], weight: 3 },
    ]);
    // Screen 1 holds two boxes side by side, screen 2 one; y runs down from each screen's top.
    expect(protocol.stages[0]!.displays).toMatchObject([
      { role: 'diagnostic', layout: { kind: 'free', rects: [[0, 0, 0.5, 1], [0.5, 0, 0.5, 1]] } },
      { role: 'diagnostic-2', layout: { kind: 'free', rects: [[0, 0, 1, 1]] } },
    ]);
    expect(protocol.stages[1]!.name).toBe('Coronal');
    expect(notes).toEqual(['display set 4: sorting operations are not carried over (slices are ordered by position)']);

    const current = synthetic.find((s) => s.studyDate === '20261120')!;
    const prior = synthetic.find((s) => s.studyDate === '20251118')!;
    const result = hangStudy([protocol], { current, candidates: synthetic, displays: 2 });
    expect(result.protocol.id).toBe('hp-chest-ct-vs-prior');
    expect(result.priors.map((p) => p.studyInstanceUid)).toEqual([prior.studyInstanceUid]);
    const shown = result.stages.map((s) => s.displays.map((d) => d.viewports.map((v) => `${v.displaySet}=${v.seriesDescription} ${v.studyInstanceUid === prior.studyInstanceUid ? 'prior' : 'current'} ${v.type} ${v.windowPreset ?? ''} ${v.sync.join(',')}`.trim())));
    expect(shown).toEqual([
      [
        ['ds-1=Axial 5mm Lung current stack lung', 'ds-2=Axial 5mm Soft Tissue current stack mediastinum scroll-1'],
        ['ds-3=Axial 5mm Soft Tissue prior stack mediastinum scroll-1'],
      ],
      [['ds-4=Axial 5mm Soft Tissue current mpr-coronal']],
    ]);
  });

  it('names the file and the problem for DICOM that is not a hanging protocol, and for broken protocol JSON', async () => {
    const notHp = await encoded([el('(0008,0016)', 'UI', '1.2.840.10008.5.1.4.1.1.7'), el('(0008,0018)', 'UI', '1.2.3')], 'sc');
    expect(() => readHangingProtocolFile(notHp)).toThrow(`${notHp}: a DICOM file, but not a Hanging Protocol instance (SOP Class 1.2.840.10008.5.1.4.1.1.7, expected 1.2.840.10008.5.1.4.38.1)`);
    const broken = path.join(dir, 'broken.json');
    await writeFile(broken, JSON.stringify({ schemaVersion: 1, id: 'x', name: 'X', match: [], displaySets: [], stages: 'none' }));
    expect(() => readHangingProtocolFile(broken)).toThrow(`${broken}: match: needs at least one rule (or isDefault: true)`);
  });
});

async function cli(dataDir: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const stdout = new Writable({ write: (chunk: Buffer, _e, done) => ((out += chunk.toString()), done()) });
  const stderr = new Writable({ write: (chunk: Buffer, _e, done) => ((err += chunk.toString()), done()) });
  const code = await runCli(['--data-dir', dataDir, ...args], { stdout, stderr, env: {}, untilStopped: Promise.resolve() });
  return { code, out, err };
}

describe('user protocols: imported with the CLI, used by the engine, edited through the host', () => {
  it('an imported instance overrides the shipped protocol of its id, a broken file is skipped with a warning, removal brings the shipped one back', async () => {
    const dataDir = path.join(dir, 'data');
    const cache = new StudyCache(dataDir, 'test');
    await importPaths(cache, [path.join(dir, 'studies')]);
    const local = localStudiesOf(cache);
    const host = createHost({ mode: 'browser', dataDir, displays: createVirtualDisplayService(2), studies: local.studies });
    const api = async <T>(method: string, route: string, body?: unknown): Promise<{ status: number; json: T }> => {
      const response = await host.handle(new Request(`http://127.0.0.1/api/${route}`, { method, ...(body ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}) }));
      return { status: response.status, json: (await response.json()) as T };
    };
    const current = synthetic.find((s) => s.studyDate === '20261120')!;
    try {
      const hpFile = await encoded(CHEST_HP, 'chest-cli');
      const imported = await cli(dataDir, 'protocols', 'import', hpFile, '--as', 'ct-chest');
      expect(imported).toMatchObject({ code: 0, out: 'imported ct-chest: Chest CT vs prior (2 stage(s), 4 display set(s))\n  not carried over: display set 4: sorting operations are not carried over (slices are ordered by position)\n' });
      expect((await cli(dataDir, 'protocols', 'ls')).out).toMatch(/^ct-chest +user +Chest CT vs prior$/m);

      const hung = await api<HangingResult>('GET', `studies/${current.studyInstanceUid}/hanging`);
      expect(hung.json.protocol).toMatchObject({ id: 'ct-chest', name: 'Chest CT vs prior' });
      expect(hung.json.stages[0]!.displays[1]!.viewports[0]).toMatchObject({ displaySet: 'ds-3', seriesDescription: 'Axial 5mm Soft Tissue', sync: ['scroll-1'] });

      // A broken file beside it: reported by the CLI and the host, and the study still hangs.
      await writeFile(path.join(dataDir, 'protocols', 'broken.json'), '{ "schemaVersion": 1,');
      const listed = await cli(dataDir, 'protocols', 'ls');
      expect(listed.err).toMatch(/^warning: .*broken\.json: not valid JSON: .* \(skipped\)$/m);
      const list = await api<ProtocolList>('GET', 'protocols');
      expect(list.json.problems).toHaveLength(1);
      expect(list.json.protocols.filter((p) => p.source === 'user').map((p) => p.protocol.id)).toEqual(['ct-chest']);
      expect((await api<HangingResult>('GET', `studies/${current.studyInstanceUid}/hanging`)).json.protocol.id).toBe('ct-chest');

      // The host checks what the editor sends.
      const copy = { ...list.json.protocols.find((p) => p.protocol.id === 'ct-chest')!.protocol, id: 'my-chest', name: 'My chest' };
      expect((await api<{ error: string }>('PUT', 'protocols/other', copy)).json.error).toMatch(/must be the one in the path/);
      const invalid = await api<{ error: string }>('PUT', 'protocols/my-chest', { ...copy, stages: [] });
      expect(invalid).toMatchObject({ status: 400, json: { error: 'protocol my-chest: stages: needs at least one stage' } });
      expect((await api<ProtocolList>('PUT', 'protocols/my-chest', copy)).json.protocols.find((p) => p.protocol.id === 'my-chest')?.source).toBe('user');
      expect((await api<ProtocolList>('DELETE', 'protocols/my-chest')).status).toBe(200);

      expect(await cli(dataDir, 'protocols', 'rm', 'ct-chest')).toMatchObject({ code: 0, out: 'removed ct-chest\n' });
      expect((await api<HangingResult>('GET', `studies/${current.studyInstanceUid}/hanging`)).json.protocol).toMatchObject({ id: 'ct-chest', name: 'CT chest with prior' });
      expect((await api<{ error: string }>('DELETE', 'protocols/ct-chest')).json.error).toMatch(/shipped protocol: it cannot be removed/);
      expect((await api<{ error: string }>('DELETE', 'protocols/nope')).status).toBe(404);
    } finally {
      await local.close();
      cache.close();
    }
  }, 60_000);
});
