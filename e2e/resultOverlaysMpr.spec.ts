import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { Vec3 } from '../electron/common/dicom/geometry/vec3';
import type { MprPlaneName } from '../renderer/common/mpr/mprGeometry';
import { MPR_PLANES, type MprState } from '../renderer/common/mpr/mprState';
import { E2E_DATA_DIR, launchUrl } from './support/browserModeServer';
import { expectedScreen, setMprState, waitForMpr } from './support/mprProbe';
import { waitForViewport } from './support/viewerProbe';
import { missingHere } from '../testing/node/requiredInCi';
import { dcm2json, segOracle, storedValue, type SegOracle } from '../testing/node/segmentationOracle';

// A SEG switched on is drawn in the MPR planes too (issue 21): the ACRIN CT (135 slices) with its
// two-segment SEG. Each plane view's overlay is checked pixel by pixel against an independent
// decoding of the SEG (dcmtk's output, test code): a view pixel is painted exactly when the SEG
// frame nearest to its centre (within half the frame spacing) holds the nearest mask pixel.
const ACRIN = path.resolve(import.meta.dirname, '../../shared/dicom-samples/series/acrin-nsclc-fdg-pet-042');
const CT = path.join(ACRIN, 'CT');
const SEG_DIR = path.join(ACRIN, 'SEG_on_CT_2segments');
const RT = path.resolve(import.meta.dirname, '../../shared/dicom-samples/seg-sr/rt-utils/mock_data');

function lightboxCli(args: string[]): string {
  return execFileSync(process.execPath, [path.resolve(import.meta.dirname, '../bin/lightbox.js'), '--data-dir', E2E_DATA_DIR, ...args], { encoding: 'utf8' });
}

/** The SEG as the test reads it: per frame, its height, segment and set pixels; the grid it lies on. */
interface SegTruth {
  frames: Array<{ z: number; segment: number; set: Set<number> }>;
  origin: [number, number];
  spacing: [number, number];
  halfStep: number;
  rows: number;
  columns: number;
}

function truthOf(o: SegOracle): SegTruth {
  type Json = Record<string, { Value?: unknown[] }>;
  const measures = ((o.json['52009229']?.Value?.[0] as Json | undefined)?.['00289110']?.Value?.[0] ?? {}) as Json;
  const orientation = (((o.json['52009229']?.Value?.[0] as Json | undefined)?.['00209116']?.Value?.[0] ?? {}) as Json)['00200037']?.Value?.map(Number);
  expect(orientation).toEqual([1, 0, 0, 0, 1, 0]);
  const frames = Array.from({ length: o.frames }, (_, f) => {
    const set = new Set<number>();
    for (let p = 0; p < o.rows * o.columns; p++) if (storedValue(o, f, p)) set.add(p);
    return { z: o.framePositions[f]![2], segment: o.frameSegments[f]!, set };
  });
  const first = o.framePositions[0]!;
  return {
    frames,
    origin: [first[0], first[1]],
    spacing: (measures['00280030']?.Value ?? []).map(Number) as [number, number],
    halfStep: Number(measures['00180088']?.Value?.[0]) / 2,
    rows: o.rows,
    columns: o.columns,
  };
}

/** Whether the SEG covers a patient point (nearest frame within half a step, nearest pixel), segments `shown`. */
function covered(t: SegTruth, p: Vec3, shown: Set<number>): boolean {
  const c = Math.round((p[0] - t.origin[0]) / t.spacing[1]);
  const r = Math.round((p[1] - t.origin[1]) / t.spacing[0]);
  if (c < 0 || r < 0 || c >= t.columns || r >= t.rows) return false;
  let nearest = Infinity;
  for (const f of t.frames) nearest = Math.min(nearest, Math.abs(f.z - p[2]));
  if (nearest > t.halfStep) return false;
  return t.frames.some((f) => Math.abs(Math.abs(f.z - p[2]) - nearest) < 1e-3 && shown.has(f.segment) && f.set.has(r * t.columns + c));
}

/** One plane view's overlay canvas (alpha) and the mapping of its pixels, from the view's state and size (not the app's mapping). */
async function readPlane(page: Page, plane: MprPlaneName) {
  return page.evaluate((name) => {
    const view = document.querySelector(`[data-testid="mpr-${name}"]`)!;
    const box = view.getBoundingClientRect();
    const c = view.querySelector<HTMLCanvasElement>('[data-testid="mpr-seg-overlay"]')!;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
    return {
      size: { width: box.width, height: box.height },
      width: d.width,
      height: d.height,
      alpha: Array.from(d.data.filter((_, i) => i % 4 === 3)),
      painted: Number(c.dataset.painted),
      mmPerPixel: window.__lightboxMpr!.planes[name]!.screen.mmPerPixel,
    };
  }, plane);
}

/** Compares a plane view's painted pixels with the SEG: returns [wrong, painted] counts. */
function comparePlane(t: SegTruth, s: MprState, plane: MprPlaneName, view: Awaited<ReturnType<typeof readPlane>>, shown: Set<number>): [number, number] {
  const { right, down } = s.planes[plane];
  const [panX, panY] = s.views[plane].pan;
  let wrong = 0;
  let painted = 0;
  for (let y = 0; y < view.height; y++)
    for (let x = 0; x < view.width; x++) {
      const u = (x + 0.5 - view.size.width / 2) * view.mmPerPixel - panX;
      const v = (y + 0.5 - view.size.height / 2) * view.mmPerPixel - panY;
      const p: Vec3 = [0, 1, 2].map((k) => s.center[k]! + right[k]! * u + down[k]! * v) as Vec3;
      const is = view.alpha[y * view.width + x]! > 0;
      if (is) painted++;
      if (is !== covered(t, p, shown)) wrong++;
    }
  return [wrong, painted];
}

test.describe('results over MPR planes', () => {
  test.skip(missingHere(existsSync(ACRIN), 'the shared DICOM samples (../shared/dicom-samples)'), 'the shared samples are not beside the checkout');

  test('a SEG switched on is drawn in the axial, coronal and sagittal planes where its masks lie, and follows segment visibility', async ({ page }) => {
    test.setTimeout(240_000);
    const segFile = path.join(SEG_DIR, readdirSync(SEG_DIR).find((f) => f.endsWith('.dcm'))!);
    const study = String(((await dcm2json(segFile))['0020000D'] as { Value: string[] }).Value[0]);
    lightboxCli(['import', CT, segFile]);
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'lightbox-seg-mpr-e2e-'));
    try {
      const oracle = await segOracle(segFile, scratch);
      const truth = truthOf(oracle);
      // The crosshair at the middle of the largest mask: each of the three planes passes through it.
      const largest = truth.frames.reduce((a, b) => (b.set.size > a.set.size ? b : a));
      const pixels = [...largest.set];
      const mid = pixels[Math.floor(pixels.length / 2)]!;
      const center: Vec3 = [truth.origin[0] + (mid % truth.columns) * truth.spacing[1], truth.origin[1] + Math.floor(mid / truth.columns) * truth.spacing[0], largest.z];

      await page.setViewportSize({ width: 1280, height: 800 });
      await page.goto(launchUrl(`StudyInstanceUID=${study}`));
      await waitForViewport(page, 0);
      await page.getByTestId('toggle-results').click();
      await page.locator('[data-testid="result-item"][data-kind="seg"] input[type="checkbox"]').first().check();
      await page.getByRole('button', { name: 'Close results' }).click();
      await page.locator('[data-reformat="mpr-1x3"]').click();
      const opened = await waitForMpr(page);
      const state: MprState = { ...opened, center };
      await setMprState(page, state);

      const all = new Set(oracle.segments.keys());
      for (const plane of MPR_PLANES) {
        // The overlay is repainted on the frame after the state changes: wait until it shows the new plane.
        await expect(page.getByTestId(`mpr-${plane}`).getByTestId('mpr-seg-overlay')).toHaveAttribute('data-painted', /^\d/, { timeout: 30_000 });
        await expect.poll(async () => comparePlane(truth, state, plane, await readPlane(page, plane), all)[0], { timeout: 15_000, message: `${plane}: pixels painted where the SEG has none or unpainted where it has` }).toBe(0);
        const view = await readPlane(page, plane);
        const [, painted] = comparePlane(truth, state, plane, view, all);
        expect(painted, `${plane}: painted pixels`).toBeGreaterThan(10);
        expect(view.painted, `${plane}: painted count reported`).toBe(painted);
      }

      // Hiding the first segment in the Results panel hides it in the planes too.
      const [first, { label }] = [...oracle.segments][0]!;
      await page.getByTestId('toggle-results').click();
      await page.getByRole('checkbox', { name: `Show ${label}` }).uncheck();
      await page.getByRole('button', { name: 'Close results' }).click();
      const rest = new Set([...all].filter((n) => n !== first));
      for (const plane of MPR_PLANES) {
        await expect.poll(async () => comparePlane(truth, state, plane, await readPlane(page, plane), rest)[0], { timeout: 15_000 }).toBe(0);
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
      lightboxCli(['cache', 'delete', study, '--reason', 'e2e cleanup']);
    }
  });

  test('an RTSTRUCT switched on: contours on the axial plane as drawn, cut where the coronal plane crosses them', async ({ page }) => {
    test.setTimeout(120_000);
    const rt = path.join(RT, 'rt.dcm');
    type Item = Record<string, { Value?: unknown[] }>;
    const json = (await dcm2json(rt)) as Item;
    const study = String(json['0020000D']!.Value![0]);
    // The contours as dcm2json reads them (x, y, z triples); the mock data has them all on one slice.
    const contours = ((json['30060039']?.Value ?? []) as Item[]).flatMap((roi) => ((roi['30060040']?.Value ?? []) as Item[]).map((c) => (c['30060050']!.Value as number[]).map(Number)));
    const points = (flat: number[]): Vec3[] => Array.from({ length: flat.length / 3 }, (_, k) => flat.slice(3 * k, 3 * k + 3) as Vec3);
    const z = contours[0]![2]!;
    expect(contours.every((c) => points(c).every((p) => p[2] === z))).toBe(true);
    // A coronal plane through all of them: y inside every contour's y range.
    const y = Math.max(...contours.map((c) => Math.min(...points(c).map((p) => p[1])))) + 0.37;
    expect(contours.every((c) => Math.max(...points(c).map((p) => p[1])) > y)).toBe(true);
    // Where each contour's edges cross y (test code): the ends of its stretches on the coronal plane.
    const crossings = contours.map((c) => {
      const pts = points(c);
      return pts.flatMap((a, k) => {
        const b = pts[(k + 1) % pts.length]!;
        return a[1] > y === b[1] > y ? [] : [[a[0] + ((b[0] - a[0]) * (y - a[1])) / (b[1] - a[1]), y, z] as Vec3];
      });
    });
    lightboxCli(['import', path.join(RT, 'ct_1.dcm'), path.join(RT, 'ct_2.dcm'), rt]);
    try {
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.goto(launchUrl(`StudyInstanceUID=${study}`));
      await waitForViewport(page, 0);
      await page.getByTestId('toggle-results').click();
      await page.locator('[data-testid="result-item"][data-kind="rtstruct"] input[type="checkbox"]').first().check();
      await page.getByRole('button', { name: 'Close results' }).click();
      await page.locator('[data-reformat="mpr-1x3"]').click();
      const opened = await waitForMpr(page);
      const state: MprState = { ...opened, center: [opened.center[0], y, z] };
      await setMprState(page, state);

      const axial = page.getByTestId('mpr-axial').getByTestId('mpr-contour-overlay');
      await expect(axial).toHaveAttribute('data-contours', String(contours.length));
      await expect(axial.locator('[data-kind="outline"]')).toHaveCount(contours.length);
      const coronal = page.getByTestId('mpr-coronal').getByTestId('mpr-contour-overlay');
      await expect(coronal).toHaveAttribute('data-contours', String(contours.length));
      const drawn = await coronal.locator('[data-kind="segments"]').evaluateAll((paths) => paths.map((p) => p.getAttribute('d')!));
      const size = await page.getByTestId('mpr-coronal').evaluate((e) => ({ width: e.getBoundingClientRect().width, height: e.getBoundingClientRect().height }));
      const mm = await page.evaluate(() => window.__lightboxMpr!.planes.coronal!.screen.mmPerPixel);
      drawn.forEach((d, i) => {
        const got = (d.match(/-?[\d.]+(e-?\d+)?/g) ?? []).map(Number);
        const want = crossings[i]!.flatMap((p) => expectedScreen(state, 'coronal', mm, size, p));
        const pairs = (v: number[]) => Array.from({ length: v.length / 2 }, (_, k) => [v[2 * k]!, v[2 * k + 1]!]).sort((a, b) => a[0]! - b[0]!);
        expect(got.length, `contour ${i + 1}: stretch ends`).toBe(want.length);
        pairs(got).forEach((p, k) => {
          expect(p[0]).toBeCloseTo(pairs(want)[k]![0]!, 3);
          expect(p[1]).toBeCloseTo(pairs(want)[k]![1]!, 3);
        });
      });
      // Half a slice and more off the contours' plane: not on the axial view; the coronal cut stays.
      await setMprState(page, { ...state, center: [state.center[0], y, z + 2.6] });
      await expect(page.getByTestId('mpr-axial').getByTestId('mpr-contour-overlay')).toHaveCount(0);
      await expect(coronal).toHaveAttribute('data-contours', String(contours.length));
    } finally {
      lightboxCli(['cache', 'delete', study, '--reason', 'e2e cleanup']);
    }
  });
});
