import { expect, test, type Page } from '@playwright/test';
import { petCtDroTruth } from '../electron/node/synthetic/petCtDro';
import { imageToScreen } from '../renderer/common/viewing/viewTransform';
import { importPetCtPhantom, numberOf, openOnCtSlice, phantomCt, value, type Json, type V3 } from './support/petFusionOracle';
import { viewportProbe } from './support/viewerProbe';

// SUV tools on a PET fused over its CT (issue 20, items 5 and 1), on the PET/CT reference object,
// whose spheres each hold one known SUVbw voxel by voxel. The expected values come from the
// generator's specification (petCtDroTruth: sphere centres, diameters, SUVs, the patient's weight),
// never from what the viewer computed: the sphere tool drawn inside the largest sphere must report
// its SUV as SUVmax and SUVmean (within 1 %), the probe shows the CT's HU and the PET's SUV at one
// point, and overriding the weight scales the SUV by new/old weight, marked "SUV (edited)".

const truth = petCtDroTruth();
// The largest sphere (37 mm): a tool sphere of 8 mm radius within 2 mm of its centre lies wholly inside it.
const sphere = truth.spheres.reduce((a, b) => (b.diameterMm > a.diameterMm ? b : a));

/** Page coordinates of a patient point on the CT image shown in viewport 0 (its plane through the CT's own geometry). */
async function pagepoint(page: Page, ct: Json, p: V3): Promise<{ x: number; y: number }> {
  const probe = await viewportProbe(page, 0);
  const ipp = [0, 1, 2].map((a) => numberOf(ct, '00200032', a));
  const [rowSp, colSp] = [numberOf(ct, '00280030', 0), numberOf(ct, '00280030', 1)];
  // Axial CT (row direction +x, column direction +y): image-plane mm from the top-left corner.
  const mm: [number, number] = [p[0] - ipp[0]! + colSp / 2, p[1] - ipp[1]! + rowSp / 2];
  const [sx, sy] = imageToScreen(probe.transform!, probe.size, mm);
  const box = (await page.getByTestId('viewport').first().boundingBox())!;
  return { x: box.x + sx, y: box.y + sy };
}

const within1Percent = (actual: number, expected: number) => expect(Math.abs(actual / expected - 1), `${actual} vs ${expected}`).toBeLessThan(0.01);

test('SUV sphere and probe on a fused PET/CT: the spheres\' known SUVs, HU and SUV together, and a weight override scaling SUV', async ({ page }) => {
  test.setTimeout(180_000);
  const phantom = importPetCtPhantom();
  try {
    const cts = await phantom.ctHeaders();
    // The CT slice nearest the sphere's centre.
    const ct = cts.reduce((best, ds) => (Math.abs(numberOf(ds, '00200032', 2) - sphere.centre[2]) < Math.abs(numberOf(best, '00200032', 2) - sphere.centre[2]) ? ds : best));
    const ctSop = String(value(ct, '00080018'));
    const ctZ = numberOf(ct, '00200032', 2);
    expect(Math.abs(ctZ - sphere.centre[2])).toBeLessThanOrEqual(1.25);

    await page.setViewportSize({ width: 1280, height: 800 });
    await openOnCtSlice(page, phantomCt(phantom, cts), ctSop);
    await page.getByTestId('fusion-series').selectOption(phantom.seriesUid('pet'));
    await expect(page.getByTestId('viewport').first().locator('[data-testid="fusion-layer"]')).toHaveAttribute('data-unit', 'SUVbw');
    await expect(page.getByTestId('suv-edited')).toHaveCount(0);

    // The sphere tool: centre at the sphere's centre projected on this CT plane, dragged out 8 mm.
    await page.locator('[data-tool="suvSphere"]').click();
    const centre: V3 = [sphere.centre[0], sphere.centre[1], ctZ];
    const a = await pagepoint(page, ct, centre);
    const b = await pagepoint(page, ct, [centre[0] + 8, centre[1], ctZ]);
    await page.mouse.move(a.x, a.y);
    await page.mouse.down();
    await page.mouse.move(b.x, b.y, { steps: 6 });
    await page.mouse.up();
    const region = page.getByTestId('viewport').first().locator('[data-testid="suv-region"][data-kind="suvSphere"]');
    await expect(region).toHaveCount(1);
    await expect(region).toHaveAttribute('data-suv-mean', /\d/);
    const read = async (attr: string) => Number(await region.getAttribute(attr));
    within1Percent(await read('data-suv-max'), sphere.suv);
    within1Percent(await read('data-suv-mean'), sphere.suv);
    within1Percent(await read('data-suv-peak'), sphere.suv);
    // Threshold 41 % of SUVmax (typed in the selected sphere's field): the whole tool sphere is above it, so MTV = its volume, TLG = MTV × SUV.
    await page.getByTestId('suv-threshold').fill('41%');
    await page.getByTestId('suv-threshold').press('Enter');
    await expect.poll(async () => Math.abs((await read('data-threshold-suv')) - 0.41 * sphere.suv) / sphere.suv, { timeout: 5_000 }).toBeLessThan(0.01);
    const mtv = await read('data-mtv-ml');
    expect(mtv).toBeGreaterThan((((4 / 3) * Math.PI * 8 ** 3) / 1000) * 0.8);
    within1Percent(await read('data-tlg'), mtv * sphere.suv);
    await expect(region.getByTestId('suv-label')).toContainText('SUVmax');

    // The SUV ROI: an ellipse 12 mm across inside the sphere on this plane, from the PET slice the plane falls in.
    await page.locator('[data-tool="suvRoi"]').click();
    const c0 = await pagepoint(page, ct, [centre[0] - 6, centre[1] - 6, ctZ]);
    const c1 = await pagepoint(page, ct, [centre[0] + 6, centre[1] + 6, ctZ]);
    await page.mouse.move(c0.x, c0.y);
    await page.mouse.down();
    await page.mouse.move(c1.x, c1.y, { steps: 6 });
    await page.mouse.up();
    const roi = page.getByTestId('viewport').first().locator('[data-testid="suv-region"][data-kind="suvRoi"]');
    await expect(roi).toHaveAttribute('data-suv-mean', /\d/);
    within1Percent(Number(await roi.getAttribute('data-suv-max')), sphere.suv);
    within1Percent(Number(await roi.getAttribute('data-suv-mean')), sphere.suv);
    expect(Number(await roi.getAttribute('data-voxels'))).toBeGreaterThan(5);

    // The probe at the same point: the CT's HU and the PET's SUV there.
    await page.locator('[data-tool="probe"]').click();
    await page.mouse.click(a.x, a.y);
    const probeLabel = page.getByTestId('viewport').first().locator('[data-kind="probe"] [data-testid="measurement-label"]').last();
    await expect(probeLabel).toContainText(`${sphere.hu.toFixed(1)} HU`);
    await expect(probeLabel).toContainText('SUVbw');
    within1Percent(Number(/SUVbw (\d+\.\d+)/.exec((await probeLabel.textContent()) ?? '')?.[1]), sphere.suv);

    // Override the weight: SUV scales by new/old weight, and the fused viewport says "SUV (edited)".
    const newWeight = 90;
    await page.getByTestId('suv-inputs').click();
    await expect(page.getByTestId('suv-override-weight')).toHaveAttribute('placeholder', String(truth.patient.weightKg));
    await page.getByTestId('suv-override-weight').fill(String(newWeight));
    await page.getByTestId('suv-override-save').click();
    await expect(page.getByTestId('suv-overrides-dialog')).toHaveCount(0);
    await expect(page.getByTestId('viewport').first().getByTestId('suv-edited')).toHaveText('SUV (edited)');
    const scaled = (sphere.suv * newWeight) / truth.patient.weightKg;
    await expect.poll(async () => Math.abs(Number(await region.getAttribute('data-suv-mean')) / scaled - 1), { timeout: 15_000 }).toBeLessThan(0.01);
    within1Percent(await read('data-suv-max'), scaled);
    await expect(region.getByTestId('suv-label')).toContainText('SUV (edited)');
    await expect(probeLabel).toContainText('SUV (edited)');
    within1Percent(Number(/SUVbw (\d+\.\d+)/.exec((await probeLabel.textContent()) ?? '')?.[1]), scaled);

    // Removing the override restores the header's SUV.
    await page.getByTestId('suv-inputs').click();
    await page.getByTestId('suv-override-clear').click();
    await expect(page.getByTestId('suv-edited')).toHaveCount(0);
    await expect.poll(async () => Math.abs(Number(await region.getAttribute('data-suv-mean')) / sphere.suv - 1), { timeout: 15_000 }).toBeLessThan(0.01);
  } finally {
    phantom.remove();
  }
});
