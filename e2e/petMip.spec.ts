import { expect, test, type Page } from '@playwright/test';
import { launchUrl } from './support/browserModeServer';
import { importPetCtPhantom, numberOf, readPet, value, type PetTruth, type V3 } from './support/petFusionOracle';
import type { PetMipProbe } from '../renderer/browser/pet/petMipTestHooks';
import type { ViewportProbe } from '../renderer/browser/viewing/viewerTestHooks';

// The rotating PET MIP of the PET/CT protocol (issue 20, item 4), on the PET/CT reference object
// (spheres of known SUV). The MIP turns; a click on the hottest sphere's projection finds the
// hottest voxel of the line that pixel shows, which this test finds itself in the PET as dcmtk
// reads it (headers with dcm2json, pixels with dcmdump +W, SUVbw from those headers); every stack
// viewport then shows the slice nearest that voxel, by the slice positions dcmtk reads.

/**
 * The voxels a line crosses, in order along its direction, each with its SUV: the line sampled every
 * 0.02 mm, each sample in the voxel whose centre is nearest along each axis (x, y by the pixel
 * spacing, z by the nearest slice).
 */
function voxelsAlong(pet: PetTruth, origin: V3, direction: V3): Array<{ centre: V3; suv: number }> {
  const n = Math.hypot(...direction);
  const u = direction.map((d) => d / n) as V3;
  const out: Array<{ centre: V3; suv: number; key: string }> = [];
  const zs = pet.slices.map((s) => s.z);
  for (let t = -600; t <= 600; t += 0.02) {
    const p = origin.map((o, a) => o + t * u[a]!) as V3;
    if (p[2] < zs[0]! - 1.635 || p[2] > zs.at(-1)! + 1.635) continue;
    let k = 0;
    for (let m = 1; m < zs.length; m++) if (Math.abs(zs[m]! - p[2]) < Math.abs(zs[k]! - p[2])) k = m;
    const s = pet.slices[k]!;
    const i = Math.round((p[0] - s.x0) / pet.columnSpacing);
    const j = Math.round((p[1] - s.y0) / pet.rowSpacing);
    if (i < 0 || j < 0 || i >= pet.columns || j >= pet.rows) continue;
    const key = `${i},${j},${k}`;
    if (out.at(-1)?.key === key) continue;
    out.push({ key, centre: [s.x0 + i * pet.columnSpacing, s.y0 + j * pet.rowSpacing, s.z], suv: s.pixels[j * pet.columns + i]! * s.suvPerStored + s.offset });
  }
  return out;
}

const mip = (page: Page) => page.evaluate(() => {
  const h = window.__lightboxPetMip!;
  return { angle: h.angle, frames: h.frames, playing: h.playing, picked: h.picked, ...(h.view ? h.view() : {}) } as Omit<PetMipProbe, 'view' | 'read' | 'element'> & ReturnType<NonNullable<PetMipProbe['view']>>;
});
const mipPixels = async (page: Page) => {
  const px = await page.evaluate(() => window.__lightboxPetMip!.read!()!);
  return { ...px, rgba: new Uint8Array(Buffer.from(px.rgbaBase64, 'base64')) };
};

test('the PET MIP turns; a click finds the hottest voxel of its line and every stack goes to its slice', async ({ page }) => {
  test.setTimeout(240_000);
  const phantom = importPetCtPhantom();
  try {
    const pet = await readPet(phantom.folderOf('pet'), phantom.dir);
    const ctZ = new Map((await phantom.ctHeaders()).map((ds) => [String(value(ds, '00080018')), numberOf(ds, '00200032', 2)] as const));
    const petZ = new Map(pet.slices.map((s) => [s.sop, s.z] as const));

    await page.setViewportSize({ width: 1400, height: 800 });
    await page.goto(launchUrl(`StudyInstanceUID=${phantom.studyInstanceUid}`));
    // The PET/CT protocol hangs: stack viewports and the MIP in one grid (no 3D workspace).
    const cell = page.getByTestId('pet-mip');
    await expect(cell).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('mpr-close')).toHaveCount(0);
    await expect(page.getByTestId('viewport').first()).toBeVisible();

    // It turns: the angle advances frame by frame and the picture changes.
    await expect.poll(async () => (await mip(page)).playing, { timeout: 30_000 }).toBe(true);
    const before = await mip(page);
    const first = await mipPixels(page);
    await expect.poll(async () => (await mip(page)).frames, { timeout: 20_000 }).toBeGreaterThanOrEqual(before.frames + 3);
    const later = await mip(page);
    expect(later.angle).not.toBe(before.angle);
    const second = await mipPixels(page);
    let changed = 0;
    for (let i = 0; i < first.rgba.length; i += 4) if (Math.abs(first.rgba[i]! - second.rgba[i]!) > 10) changed++;
    expect(changed).toBeGreaterThan(100);
    await expect(page.getByTestId('pet-mip-angle')).toHaveText(/^\d+°$/);

    // The stacks to their first slice (far from the spheres), so that the click has to move them.
    await page.getByTestId('viewport').first().click();
    await page.keyboard.press('Home');
    await expect.poll(async () => page.evaluate(() => window.__lightboxViewer!.viewports[0]?.index)).toBe(0);

    // Paused, then a click on the projection of the hottest sphere's centre (SUV 8).
    await page.getByTestId('pet-mip-play').click();
    await expect.poll(async () => (await mip(page)).playing).toBe(false);
    const still = await mip(page);
    const camera = still.camera!;
    const size = still.size;
    const sphere: V3 = [57, 0, -4];
    const mmPerPixel = (2 * camera.parallelScale) / size.height;
    const rel = sphere.map((c, a) => c - camera.focal[a]!) as V3;
    const dotv = (a: V3, b: V3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    const pixel: [number, number] = [Math.round(size.width / 2 + dotv(rel, camera.right) / mmPerPixel), Math.round(size.height / 2 - dotv(rel, camera.up) / mmPerPixel)];
    const box = (await cell.boundingBox())!;
    await page.mouse.click(box.x + pixel[0] + 0.5, box.y + pixel[1] + 0.5);
    await expect.poll(async () => !!(await mip(page)).picked, { timeout: 10_000 }).toBe(true);
    const picked = (await mip(page)).picked!;

    // The line cast is the clicked pixel's, along the direction of projection.
    expect(picked.ray.direction.map((d, a) => Math.abs(d - camera.direction[a]!)).every((d) => d < 1e-9)).toBe(true);
    const offset = picked.ray.origin.map((c, a) => c - camera.focal[a]!) as V3;
    expect(Math.abs(dotv(offset, camera.right) / mmPerPixel + size.width / 2 - (pixel[0] + 0.5))).toBeLessThan(1);
    expect(Math.abs(size.height / 2 - dotv(offset, camera.up) / mmPerPixel - (pixel[1] + 0.5))).toBeLessThan(1);

    // The hottest voxel of that line, as this test finds it: the sphere's SUV, and the picked voxel one of the hottest.
    const along = voxelsAlong(pet, picked.ray.origin, picked.ray.direction);
    expect(along.length).toBeGreaterThan(20);
    const hottest = Math.max(...along.map((v) => v.suv));
    expect(hottest).toBeCloseTo(8, 1);
    const match = along.find((v) => v.centre.every((c, a) => Math.abs(c - picked.point[a]!) < 1e-3));
    expect(match, `picked ${picked.point.join(', ')} is not a voxel of the line`).toBeDefined();
    expect(Math.abs(match!.suv - hottest)).toBeLessThan(1e-4 * hottest);
    expect(Math.abs(picked.value - match!.suv)).toBeLessThan(1e-4 * hottest);
    await expect(page.getByTestId('pet-mip-mark')).toBeVisible();

    // Every stack viewport: the slice nearest the point (PET: its own slice; CT: within half a CT step).
    const misplaced = async () =>
      (Object.values(await page.evaluate(() => window.__lightboxViewer!.viewports)) as ViewportProbe[]).flatMap((p) => {
        const ownPet = petZ.has(p.sopInstanceUid ?? '');
        const z = ownPet ? petZ.get(p.sopInstanceUid!) : ctZ.get(p.sopInstanceUid ?? '');
        if (z === undefined) return [`viewport ${p.position}: an image of neither series`];
        const nearest = [...(ownPet ? petZ : ctZ).values()].reduce((b, c) => (Math.abs(c - picked.point[2]) < Math.abs(b - picked.point[2]) ? c : b));
        return z === nearest ? [] : [`viewport ${p.position}: z ${z}, nearest ${nearest}`];
      });
    await expect.poll(misplaced, { timeout: 15_000 }).toEqual([]);
    expect(Object.keys(await page.evaluate(() => window.__lightboxViewer!.viewports)).length).toBeGreaterThanOrEqual(2);

    // What the MIP drew at the clicked pixel: the inverted grey of the line's maximum (SUV 0–10 white to black).
    const drawn = await mipPixels(page);
    const scaleX = drawn.width / size.width;
    const at = 4 * (Math.floor((pixel[1] + 0.5) * scaleX) * drawn.width + Math.floor((pixel[0] + 0.5) * scaleX));
    expect(Math.abs(drawn.rgba[at]! - 255 * (1 - hottest / 10))).toBeLessThan(25);
  } finally {
    phantom.remove();
  }
});
