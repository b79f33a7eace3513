import { expect, test } from '@playwright/test';
import { viewportProbe } from './support/viewerProbe';
import { comparePixels, entries, hotIron, importPetCtPhantom, layerPixels, mismatches, near, numberOf, openOnCtSlice, phantomCt, readPet, value } from './support/petFusionOracle';

// PET fused over CT in the stack viewer (issue 20, item 3), on the PET/CT reference object: a PET
// on a grid, spacing and origin unlike its CT's. The fusion layer's pixels are checked against the
// colour of an SUV this test computes itself: the PET read with dcmtk (headers with dcm2json, pixels
// with dcmdump +W), SUVbw from those headers, trilinear interpolation at the CT pixel's centre from
// the CT's own Image Position/Orientation and Pixel Spacing, and the Hot Iron palette's rule (PS3.6 B.1.1).

test('a PET fused on the CT: each pixel is the Hot Iron colour of the SUV at that CT pixel, PET-only in inverted grey', async ({ page }) => {
  test.setTimeout(180_000);
  const phantom = importPetCtPhantom();
  try {
    const pet = await readPet(phantom.folderOf('pet'), phantom.dir);
    // A CT slice through the spheres (centres at z = −4 and 6 mm).
    const cts = await phantom.ctHeaders();
    const ct = cts.reduce((best, ds) => (Math.abs(numberOf(ds, '00200032', 2) - 5) < Math.abs(numberOf(best, '00200032', 2) - 5) ? ds : best));
    const ctSop = String(value(ct, '00080018'));

    await page.setViewportSize({ width: 1280, height: 800 });
    // The CT in the first viewport, on the slice through the spheres (the PET/CT protocol's MIP closed), at 1:1.
    await openOnCtSlice(page, phantomCt(phantom, cts), ctSop, { oneToOne: true });

    await page.getByTestId('fusion-series').selectOption(phantom.seriesUid('pet'));
    // The first viewport's (the PET/CT protocol's fused viewport shows the same CT slice, position-linked).
    const layer = page.getByTestId('viewport').first().locator(`[data-testid="fusion-layer"][data-sop="${ctSop}"]`);
    await expect(layer).toHaveCount(1);
    await expect(layer).toHaveAttribute('data-unit', 'SUVbw');
    // Each poll waits up to 30 s: the study hangs in the PET/CT protocol, whose MIP turns beside, and on
    // two cores with software GL a read-back then takes seconds. The colours are tested, not the time.
    // The default: Hot Iron, SUV 0–5, half opacity.
    await expect(page.getByTestId('fusion-colormap')).toHaveValue('hotIron');
    await expect(page.getByTestId('fusion-min')).toHaveValue('0');
    await expect(page.getByTestId('fusion-max')).toHaveValue('5');
    await expect
      .poll(async () => mismatches(page, ct, pet, (rgba, suv) => (suv === undefined ? rgba[3] === 0 : rgba[3] === 128)), { timeout: 30_000 })
      .toEqual({ wrong: 0, examples: [] });

    // Opaque (the colours read back exactly): each pixel the Hot Iron entry of its SUV.
    await page.getByTestId('fusion-opacity').focus();
    await page.keyboard.press('End');
    await expect(page.getByTestId('fusion-opacity')).toHaveValue('100');
    const hotIronCheck = (rgba: number[], suv: number | undefined) =>
      suv === undefined ? rgba[3] === 0 : rgba[3] === 255 && entries(suv, 0, 5).some((n) => near(rgba.slice(0, 3), hotIron(n)));
    await expect.poll(async () => mismatches(page, ct, pet, hotIronCheck), { timeout: 30_000 }).toEqual({ wrong: 0, examples: [] });
    const fused = comparePixels(await layerPixels(page), await viewportProbe(page, 0), ct, pet, hotIronCheck);
    expect(fused.examples).toEqual([]);
    expect(fused.compared).toBeGreaterThan(40_000);
    expect(fused.hot).toBeGreaterThan(100); // sphere pixels
    expect(fused.outside).toBeGreaterThan(0); // the CT reaches beyond the PET

    // PET alone in inverted grey: SUV 0 white, SUV 5 and above black, opaque; outside the PET black.
    await page.getByTestId('fusion-pet-only').check();
    const greyCheck = (rgba: number[], suv: number | undefined) =>
      suv === undefined ? near(rgba, [0, 0, 0, 255]) : rgba[3] === 255 && entries(suv, 0, 5).some((n) => near(rgba.slice(0, 3), [255 - n, 255 - n, 255 - n]));
    await expect.poll(async () => mismatches(page, ct, pet, greyCheck), { timeout: 30_000 }).toEqual({ wrong: 0, examples: [] });

    // Another window, SUV 1–3: the same values stretched over the whole colour map.
    await page.getByTestId('fusion-pet-only').uncheck();
    await page.getByTestId('fusion-min').fill('1');
    await page.getByTestId('fusion-max').fill('3');
    await expect
      .poll(async () => mismatches(page, ct, pet, (rgba, suv) => (suv === undefined ? rgba[3] === 0 : entries(suv, 1, 3).some((n) => near(rgba.slice(0, 3), hotIron(n))))), { timeout: 30_000 })
      .toEqual({ wrong: 0, examples: [] });
  } finally {
    phantom.remove();
  }
});
