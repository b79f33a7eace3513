import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { GENERATE_PRESETS, generateSyntheticStudies, type GeneratedManifest } from '../electron/node/synthetic/generateSyntheticStudies';
import type { Vec3 } from '../electron/common/dicom/geometry/vec3';
import { patientToVoxel, voxelToPatient, type MprPlaneName, type VolumeGeometry } from '../renderer/common/mpr/mprGeometry';
import { MPR_PLANES, type MprState } from '../renderer/common/mpr/mprState';
import { E2E_DATA_DIR, launchUrl } from './support/browserModeServer';
import { brightBlob, demoPhantom, expectedScreen, grayAt, mmPerPixel, readView, setMprState, waitForMpr, type PhantomObject, type ViewPixels } from './support/mprProbe';
import { waitForViewport } from './support/viewerProbe';

// MPR and 3D on the synthetic demo (96×96 × 5 mm "tiny" chest phantom): objects of known size at
// known patient coordinates must appear where the geometry puts them, in standard and oblique
// planes and in tilted and oblique acquisitions; slabs must equal the CPU's projection.

const VOXEL_MM = 3.75;

/** The CLI on the e2e server's data folder (a cache is shared safely between processes). */
function lightboxCli(args: string[]): string {
  return execFileSync(process.execPath, [path.resolve(import.meta.dirname, '../bin/lightbox.js'), '--data-dir', E2E_DATA_DIR, ...args], { encoding: 'utf8' });
}
const LUNG = { center: -600, width: 1500 };

async function openMpr(page: Page, seriesTitle: string, layout: 'mpr-1x3' | 'mpr-2x2' = 'mpr-1x3'): Promise<MprState> {
  const { studyUid } = demoPhantom();
  await page.goto(launchUrl(`StudyInstanceUID=${studyUid}`));
  await waitForViewport(page, 0);
  await page.locator(`[data-testid="series-thumb"][title="${seriesTitle}"]`).click();
  await page.locator(`[data-reformat="${layout}"]`).click();
  return waitForMpr(page);
}

const geometry = (page: Page): Promise<VolumeGeometry> => page.evaluate(() => window.__lightboxMpr!.geometry!);
const state = (page: Page): Promise<MprState> => page.evaluate(() => window.__lightboxMpr!.state!);
const add = (a: Vec3, b: Vec3, s = 1): Vec3 => [a[0] + b[0] * s, a[1] + b[1] * s, a[2] + b[2] * s];

/** Puts the crosshair beside the nodule, in the plane: the nodule's centre lies in that plane, off the view's middle. */
async function besideNodule(page: Page, plane: MprPlaneName, nodule: Vec3): Promise<MprState> {
  const s = await state(page);
  const { right, down } = s.planes[plane];
  const next = { ...s, window: LUNG, center: add(add(nodule, right, 12), down, -9) };
  await setMprState(page, next);
  return next;
}

/** Finds the nodule in a view where the geometry says it is (within one voxel), and returns the blob. */
async function findNodule(page: Page, s: MprState, plane: MprPlaneName, nodule: Vec3, radiusMm: number) {
  const view = await readView(page, plane);
  const mm = await mmPerPixel(page, plane);
  const expected = expectedScreen(s, plane, mm, view, nodule);
  const blob = brightBlob(view, expected, (radiusMm * 2.5) / mm, 160);
  expect(blob.count, `${plane}: nothing bright near the nodule's place`).toBeGreaterThan(4);
  const off = Math.hypot(blob.x - expected[0], blob.y - expected[1]) * mm;
  expect(off, `${plane}: the nodule is ${off.toFixed(1)} mm from where the geometry puts it`).toBeLessThanOrEqual(VOXEL_MM);
  return { blob, view, mm };
}

/** Measures the blob's width with the length tool (dragging across it) and reads the label in mm. */
async function measureAcross(page: Page, view: ViewPixels, blob: { y: number; left: number; right: number }): Promise<number> {
  await page.locator('[data-mpr-tool="length"]').click();
  const y = view.top + blob.y;
  await page.mouse.move(view.left + blob.left - 0.5, y);
  await page.mouse.down();
  await page.mouse.move(view.left + blob.right + 0.5, y, { steps: 4 });
  await page.mouse.up();
  const text = await page.locator('[data-testid="mpr-measurement"] text').last().textContent();
  await page.locator('[data-mpr-tool="crosshair"]').click();
  return Number(/([\d.]+) mm/.exec(text ?? '')![1]);
}

test.describe('MPR and 3D', () => {
  // MPR measurements are kept with the study: each test starts from none on the demo study.
  test.beforeEach(async ({ page }) => {
    const { studyUid } = demoPhantom();
    await page.goto(launchUrl());
    const cleared = await page.request.put(`/api/studies/${studyUid}/annotations`, { data: { studyInstanceUid: studyUid, volumeMeasurements: [] } });
    expect(cleared.ok()).toBe(true);
  });

  test.setTimeout(180_000);

  test('dragging the crosshair 50 px lands where a 50 px click does, and wheel-down goes to the feet as in the stack viewer', async ({ page }) => {
    await page.setViewportSize({ width: 1500, height: 900 });
    const start = await openMpr(page, 'Axial 5mm Soft Tissue');
    const box = (await page.getByTestId('mpr-axial').boundingBox())!;
    const mm = await mmPerPixel(page, 'axial');
    const c = expectedScreen(start, 'axial', mm, box, start.center);
    const [x0, y0] = [box.x + c[0], box.y + c[1]];
    // A click 50 px right of the crosshair.
    await page.mouse.click(x0 + 50, y0);
    const clicked = (await state(page)).center;
    expect(clicked[0] - start.center[0], 'a 50 px click').toBeCloseTo(50 * mm, 0);
    // Back, then the same 50 px as a drag in small steps (it ran to the volume's edge).
    await setMprState(page, start);
    await page.mouse.move(x0, y0);
    await page.mouse.down();
    await page.mouse.move(x0 + 50, y0, { steps: 10 });
    await page.mouse.up();
    const dragged = (await state(page)).center;
    expect(dragged[0], 'the drag ends where the click did').toBeCloseTo(clicked[0], 1);
    expect(dragged[1]).toBeCloseTo(clicked[1], 1);
    // Wheel-down in the axial view: one slice towards the feet (−z), as the stack viewer's next image.
    await setMprState(page, start);
    await page.mouse.move(x0, y0);
    await page.mouse.wheel(0, 100);
    await expect.poll(async () => (await state(page)).center[2] - start.center[2]).toBeLessThan(0);
  });

  test('standard and double-oblique planes show a nodule where its coordinates put it, and measure its diameter in mm', async ({ page }) => {
    await page.setViewportSize({ width: 1500, height: 900 });
    await openMpr(page, 'Axial 5mm Soft Tissue');
    const nodule = demoPhantom().objects.find((o) => o.name === 'nodule B')!;
    const center = nodule.center as Vec3;
    const letters = async (p: string) => Promise.all(['left', 'right', 'top', 'bottom'].map((e) => page.getByTestId(`mpr-marker-${p}-${e}`).textContent()));
    expect(await letters('axial')).toEqual(['R', 'L', 'A', 'P']);
    expect(await letters('coronal')).toEqual(['R', 'L', 'H', 'F']);
    expect(await letters('sagittal')).toEqual(['A', 'P', 'H', 'F']);

    for (const plane of MPR_PLANES) {
      const s = await besideNodule(page, plane, center);
      const { blob, view } = await findNodule(page, s, plane, center, nodule.radius!);
      if (plane === 'axial') {
        const length = await measureAcross(page, view, blob);
        expect(Math.abs(length - 2 * nodule.radius!), `axial diameter ${length} mm`).toBeLessThanOrEqual(VOXEL_MM);
      }
    }

    // Double oblique: turn the coronal and sagittal planes 30° in the axial view, then 20° in the coronal view, with the rotate tool.
    await page.locator('[data-mpr-tool="rotate"]').click();
    for (const [plane, degrees] of [['axial', 30], ['coronal', -20]] as const) {
      const s = await state(page);
      const el = page.getByTestId(`mpr-${plane}`);
      const box = (await el.boundingBox())!;
      const mm = await mmPerPixel(page, plane);
      const c = expectedScreen(s, plane, mm, box, s.center);
      const r = 120;
      await page.mouse.move(box.x + c[0] + r, box.y + c[1]);
      await page.mouse.down();
      for (let k = 1; k <= 6; k++) {
        const a = ((degrees * k) / 6) * (Math.PI / 180);
        await page.mouse.move(box.x + c[0] + r * Math.cos(a), box.y + c[1] + r * Math.sin(a));
      }
      await page.mouse.up();
    }
    await page.locator('[data-mpr-tool="crosshair"]').click();
    const oblique = await state(page);
    const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    expect(Math.abs(dot(oblique.planes.coronal.normal, [0, 1, 0]))).toBeLessThan(0.95);
    expect(Math.abs(oblique.planes.sagittal.normal[2])).toBeGreaterThan(0.2);
    for (const a of MPR_PLANES) for (const b of MPR_PLANES) if (a < b) expect(Math.abs(dot(oblique.planes[a].normal, oblique.planes[b].normal))).toBeLessThan(1e-6);
    await expect(page.getByTestId('mpr-title-coronal')).toContainText('oblique');
    // Oblique letters: each edge reads the mix of directions it now faces.
    expect((await letters('sagittal')).some((l) => (l ?? '').length > 1)).toBe(true);

    for (const plane of ['coronal', 'sagittal'] as const) {
      const s = await besideNodule(page, plane, center);
      const { blob, view } = await findNodule(page, s, plane, center, nodule.radius!);
      if (plane === 'coronal') {
        const length = await measureAcross(page, view, blob);
        expect(Math.abs(length - 2 * nodule.radius!), `double-oblique coronal diameter ${length} mm`).toBeLessThanOrEqual(VOXEL_MM);
      }
    }
  });

  for (const series of ['Axial 5mm Gantry Tilt 15deg', 'Double Oblique 4mm']) {
    test(`${series}: the volume is placed as acquired and the nodule is where it is in the patient`, async ({ page }) => {
      await page.setViewportSize({ width: 1500, height: 900 });
      await openMpr(page, series);
      const g = await geometry(page);
      // The largest nodule this acquisition covers (the oblique slab does not reach them all).
      const inside = (o: PhantomObject) => patientToVoxel(g, o.center as Vec3).every((v, i) => v > 2 && v < g.dimensions[i]! - 3);
      const nodule = demoPhantom()
        .objects.filter((o) => o.kind === 'sphere' && o.radius! >= 6 && inside(o))
        .sort((a, b) => b.radius! - a.radius!)[0];
      expect(nodule, `a nodule inside the ${series} volume`).toBeDefined();
      const center = nodule!.center as Vec3;
      if (series.includes('Tilt')) await expect(page.getByTestId('mpr-notice')).toContainText('Gantry tilt 15.0°: slices placed as acquired');
      for (const plane of MPR_PLANES) {
        const s = await besideNodule(page, plane, center);
        await findNodule(page, s, plane, center, nodule!.radius!);
      }
    });
  }

  test('a slab MIP of 5 slices equals the maximum over those slices computed here', async ({ page }) => {
    await page.setViewportSize({ width: 1500, height: 900 });
    await openMpr(page, 'Axial 5mm Soft Tissue');
    const g = await geometry(page);
    const { samples, rescale } = await page.evaluate(() => ({ samples: Array.from(window.__lightboxMpr!.volume!.samples), rescale: window.__lightboxMpr!.volume!.rescale }));
    const nodule = demoPhantom().objects.find((o) => o.name === 'nodule B')!;
    const k0 = Math.round(patientToVoxel(g, nodule.center as Vec3)[2]);
    const win = { center: 0, width: 2000 };
    const s = await state(page);
    const centerVoxel: Vec3 = [Math.round(g.dimensions[0] / 2), Math.round(g.dimensions[1] / 2), k0];
    await setMprState(page, { ...s, window: win, interpolation: 'nearest', center: voxelToPatient(g, centerVoxel), slab: { thickness: 4 * g.spacing[2], mode: 'mip' } });
    const view = await readView(page, 'axial');
    const mm = await mmPerPixel(page, 'axial');
    const now = await state(page);
    const [nx, ny] = g.dimensions;
    const value = (i: number, j: number, k: number) => samples[(k * ny + j) * nx + i]! * rescale.slope + rescale.intercept;
    const gray = (hu: number) => Math.max(0, Math.min(255, ((hu - (win.center - win.width / 2)) / win.width) * 255));
    let compared = 0;
    let beyond = 0;
    let differsFromSlice = 0;
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const [x, y] = expectedScreen(now, 'axial', mm, view, voxelToPatient(g, [i, j, k0]));
        if (x < 1 || y < 1 || x > view.width - 2 || y > view.height - 2) continue;
        let max = -Infinity;
        for (let k = k0 - 2; k <= k0 + 2; k++) max = Math.max(max, value(i, j, k));
        const shown = grayAt(view, x, y);
        compared++;
        if (Math.abs(shown - gray(max)) > 2) beyond++;
        if (Math.abs(gray(max) - gray(value(i, j, k0))) > 2) differsFromSlice++;
      }
    expect(compared).toBeGreaterThan(nx * ny * 0.9);
    // The slab shows more than its middle slice (the comparison can fail), and equals the CPU's maximum.
    expect(differsFromSlice).toBeGreaterThan(20);
    expect(beyond / compared, `${beyond} of ${compared} voxels differ by more than 2 gray levels`).toBeLessThanOrEqual(0.002);
  });

  test('angle and ellipse ROI in an MPR view: degrees in the plane, and the nodule’s HU statistics', async ({ page }) => {
    await page.setViewportSize({ width: 1500, height: 900 });
    await openMpr(page, 'Axial 5mm Soft Tissue');
    const nodule = demoPhantom().objects.find((o) => o.name === 'nodule B')!;
    const s = await state(page);
    await setMprState(page, { ...s, center: nodule.center as Vec3, window: LUNG });
    const box = (await page.getByTestId('mpr-axial').boundingBox())!;
    const mm = await mmPerPixel(page, 'axial');
    const [cx, cy] = expectedScreen(await state(page), 'axial', mm, box, nodule.center as Vec3).map((v, i) => v + (i ? box.y : box.x));
    // An ellipse of 5 mm radius inside the 9 mm nodule (50 HU in the -850 HU lung).
    await page.locator('[data-mpr-tool="ellipse"]').click();
    const r = 5 / mm;
    await page.mouse.move(cx! - r, cy! - r);
    await page.mouse.down();
    await page.mouse.move(cx! + r, cy! + r, { steps: 4 });
    await page.mouse.up();
    const roi = await page.locator('[data-testid="mpr-measurement"][data-kind="ellipse"] text').first().textContent();
    const [, area, mean] = /([\d.]+) mm² · mean (-?[\d.]+) SD/.exec(roi ?? '')!.map(Number);
    expect(Math.abs(area! - Math.PI * 25) / (Math.PI * 25), `ROI: ${roi}`).toBeLessThan(0.1);
    expect(Math.abs(mean! - nodule.hu), `ROI: ${roi}`).toBeLessThanOrEqual(15);
    // An angle clicked as a right angle at the nodule's centre.
    await page.locator('[data-mpr-tool="angle"]').click();
    await page.mouse.click(cx! + 80, cy!);
    await page.mouse.click(cx!, cy!);
    await page.mouse.click(cx!, cy! + 80);
    await expect(page.locator('[data-testid="mpr-measurement"][data-kind="angle"] text').first()).toHaveText('90.0°');
    // Kept with the study: after a reload the series' MPR shows them again (stack measurements untouched).
    const { studyUid } = demoPhantom();
    const savedKinds = async () => ((await (await page.request.get(`/api/studies/${studyUid}/annotations`)).json()).volumeMeasurements ?? []).map((m: { kind: string }) => m.kind).sort();
    await expect.poll(savedKinds).toEqual(['angle', 'ellipse']);
    await page.reload();
    await page.locator('[data-testid="series-thumb"][title="Axial 5mm Soft Tissue"]').click();
    await page.locator('[data-reformat="mpr-1x3"]').click();
    await waitForMpr(page);
    await setMprState(page, { ...(await state(page)), center: nodule.center as Vec3, window: LUNG });
    await expect(page.locator('[data-testid="mpr-measurement"][data-kind="ellipse"] text').first()).toHaveText(roi!);
  });

  test.afterAll(async ({ browser }) => {
    // Leave the demo study as the other specs expect it (no MPR measurements).
    const page = await browser.newPage();
    const { studyUid } = demoPhantom();
    await page.goto(launchUrl());
    await page.request.put(`/api/studies/${studyUid}/annotations`, { data: { studyInstanceUid: studyUid, volumeMeasurements: [] } });
    await page.close();
  });

  test('1×3 MPR + 3D read one volume texture', async ({ page }) => {
    await page.addInitScript(() => {
      const allocations: Array<{ width: number; height: number; depth: number; internalFormat: number }> = [];
      (window as unknown as { __textures3d: typeof allocations }).__textures3d = allocations;
      const proto = WebGL2RenderingContext.prototype;
      const texImage3D = proto.texImage3D as (...args: unknown[]) => void;
      proto.texImage3D = function (this: WebGL2RenderingContext, ...args: unknown[]) {
        allocations.push({ internalFormat: args[2] as number, width: args[3] as number, height: args[4] as number, depth: args[5] as number });
        return texImage3D.apply(this, args);
      } as typeof proto.texImage3D;
      const texStorage3D = proto.texStorage3D;
      proto.texStorage3D = function (this: WebGL2RenderingContext, target: number, levels: number, internalFormat: number, width: number, height: number, depth: number) {
        allocations.push({ internalFormat, width, height, depth });
        return texStorage3D.call(this, target, levels, internalFormat, width, height, depth);
      };
    });
    await page.setViewportSize({ width: 1500, height: 900 });
    await openMpr(page, 'Axial 5mm Soft Tissue', 'mpr-2x2');
    const g = await geometry(page);
    await expect.poll(() => page.evaluate(() => !!window.__lightboxMpr!.threeD?.atRest()), { timeout: 30_000 }).toBe(true);
    const view3d = await readView(page, '3d');
    let lit = 0;
    for (let i = 0; i < view3d.rgba.length; i += 4) if (view3d.rgba[i]! + view3d.rgba[i + 1]! + view3d.rgba[i + 2]! > 60) lit++;
    expect(lit, 'the 3D view shows the bone').toBeGreaterThan(500);
    // The layout changes (the views are made anew) and back: still the same texture.
    await page.locator('[data-mpr-layout="mpr-1x3"]').click();
    await page.locator('[data-mpr-layout="mpr-2x2"]').click();
    await expect.poll(() => page.evaluate(() => !!window.__lightboxMpr!.threeD?.atRest()), { timeout: 30_000 }).toBe(true);
    await readView(page, 'axial');
    const textures = await page.evaluate(() => (window as unknown as { __textures3d: Array<{ width: number; height: number; depth: number }> }).__textures3d);
    const volumes = textures.filter((t) => t.depth > 1);
    expect(volumes, JSON.stringify(textures)).toHaveLength(1);
    expect([volumes[0]!.width, volumes[0]!.height, volumes[0]!.depth]).toEqual(g.dimensions);
  });

  // These add to the cache: a chest series of their own (1.4 mm voxels), removed again afterwards,
  // so that the other specs see the demo set as it was.
  test.describe.serial('on a chest series imported for these tests', () => {
    let chest: GeneratedManifest | undefined;
    let dir: string | undefined;
    test.beforeAll(async () => {
      test.setTimeout(120_000);
      dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-cpr-'));
      chest = await generateSyntheticStudies({ outDir: dir, preset: GENERATE_PRESETS.chest!, onlySeries: ['axial-soft-thin'], currentOnly: true, seed: 'cpr-e2e' });
      lightboxCli(['import', path.join(dir, chest.studies[0]!.folder)]);
    });
    test.afterAll(async () => {
      if (chest) lightboxCli(['cache', 'delete', chest.studies[0]!.studyInstanceUid, '--reason', 'e2e cleanup']);
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    test('curved MPR along the phantom’s curved vessel: a straight band of the vessel’s width, the centerline its length', async ({ page }) => {
      const manifest = chest!;
      const vessel = manifest.studies[0]!.phantom.find((o) => o.kind === 'arc-tube') as { center: Vec3; arcRadius: number; angles: [number, number]; tubeRadius: number };
      const expectedLength = vessel.arcRadius * Math.abs(vessel.angles[1] - vessel.angles[0]);
      await page.setViewportSize({ width: 1500, height: 1000 });
      await page.goto(launchUrl(`StudyInstanceUID=${manifest.studies[0]!.studyInstanceUid}`));
      await waitForViewport(page, 0);
      await page.locator('[data-reformat="mpr-1x3"]').click();
      const s = await waitForMpr(page);
      // The arc lies in the coronal plane through its centre: put the crosshair there, lung window.
      await setMprState(page, { ...s, center: vessel.center, window: LUNG });
      await page.locator('[data-mpr-tool="curve"]').click();
      const box = (await page.getByTestId('mpr-coronal').boundingBox())!;
      const mm = await mmPerPixel(page, 'coronal');
      const now = await state(page);
      const clicks = Array.from({ length: 9 }, (_, i) => {
        const t = vessel.angles[0] + ((vessel.angles[1] - vessel.angles[0]) * i) / 8;
        return expectedScreen(now, 'coronal', mm, box, [vessel.center[0] + vessel.arcRadius * Math.cos(t), vessel.center[1], vessel.center[2] + vessel.arcRadius * Math.sin(t)]);
      });
      for (const [x, y] of clicks) await page.mouse.click(box.x + x, box.y + y);
      await page.mouse.dblclick(box.x + clicks.at(-1)![0], box.y + clicks.at(-1)![1]);
      await expect(page.getByTestId('cpr-straightened')).toBeVisible();

      const lengthText = await page.getByTestId('cpr-straightened-length').textContent();
      const measured = Number(/([\d.]+) mm/.exec(lengthText ?? '')![1]);
      expect(Math.abs(measured - expectedLength) / expectedLength, `centerline ${measured} mm, the vessel ${expectedLength.toFixed(1)} mm`).toBeLessThanOrEqual(0.02);

      const image = await page.evaluate(() => {
        const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="cpr-straightened-image"]')!;
        const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        return { width: canvas.width, height: canvas.height, gray: Array.from(data.filter((_, i) => i % 4 === 0)), mm: Number(canvas.dataset.reformatMm) };
      });
      // Half way between lung (-850) and vessel (350) in the lung window.
      const threshold = ((-250 - (LUNG.center - LUNG.width / 2)) / LUNG.width) * 255;
      const widths: number[] = [];
      const centres: number[] = [];
      for (let r = Math.round(image.height * 0.15); r < image.height * 0.85; r++) {
        const row = image.gray.slice(r * image.width, (r + 1) * image.width);
        // The bright run at (or nearest) the middle: the vessel, not the soft tissue at the lung's edge.
        const middle = Math.round((image.width - 1) / 2);
        let seed = middle;
        for (let d = 0; d < image.width / 4 && row[seed]! <= threshold; d++) seed = row[middle + d]! > threshold ? middle + d : middle - d;
        let from = seed;
        let to = seed;
        while (from > 0 && row[from - 1]! > threshold) from--;
        while (to < image.width - 1 && row[to + 1]! > threshold) to++;
        widths.push(row[seed]! > threshold ? (to - from + 1) * image.mm : 0);
        centres.push((from + to) / 2);
      }
      const voxel = 360 / 256;
      for (const w of widths) expect(Math.abs(w - 2 * vessel.tubeRadius), `band ${w.toFixed(2)} mm wide`).toBeLessThanOrEqual(voxel);
      const middle = (image.width - 1) / 2;
      for (const c of centres) expect(Math.abs(c - middle) * image.mm, 'the band runs straight down the middle (within a voxel: the clicked line is not the exact axis)').toBeLessThanOrEqual(voxel);
      // The cross-section follows the cursor along the straightened view.
      const cpr = (await page.getByTestId('cpr-straightened').boundingBox())!;
      const before = await page.getByTestId('cpr-cross-section').textContent();
      await page.mouse.move(cpr.x + cpr.width / 2, cpr.y + cpr.height * 0.25);
      await expect(page.getByTestId('cpr-cross-section')).not.toHaveText(before ?? '');
      await expect(page.getByTestId('cpr-cross-section')).toContainText('mm along the line');
    });

    test('a view saved to the study is a Secondary Capture of what is shown, in the same patient and study', async ({ page }) => {
      await page.setViewportSize({ width: 1500, height: 900 });
      const studyUid = chest!.studies[0]!.studyInstanceUid;
      await page.goto(launchUrl(`StudyInstanceUID=${studyUid}`));
      await waitForViewport(page, 0);
      await page.locator('[data-reformat="mpr-1x3"]').click();
      await waitForMpr(page);
      await page.getByTestId('mpr-coronal').click();
      await page.locator('[data-export="capture"]').click();
      await expect(page.getByTestId('mpr-export-notice')).toContainText('Saved to the study as a Secondary Capture: "Lightbox Coronal snapshot"');
      const shown = await readView(page, 'coronal');
      const stored = await page.evaluate(async (uid) => {
        const token = new URL(location.href).searchParams.get('token') ?? '';
        void token;
        const series = (await (await fetch(`/dicomweb/studies/${uid}/series`)).json()) as Array<Record<string, { Value?: unknown[] }>>;
        const sc = series.find((s) => s['0008103E']?.Value?.[0] === 'Lightbox Coronal snapshot');
        if (!sc) return undefined;
        const seriesUid = String(sc['0020000E']!.Value![0]);
        const meta = (await (await fetch(`/dicomweb/studies/${uid}/series/${seriesUid}/metadata`)).json()) as Array<Record<string, { Value?: unknown[] }>>;
        const m = meta[0]!;
        return { modality: m['00080060']?.Value?.[0], sopClass: m['00080016']?.Value?.[0], rows: m['00280010']?.Value?.[0], columns: m['00280011']?.Value?.[0], patient: m['00100020']?.Value?.[0], study: m['0020000D']?.Value?.[0] };
      }, studyUid);
      expect(stored).toMatchObject({ modality: 'OT', sopClass: '1.2.840.10008.5.1.4.1.1.7', rows: shown.height, columns: shown.width, study: studyUid });
    });
  });

  test('3D: dragging a point of the opacity curve over the histogram changes what the rendering shows', async ({ page }) => {
    await page.setViewportSize({ width: 1500, height: 900 });
    await openMpr(page, 'Axial 5mm Soft Tissue', 'mpr-2x2');
    const lit = async () => {
      await expect.poll(() => page.evaluate(() => !!window.__lightboxMpr!.threeD?.atRest()), { timeout: 30_000 }).toBe(true);
      const v = await readView(page, '3d');
      let n = 0;
      for (let i = 0; i < v.rgba.length; i += 4) if (v.rgba[i]! + v.rgba[i + 1]! + v.rgba[i + 2]! > 60) n++;
      return n;
    };
    const bone = await lit();
    await page.getByTestId('tf-toggle').click();
    await expect(page.getByTestId('tf-editor')).toBeVisible();
    // CT bone: opacity 0 up to 150 HU. Pull that point down to soft-tissue values and up: soft tissue appears.
    const point = (await page.getByTestId('tf-point').nth(1).boundingBox())!;
    const editor = (await page.getByTestId('tf-editor').locator('svg').boundingBox())!;
    await page.mouse.move(point.x + point.width / 2, point.y + point.height / 2);
    await page.mouse.down();
    await page.mouse.move(editor.x + editor.width * 0.3, editor.y + editor.height * 0.5, { steps: 3 });
    await page.mouse.up();
    const soft = await lit();
    expect(soft, `lit pixels: bone preset ${bone}, edited ${soft}`).toBeGreaterThan(bone * 1.5);
    // Standard views: from the patient's left, anterior is on the screen's left, and the cube shows its L face.
    await page.locator('[data-view="left"]').click();
    await expect(page.getByTestId('mpr-marker-3d-left')).toHaveText('A');
    await expect(page.getByTestId('mpr-marker-3d-right')).toHaveText('P');
    await expect(page.getByTestId('mpr-marker-3d-top')).toHaveText('H');
    await expect(page.locator('[data-testid="orientation-cube"] [data-face="L"] text')).toHaveText('L');
  });
});

