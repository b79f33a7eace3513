import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRawInstance, type RawElement } from '../../common/deidentify/rawElementTree';
import { valueText } from '../../common/deidentify/replacementValues';
import { missingHere } from '../../../testing/node/requiredInCi';
import { mapLimit } from '../../../testing/node/runTool';
import { samplePath, sharedSamplesAvailable } from '../../../testing/node/sharedSamples';
import { deidentifyFiles, type DeidentifyFilesResult } from './deidentifyFiles';
import { openDeidentifyProject } from './deidentifyProject';

const SEG_SR = 'seg-sr';
const ACRIN = 'series/acrin-nsclc-fdg-pet-042';

interface Targets {
  instances: Set<string>;
  series: Set<string>;
  frames: Set<string>;
}

/** Every reference a set of instances makes: to an instance, a series, or a frame of reference. */
interface Reference {
  kind: 'instance' | 'series' | 'frame';
  uid: string;
  from: string;
}

function collect(elements: RawElement[], file: string, depth: number, targets: Targets, refs: Reference[]): void {
  for (const el of elements) {
    if (el.items) {
      for (const item of el.items) collect(item, file, depth + 1, targets, refs);
      continue;
    }
    if (el.vr !== 'UI') continue;
    const uid = valueText(el.value);
    if (!uid) continue;
    if (depth === 0 && el.tag === 0x00080018) targets.instances.add(uid);
    else if (depth === 0 && el.tag === 0x0020000e) targets.series.add(uid);
    else if (depth === 0 && el.tag === 0x00200052) targets.frames.add(uid);
    else if (el.tag === 0x00081155) refs.push({ kind: 'instance', uid, from: file });
    else if (el.tag === 0x0020000e) refs.push({ kind: 'series', uid, from: file });
    else if (el.tag === 0x00200052 || el.tag === 0x30060024) refs.push({ kind: 'frame', uid, from: file });
  }
}

async function scan(files: string[]): Promise<{ targets: Targets; refs: Reference[] }> {
  const targets: Targets = { instances: new Set(), series: new Set(), frames: new Set() };
  const refs: Reference[] = [];
  for (const file of files) collect(readRawInstance(new Uint8Array(await readFile(file)), { source: file }).elements, file, 0, targets, refs);
  return { targets, refs };
}

function resolves(ref: Reference, t: Targets): boolean {
  return (ref.kind === 'instance' ? t.instances : ref.kind === 'series' ? t.series : t.frames).has(ref.uid);
}

/** dciodvfy's error lines, values and positions stripped so that a replaced value is not a "new" error. */
async function dciodvfyErrors(file: string): Promise<Set<string>> {
  const output = await new Promise<string>((resolve) => execFile('dciodvfy', [file], { maxBuffer: 1 << 26 }, (_e, stdout, stderr) => resolve(`${stdout}\n${stderr}`)));
  return new Set(
    output
      .split('\n')
      .filter((l) => l.startsWith('Error'))
      .map((l) => l.replace(/<[^>]*>/g, '<>').replace(/\[[^\]]*\]/g, '[]').replace(/\d+/g, 'N')),
  );
}

describe.skipIf(missingHere(sharedSamplesAvailable(), 'the shared DICOM samples (../shared/dicom-samples)'))('de-identified SEG, SR, RTSTRUCT and PT/CT sets', () => {
  let dir: string;
  let result: DeidentifyFilesResult;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-deid-refs-'));
    const project = openDeidentifyProject(path.join(dir, 'data'), 'refs');
    const started = performance.now();
    result = await deidentifyFiles([samplePath(SEG_SR), samplePath(ACRIN)], path.join(dir, 'out'), project, { options: new Set() });
    console.log(`de-identified ${result.written.length} instances in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }, 300_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('writes every instance (licences are the only non-DICOM files, nothing is refused)', () => {
    expect(result.refused).toEqual([]);
    expect(result.failed.map((f) => path.basename(f.input)).sort()).toEqual(['LICENSE', 'LICENSE', 'LICENSE.txt']);
    expect(result.written.length).toBeGreaterThan(400);
  });

  it('every reference that resolved in the originals resolves in the output, to new UIDs only', async () => {
    const before = await scan(result.written.map((w) => w.input));
    const after = await scan(result.written.map((w) => w.output));
    const resolvedBefore = before.refs.filter((r) => resolves(r, before.targets));
    const resolvedAfter = after.refs.filter((r) => resolves(r, after.targets));
    const byKind = (refs: Reference[]) => ({ instance: refs.filter((r) => r.kind === 'instance').length, series: refs.filter((r) => r.kind === 'series').length, frame: refs.filter((r) => r.kind === 'frame').length });
    expect(byKind(resolvedAfter)).toEqual(byKind(resolvedBefore));
    // SEG → source images, SR → images, RTSTRUCT → CT, SEG on PT/CT: hundreds of references.
    expect(resolvedBefore.length).toBeGreaterThan(400);
    for (const kind of ['instance', 'series', 'frame'] as const) expect(byKind(resolvedBefore)[kind], kind).toBeGreaterThan(0);
    // Dangling references (rt-utils' non_existent_reference_rt.dcm) stay dangling, mapped all the same.
    expect(after.refs.length).toBe(before.refs.length);
    const originals = new Set([...before.targets.instances, ...before.targets.series, ...before.targets.frames]);
    expect(after.refs.filter((r) => originals.has(r.uid))).toEqual([]);
    expect([...after.targets.instances].filter((u) => originals.has(u))).toEqual([]);
  }, 300_000);

  it('dciodvfy finds no error in the outputs that the originals did not have', async () => {
    // One instance per series folder and every SEG/SR/RT object: dciodvfy takes ~0.3 s a file.
    const seen = new Set<string>();
    const chosen = result.written.filter((w) => {
      const folder = path.dirname(w.input);
      if (!folder.includes('acrin') || /SEG/.test(folder)) return true;
      if (seen.has(folder)) return false;
      seen.add(folder);
      return true;
    });
    const fresh = await mapLimit(chosen, 2, async (w) => {
      const [before, after] = await Promise.all([dciodvfyErrors(w.input), dciodvfyErrors(w.output)]);
      return [...after].filter((e) => !before.has(e)).map((e) => `${path.relative(samplePath('.'), w.input)}: ${e}`);
    });
    expect(chosen.length).toBeGreaterThan(25);
    expect(fresh.flat()).toEqual([]);
  }, 300_000);
});
