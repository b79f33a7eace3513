import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import { E2E_DATA_DIR, launchUrl } from './browserModeServer';
import { viewportProbe, waitForViewport } from './viewerProbe';
import { dcm2json, rawPixelData } from '../../testing/node/segmentationOracle';
import { imageToScreen } from '../../renderer/common/viewing/viewTransform';
import type { ViewportProbe } from '../../renderer/browser/viewing/viewerTestHooks';

// The PET/CT reference object as the fusion tests read it themselves (issue 20, item 3): the PET
// read with dcmtk (headers with dcm2json, pixels with dcmdump +W), SUVbw from those headers,
// trilinear interpolation at any patient point, and the DICOM Hot Iron palette's rule
// (PS3.6 B.1.1) — what the fused pixels are checked against, never the app's own code.

export type V3 = [number, number, number];
export type Json = Record<string, { Value?: unknown[] }>;

export function lightboxCli(args: string[]): string {
  return execFileSync(process.execPath, [path.resolve(import.meta.dirname, '../../bin/lightbox.js'), ...args], { encoding: 'utf8' });
}
export const cache = (args: string[]) => lightboxCli(['--data-dir', E2E_DATA_DIR, ...args]);
export const value = (ds: Json, tag: string, at = 0) => ds[tag]?.Value?.[at];
export const numberOf = (ds: Json, tag: string, at = 0) => Number(value(ds, tag, at));
export const seconds = (tm: string) => Number(tm.slice(0, 2)) * 3600 + Number(tm.slice(2, 4)) * 60 + Number(tm.slice(4));

/** The PET as this test reads it: slices sorted by z, each with its SUV per stored value. */
export interface PetTruth {
  slices: Array<{ sop: string; z: number; x0: number; y0: number; suvPerStored: number; offset: number; pixels: Int16Array }>;
  rows: number;
  columns: number;
  rowSpacing: number;
  columnSpacing: number;
}

export async function readPet(folder: string, scratch: string): Promise<PetTruth> {
  const slices: PetTruth['slices'] = [];
  let first: Json | undefined;
  for (const name of readdirSync(folder).filter((f) => f.endsWith('.dcm'))) {
    const file = path.join(folder, name);
    const ds = (await dcm2json(file)) as Json;
    first ??= ds;
    // The test's own index math assumes an axial grid: say so if the object changes.
    expect([0, 1, 2, 3, 4, 5].map((i) => numberOf(ds, '00200037', i))).toEqual([1, 0, 0, 0, 1, 0]);
    expect(value(ds, '00541102')).toBe('START');
    expect(value(ds, '00541001')).toBe('BQML');
    const drug = (ds['00540016']!.Value as Json[])[0]!;
    // SUVbw = activity × weight (g) / (dose decayed from the injection to the series time).
    const decay = Math.pow(0.5, (seconds(String(value(ds, '00080031'))) - seconds(String(value(drug, '00181072')))) / numberOf(drug, '00181075'));
    const perActivity = (numberOf(ds, '00101030') * 1000) / (numberOf(drug, '00181074') * decay);
    const raw = await rawPixelData(file, scratch);
    slices.push({
      sop: String(value(ds, '00080018')),
      z: numberOf(ds, '00200032', 2),
      x0: numberOf(ds, '00200032', 0),
      y0: numberOf(ds, '00200032', 1),
      suvPerStored: numberOf(ds, '00281053') * perActivity,
      offset: numberOf(ds, '00281052') * perActivity,
      pixels: new Int16Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength)),
    });
  }
  slices.sort((a, b) => a.z - b.z);
  return { slices, rows: numberOf(first!, '00280010'), columns: numberOf(first!, '00280011'), rowSpacing: numberOf(first!, '00280030', 0), columnSpacing: numberOf(first!, '00280030', 1) };
}

/** SUV at a patient point, trilinear between the two slices around it; undefined outside the PET's voxel centres. */
export function suvAt(pet: PetTruth, p: V3): { suv: number; nearEdge: boolean } | undefined {
  const s = pet.slices;
  if (p[2] < s[0]!.z || p[2] > s.at(-1)!.z) return undefined;
  let k = 0;
  while (k < s.length - 2 && s[k + 1]!.z < p[2]) k++;
  const t = (p[2] - s[k]!.z) / (s[k + 1]!.z - s[k]!.z);
  const i = (p[0] - s[k]!.x0) / pet.columnSpacing;
  const j = (p[1] - s[k]!.y0) / pet.rowSpacing;
  if (i < 0 || j < 0 || i > pet.columns - 1 || j > pet.rows - 1) return undefined;
  const i0 = Math.min(Math.floor(i), pet.columns - 2);
  const j0 = Math.min(Math.floor(j), pet.rows - 2);
  const bilinear = (sl: PetTruth['slices'][number]) => {
    const v = (ii: number, jj: number) => sl.pixels[jj * pet.columns + ii]! * sl.suvPerStored + sl.offset;
    const fi = i - i0;
    const fj = j - j0;
    return (v(i0, j0) * (1 - fi) + v(i0 + 1, j0) * fi) * (1 - fj) + (v(i0, j0 + 1) * (1 - fi) + v(i0 + 1, j0 + 1) * fi) * fj;
  };
  const nearEdge = Math.min(i, j, pet.columns - 1 - i, pet.rows - 1 - j) < 0.01;
  return { suv: bilinear(s[k]!) * (1 - t) + bilinear(s[k + 1]!) * t, nearEdge };
}

/** Hot Iron, PS3.6 B.1.1: red 0, 2, … 254 then 255; green 0 up to entry 128, then 2, 4, …; blue 0 up to 191, then 4, 8, …; white last. */
export function hotIron(n: number): V3 {
  if (n === 255) return [255, 255, 255];
  return [n < 128 ? 2 * n : 255, n <= 128 ? 0 : 2 * (n - 128), n <= 191 ? 0 : 4 * (n - 191)];
}

export async function layerPixels(page: Page, position = 0): Promise<{ width: number; height: number; rgba: number[] }> {
  return page.locator(`[data-testid="viewport"][data-position="${position}"]`).getByTestId('fusion-layer').evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
    return { width: d.width, height: d.height, rgba: Array.from(d.data) };
  });
}

/**
 * Each CT pixel in view: its centre's patient point from the CT file's own geometry, its screen
 * pixel through the view transform (1:1, one image pixel per CSS pixel), and what `check` says of
 * the layer's RGBA there given the SUV computed here (undefined: outside the PET).
 */
export function comparePixels(layer: { width: number; height: number; rgba: number[] }, probe: ViewportProbe, ct: Json, pet: PetTruth, check: (rgba: number[], suv: number | undefined) => boolean) {
  const ipp = [0, 1, 2].map((a) => numberOf(ct, '00200032', a)) as V3;
  const iop = [0, 1, 2, 3, 4, 5].map((a) => numberOf(ct, '00200037', a));
  const [rowSp, colSp] = [numberOf(ct, '00280030', 0), numberOf(ct, '00280030', 1)];
  let compared = 0;
  let wrong = 0;
  let outside = 0;
  let hot = 0;
  const examples: string[] = [];
  for (let r = 0; r < numberOf(ct, '00280010'); r++)
    for (let c = 0; c < numberOf(ct, '00280011'); c++) {
      const [x, y] = imageToScreen(probe.transform!, probe.size, [(c + 0.5) * colSp, (r + 0.5) * rowSp]).map(Math.floor) as [number, number];
      if (x < 0 || y < 0 || x >= layer.width || y >= layer.height) continue;
      const p = [0, 1, 2].map((a) => ipp[a]! + c * colSp * iop[a]! + r * rowSp * iop[3 + a]!) as V3;
      const sample = suvAt(pet, p);
      if (sample?.nearEdge) continue; // on the PET's last voxel centres: either answer is right
      const at = 4 * (y * layer.width + x);
      const rgba = layer.rgba.slice(at, at + 4);
      compared++;
      if (!sample) outside++;
      else if (sample.suv > 2) hot++;
      if (!check(rgba, sample?.suv)) {
        wrong++;
        if (examples.length < 5) examples.push(`(${c},${r}) SUV ${sample?.suv.toFixed(4) ?? '—'}: ${rgba.join(',')}`);
      }
    }
  return { compared, wrong, outside, hot, examples };
}

/**
 * What a poll compares: how many pixels are wrong, and the first few of them, with the viewport's
 * view as it is now (the tool bars' height may have changed the viewport since it was last read).
 */
export async function mismatches(page: Page, ct: Json, pet: PetTruth, check: (rgba: number[], suv: number | undefined) => boolean, position = 0): Promise<{ wrong: number; examples: string[] }> {
  const probe = await viewportProbe(page, position);
  const { wrong, examples } = comparePixels(await layerPixels(page, position), probe, ct, pet, check);
  return { wrong, examples };
}

/** The colour entries an SUV may take in the window: the nearest, or either neighbour when it sits on a rounding boundary. */
export function entries(suv: number, min: number, max: number): number[] {
  const x = Math.min(255, Math.max(0, ((suv - min) / (max - min)) * 255));
  const frac = x - Math.floor(x);
  return Math.abs(frac - 0.5) < 0.01 ? [Math.floor(x), Math.ceil(x)] : [Math.round(x)];
}
export const near = (a: number[], b: number[]) => a.every((v, i) => Math.abs(v - b[i]!) <= 1);

/** The generated PET/CT phantom, imported into the e2e server's cache; `remove` deletes both. */
export interface PetCtPhantom {
  dir: string;
  studyInstanceUid: string;
  seriesUid(key: 'ct' | 'pet'): string;
  folderOf(key: 'ct' | 'pet'): string;
  /** The CT slices' headers (dcm2json). */
  ctHeaders(): Promise<Json[]>;
  remove(): void;
}

export function importPetCtPhantom(): PetCtPhantom {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lightbox-fusion-e2e-'));
  lightboxCli(['generate', '--out', dir, '--preset', 'petct']);
  const manifest = JSON.parse(readFileSync(path.join(dir, 'lightbox-phantom.json'), 'utf8')) as { studies: Array<{ studyInstanceUid: string; series: Array<{ key: string; folder: string; seriesInstanceUid: string }> }> };
  const study = manifest.studies[0]!;
  const series = (key: string) => study.series.find((s) => s.key === key)!;
  const folderOf = (key: string) => path.join(dir, series(key).folder);
  cache(['import', dir]);
  return {
    dir,
    studyInstanceUid: study.studyInstanceUid,
    seriesUid: (key) => series(key).seriesInstanceUid,
    folderOf,
    ctHeaders: () => Promise.all(readdirSync(folderOf('ct')).filter((f) => f.endsWith('.dcm')).map(async (f) => (await dcm2json(path.join(folderOf('ct'), f))) as Json)),
    remove: () => {
      rmSync(dir, { recursive: true, force: true });
      cache(['cache', 'delete', study.studyInstanceUid, '--reason', 'e2e cleanup']);
    },
  };
}

/** A study's CT series as the e2e tests find it on screen: its slices' SOP Instance UIDs. */
export interface CtOnScreen {
  studyInstanceUid: string;
  ctSeriesUid: string;
  ctSops: readonly string[];
}

/**
 * The study opened in the stack viewports (the PET/CT protocol may open the PET's MIP beside
 * them: closed), with the CT in the first viewport on the slice `ctSop`: the CT series dropped
 * there when the protocol put another series first, then stepped through from the first slice;
 * `oneToOne`: then shown at one image pixel per CSS pixel ('o').
 */
export async function openOnCtSlice(page: Page, study: CtOnScreen, ctSop: string, options: { oneToOne?: boolean } = {}): Promise<void> {
  await page.goto(launchUrl(`StudyInstanceUID=${study.studyInstanceUid}`));
  const close = page.getByTestId('mpr-close');
  await expect(close.or(page.getByTestId('fusion-controls'))).toBeVisible({ timeout: 30_000 });
  if (await close.isVisible()) await close.click();
  await expect(page.getByTestId('fusion-controls')).toBeVisible();
  let probe = await waitForViewport(page, 0);
  if (!study.ctSops.includes(probe.sopInstanceUid!)) {
    await page.getByTestId('viewport').first().click();
    await page.locator(`[data-testid="series-thumb"][data-series="${study.ctSeriesUid}"]`).click();
  }
  await page.getByTestId('viewport').first().click();
  await page.keyboard.press('Home');
  for (let i = 0; i < study.ctSops.length; i++) {
    probe = await waitForViewport(page, 0, (p) => p.index === i);
    if (probe.sopInstanceUid === ctSop) break;
    await page.keyboard.press('ArrowDown');
  }
  if (options.oneToOne) await page.keyboard.press('o');
  await waitForViewport(page, 0, (p) => p.sopInstanceUid === ctSop && (!options.oneToOne || Math.abs(p.transform!.scale * p.pixelSpacing![1] - 1) < 1e-9));
}

/** The phantom's CT as `openOnCtSlice` takes it, from its slices' headers. */
export function phantomCt(phantom: PetCtPhantom, cts: Json[]): CtOnScreen {
  return { studyInstanceUid: phantom.studyInstanceUid, ctSeriesUid: phantom.seriesUid('ct'), ctSops: cts.map((ds) => String(value(ds, '00080018'))) };
}
