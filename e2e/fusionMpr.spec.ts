import { expect, test, type Page } from '@playwright/test';
import type { Vec3 } from '../electron/common/dicom/geometry/vec3';
import type { MprPlaneName } from '../renderer/common/mpr/mprGeometry';
import { rotateOthers, type MprState } from '../renderer/common/mpr/mprState';
import { launchUrl } from './support/browserModeServer';
import { readView, setMprState, waitForMpr } from './support/mprProbe';
import { entries, hotIron, importPetCtPhantom, mismatches, near, readPet, suvAt, value, type Json, type PetTruth } from './support/petFusionOracle';
import { waitForViewport } from './support/viewerProbe';

// PET fused over the MPR planes, standard and oblique (issue 20, item 3), and one fusion for the
// reading room: display 1's fusion settings followed by display 2. On the PET/CT reference object
// (a PET on a grid unlike its CT's), each fused pixel of a plane view is checked against the colour
// of the SUV this test computes itself at that pixel's centre: the patient point from the plane's
// axes, the crosshair and the view's scale (not the app's mapping), the SUV from the PET files read
// with dcmtk, trilinear between slices, and the colour map's published rule.

type Check = (rgba: number[], suv: number | undefined) => boolean;

/** One plane view's fusion canvas, with what maps its pixels to the screen. */
async function readFusionPlane(page: Page, plane: MprPlaneName) {
  const read = await page.evaluate((name) => {
    const view = document.querySelector(`[data-testid="mpr-${name}"]`)!;
    const box = view.getBoundingClientRect();
    const c = view.querySelector<HTMLCanvasElement>('[data-testid="mpr-fusion-layer"]')!;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
    let binary = '';
    for (let i = 0; i < d.data.length; i += 0x8000) binary += String.fromCharCode(...d.data.subarray(i, i + 0x8000));
    return { size: { width: box.width, height: box.height }, width: d.width, height: d.height, rgba: btoa(binary), block: Number(c.dataset.block), mmPerPixel: window.__lightboxMpr!.planes[name]!.screen.mmPerPixel };
  }, plane);
  return { ...read, rgba: new Uint8Array(Buffer.from(read.rgba, 'base64')) };
}
type FusionPlane = Awaited<ReturnType<typeof readFusionPlane>>;

/** The patient point under a screen point of a plane view, from the state's axes and the view's scale. */
function patientAt(s: MprState, plane: MprPlaneName, view: { size: { width: number; height: number }; mmPerPixel: number }, x: number, y: number): Vec3 {
  const { right, down } = s.planes[plane];
  const [panX, panY] = s.views[plane].pan;
  const u = (x - view.size.width / 2) * view.mmPerPixel - panX;
  const v = (y - view.size.height / 2) * view.mmPerPixel - panY;
  return [0, 1, 2].map((k) => s.center[k]! + right[k]! * u + down[k]! * v) as Vec3;
}

/** Within a hair of the PET's first or last slice, or of its row/column edge: either answer is right. */
function onPetEdge(pet: PetTruth, p: Vec3, sample: ReturnType<typeof suvAt>): boolean {
  const z = [pet.slices[0]!.z, pet.slices.at(-1)!.z];
  return !!sample?.nearEdge || z.some((e) => Math.abs(p[2] - e) < 0.01);
}

/** Each fused sample of a plane view against the SUV computed here at its centre. */
function comparePlane(pet: PetTruth, s: MprState, plane: MprPlaneName, view: FusionPlane, check: Check) {
  let compared = 0;
  let hot = 0;
  let outside = 0;
  const examples: string[] = [];
  let wrong = 0;
  for (let y = 0; y < view.height; y++)
    for (let x = 0; x < view.width; x++) {
      const p = patientAt(s, plane, view, (x + 0.5) * view.block, (y + 0.5) * view.block);
      const sample = suvAt(pet, p);
      if (onPetEdge(pet, p, sample)) continue;
      const at = 4 * (y * view.width + x);
      const rgba = Array.from(view.rgba.subarray(at, at + 4));
      compared++;
      if (!sample) outside++;
      else if (sample.suv > 2) hot++;
      if (!check(rgba, sample?.suv)) {
        wrong++;
        if (examples.length < 5) examples.push(`(${x},${y}) at ${p.map((v) => v.toFixed(1)).join(',')} SUV ${sample?.suv.toFixed(4) ?? '—'}: ${rgba.join(',')}`);
      }
    }
  return { compared, hot, outside, wrong, examples };
}

const hotIronOpaque = (min: number, max: number): Check => (rgba, suv) => (suv === undefined ? rgba[3] === 0 : rgba[3] === 255 && entries(suv, min, max).some((n) => near(rgba.slice(0, 3), hotIron(n))));
const greyInverted = (min: number, max: number): Check => (rgba, suv) => (suv === undefined ? rgba[3] === 0 : rgba[3] === 255 && entries(suv, min, max).some((n) => near(rgba.slice(0, 3), [255 - n, 255 - n, 255 - n])));

/** Waits until a plane view's fusion matches `check` everywhere; returns the last comparison. */
async function expectPlane(page: Page, pet: PetTruth, s: MprState, plane: MprPlaneName, check: Check) {
  await expect(page.getByTestId(`mpr-${plane}`).getByTestId('mpr-fusion-layer')).toHaveAttribute('data-painted', /^\d/, { timeout: 30_000 });
  await expect
    .poll(async () => {
      const { wrong, examples } = comparePlane(pet, s, plane, await readFusionPlane(page, plane), check);
      return { wrong, examples };
    }, { timeout: 15_000, message: `${plane}: fused pixels` })
    .toEqual({ wrong: 0, examples: [] });
  return comparePlane(pet, s, plane, await readFusionPlane(page, plane), check);
}

/** Back to the stack viewports if a protocol opened a reformat; then the fusion controls are there. */
async function toStacks(page: Page): Promise<void> {
  const close = page.getByTestId('mpr-close');
  await expect(close.or(page.getByTestId('viewport').first())).toBeVisible({ timeout: 30_000 });
  if (await close.isVisible()) await close.click();
  await expect(page.getByTestId('fusion-controls')).toBeVisible({ timeout: 30_000 });
}

/** The position of the stack viewport showing one of these CT slices (the CT put in the first if none does). */
async function ctViewport(page: Page, cts: Json[], ctSeries: string): Promise<number> {
  const sops = cts.map((ds) => String(value(ds, '00080018')));
  const showing = async () => page.evaluate((list) => Object.values(window.__lightboxViewer?.viewports ?? {}).find((v) => v && v.frameLoaded && list.includes(v.sopInstanceUid ?? ''))?.position, sops);
  await expect.poll(async () => (await showing()) !== undefined, { timeout: 10_000 }).toBe(true).catch(() => undefined);
  const found = await showing();
  if (found !== undefined) return found;
  await viewportOf(page, 0).click();
  await page.locator(`[data-testid="series-thumb"][data-series="${ctSeries}"]`).click();
  await waitForViewport(page, 0, (p) => sops.includes(p.sopInstanceUid ?? ''));
  return 0;
}

const viewportOf = (page: Page, position: number) => page.locator(`[data-testid="viewport"][data-position="${position}"]`);

test('a PET fused over the sagittal and an oblique MPR plane is the colour of its SUV at each pixel; display 2 follows display 1', async ({ context }) => {
  test.setTimeout(300_000);
  const phantom = importPetCtPhantom();
  try {
    const pet = await readPet(phantom.folderOf('pet'), phantom.dir);
    const cts = await phantom.ctHeaders();
    const ctSeries = phantom.seriesUid('ct');
    const petSeries = phantom.seriesUid('pet');
    // The crosshair on the PET's hottest voxel (a sphere), found here from the PET's files.
    let hottest = { suv: -Infinity, p: [0, 0, 0] as Vec3 };
    for (const sl of pet.slices)
      sl.pixels.forEach((stored, i) => {
        const suv = stored * sl.suvPerStored + sl.offset;
        if (suv > hottest.suv) hottest = { suv, p: [sl.x0 + (i % pet.columns) * pet.columnSpacing, sl.y0 + Math.floor(i / pet.columns) * pet.rowSpacing, sl.z] };
      });
    expect(hottest.suv).toBeGreaterThan(2);

    const one = await context.newPage();
    const two = await context.newPage();
    for (const page of [one, two]) await page.setViewportSize({ width: 1280, height: 800 });
    await two.goto(launchUrl('display=2'));
    await expect(two.locator('.display-badge')).toHaveText('Display 2');
    await one.goto(launchUrl(`display=1&StudyInstanceUID=${phantom.studyInstanceUid}`));
    await toStacks(one);
    await toStacks(two);

    // Display 1: MPR of the CT, the PET fused, opaque (the colours read back exactly).
    const cell = await ctViewport(one, cts, ctSeries);
    await viewportOf(one, cell).click();
    await one.locator('[data-reformat="mpr-1x3"]').click();
    const opened = await waitForMpr(one);
    await expect(one.getByTestId('fusion-controls')).toBeVisible();
    await one.getByTestId('fusion-series').selectOption(petSeries);
    await expect(one.getByTestId('mpr-sagittal').getByTestId('mpr-fusion-layer')).toHaveAttribute('data-unit', 'SUVbw', { timeout: 30_000 });
    await one.getByTestId('fusion-opacity').focus();
    await one.keyboard.press('End');
    await expect(one.getByTestId('fusion-opacity')).toHaveValue('100');

    const straight: MprState = { ...opened, center: hottest.p };
    await setMprState(one, straight);
    const sagittal = await expectPlane(one, pet, straight, 'sagittal', hotIronOpaque(0, 5));
    expect(sagittal.compared).toBeGreaterThan(20_000);
    expect(sagittal.hot).toBeGreaterThan(50); // sphere pixels
    expect(sagittal.outside).toBeGreaterThan(0); // the CT reaches beyond the PET

    // A double-oblique sagittal plane: turned about the axial and the coronal normals.
    const oblique = rotateOthers(rotateOthers(straight, 'axial', 25), 'coronal', -20);
    await setMprState(one, oblique);
    await expect(one.getByTestId('mpr-title-sagittal')).toContainText('(oblique)');
    const tilted = await expectPlane(one, pet, oblique, 'sagittal', hotIronOpaque(0, 5));
    expect(tilted.hot).toBeGreaterThan(50);
    await expectPlane(one, pet, oblique, 'coronal', hotIronOpaque(0, 5));

    // Half opacity: each screen pixel is the blend of the CT's grey (as the plane view draws it)
    // and the SUV's Hot Iron colour, at a few probed points in and around the sphere.
    await one.getByTestId('fusion-opacity').fill('50');
    await expect(one.getByTestId('fusion-opacity')).toHaveValue('50');
    await expectPlane(one, pet, oblique, 'sagittal', (rgba, suv) => (suv === undefined ? rgba[3] === 0 : rgba[3] === 128));
    const ctView = await readView(one, 'sagittal');
    const fusedView = await readFusionPlane(one, 'sagittal');
    const shot = await one.screenshot({ clip: { x: ctView.left, y: ctView.top, width: ctView.width, height: ctView.height } });
    const png = await one.evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const c = document.createElement('canvas');
      [c.width, c.height] = [img.width, img.height];
      const ctx = c.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      return { width: img.width, data: Array.from(ctx.getImageData(0, 0, img.width, img.height).data) };
    }, shot.toString('base64'));
    // The reference lines are drawn over the fusion: points near them are not probed.
    const lines = await one.locator('[data-testid="mpr-sagittal"] line[data-testid^="refline-"]').evaluateAll((ls) => ls.map((l) => ['x1', 'y1', 'x2', 'y2'].map((a) => Number(l.getAttribute(a)))));
    const nearLine = (x: number, y: number) =>
      lines.some(([x1, y1, x2, y2]) => Math.abs((x2! - x1!) * (y1! - y) - (x1! - x) * (y2! - y1!)) / Math.hypot(x2! - x1!, y2! - y1!) < 4);
    const [panX, panY] = oblique.views.sagittal.pan;
    let probed = 0;
    // A grid of points 3 mm apart around the crosshair (the sphere and the background around it).
    const offsets = Array.from({ length: 81 }, (_, n) => [3 * ((n % 9) - 4) + 1.3, 3 * (Math.floor(n / 9) - 4) + 0.7] as const);
    for (const [du, dv] of offsets) {
      // The screen pixel the point lies in, and the SUV at that pixel's centre (computed here).
      const x = Math.floor(fusedView.size.width / 2 + (du + panX) / fusedView.mmPerPixel);
      const y = Math.floor(fusedView.size.height / 2 + (dv + panY) / fusedView.mmPerPixel);
      const at = patientAt(oblique, 'sagittal', fusedView, x + 0.5, y + 0.5);
      const sample = suvAt(pet, at);
      if (!sample || onPetEdge(pet, at, sample) || nearLine(x + 0.5, y + 0.5)) continue;
      const ctGrey = ctView.rgba[4 * (y * ctView.width + x)]!;
      const screen = png.data.slice(4 * (y * png.width + x), 4 * (y * png.width + x) + 3);
      // Source-over at alpha 128/255: grey + (colour − grey) × 128/255, each channel (±1, and ±1 for the compositor's rounding).
      const ok = entries(sample.suv, 0, 5).some((n) => hotIron(n).every((c, k) => Math.abs(screen[k]! - (ctGrey + ((c - ctGrey) * 128) / 255)) <= 2));
      expect(ok, `blend at (${x},${y}) SUV ${sample.suv.toFixed(3)}, CT grey ${ctGrey}: ${screen.join(',')}`).toBe(true);
      probed++;
    }
    expect(probed).toBeGreaterThan(20);

    // A slab: the PET is sampled on the slab's centre plane, and the legend says so.
    await setMprState(one, { ...oblique, slab: { thickness: 10, mode: 'mip' } });
    await expect(one.getByTestId('mpr-sagittal').getByTestId('fusion-legend-note')).toContainText("slab's centre plane");
    await setMprState(one, oblique);

    // Display 2 fused the same series itself.
    await expect(two.getByTestId('fusion-series')).toHaveValue(petSeries, { timeout: 30_000 });
    const twoCell = await ctViewport(two, cts, ctSeries);
    await viewportOf(two, twoCell).click();
    await two.keyboard.press('o');
    const probe = await waitForViewport(two, twoCell, (p) => Math.abs(p.transform!.scale * p.pixelSpacing![1] - 1) < 1e-9);
    const ct = cts.find((ds) => value(ds, '00080018') === probe.sopInstanceUid)!;
    await expect(viewportOf(two, twoCell).getByTestId('fusion-layer')).toHaveAttribute('data-unit', 'SUVbw', { timeout: 30_000 });
    await expect(two.getByTestId('fusion-opacity')).toHaveValue('50');
    await expect.poll(async () => mismatches(two, ct, pet, (rgba, suv) => (suv === undefined ? rgba[3] === 0 : rgba[3] === 128), twoCell), { timeout: 15_000 }).toEqual({ wrong: 0, examples: [] });

    // Colour map, window and opacity changed on display 1: display 2's fused viewport follows, and so do display 1's planes.
    await one.getByTestId('fusion-colormap').selectOption('greyInverted');
    await one.getByTestId('fusion-min').fill('1');
    await one.getByTestId('fusion-max').fill('3');
    await one.getByTestId('fusion-opacity').focus();
    await one.keyboard.press('End');
    await expect(two.getByTestId('fusion-colormap')).toHaveValue('greyInverted');
    await expect(two.getByTestId('fusion-min')).toHaveValue('1');
    await expect(two.getByTestId('fusion-max')).toHaveValue('3');
    await expect(two.getByTestId('fusion-opacity')).toHaveValue('100');
    await expect.poll(async () => mismatches(two, ct, pet, greyInverted(1, 3), twoCell), { timeout: 15_000 }).toEqual({ wrong: 0, examples: [] });
    await expectPlane(one, pet, oblique, 'sagittal', greyInverted(1, 3));

    // Fusion off on display 1: off on display 2.
    await one.getByTestId('fusion-series').selectOption('');
    await expect(two.getByTestId('fusion-series')).toHaveValue('');
    await expect(two.getByTestId('fusion-layer')).toHaveCount(0);
    await expect(one.getByTestId('mpr-fusion-layer')).toHaveCount(0);
  } finally {
    phantom.remove();
  }
});

