import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { viewportProbe } from './support/viewerProbe';
import { imageToScreen } from '../renderer/common/viewing/viewTransform';
import { cache, importPetCtPhantom, layerPixels, numberOf, openOnCtSlice, value, type CtOnScreen, type PetCtPhantom } from './support/petFusionOracle';
import { handmadeRegistrationDump, movePetCopy, MOVED_PET_SERIES as MOVED_SERIES, MOVED_PET_SHIFT as SHIFT } from '../testing/node/movedPetPhantom';

// Fusion across Frames of Reference (issue 20, item 7), on the PET/CT reference object: a copy of
// its PET given another Frame of Reference UID and shifted by a known translation (rewritten with
// dcmodify) is refused over the CT with the reason; aligned by hand (the shift undone in the
// controls) it fuses exactly as the unmoved PET does; saved, the registration is a Lightbox REG
// series that re-applies when the study is re-opened; a Spatial Registration written by this test
// (dump2dcm), newer, then places it the same way.

interface Phantom extends CtOnScreen {
  phantom: PetCtPhantom;
  pet: string;
  ctFor: string;
}

/** The PET/CT phantom imported with its PET moved (a copy, another Frame of Reference, shifted; see movedPetPhantom). */
async function importMovedPhantom(): Promise<Phantom> {
  const phantom = importPetCtPhantom();
  try {
    const moved = path.join(phantom.dir, 'moved-pet');
    cpSync(phantom.folderOf('pet'), moved, { recursive: true });
    await movePetCopy(moved, 'PET moved');
    cache(['import', moved]);
    const cts = await phantom.ctHeaders();
    // CT instances ordered by distance from z = 5 (through the spheres): the first is scrolled to.
    const ctSops = cts
      .map((ds) => ({ sop: String(value(ds, '00080018')), z: numberOf(ds, '00200032', 2) }))
      .sort((a, b) => Math.abs(a.z - 5) - Math.abs(b.z - 5))
      .map((x) => x.sop);
    return { phantom, studyInstanceUid: phantom.studyInstanceUid, pet: phantom.seriesUid('pet'), ctSeriesUid: phantom.seriesUid('ct'), ctFor: String(value(cts[0]!, '00200052')), ctSops };
  } catch (e) {
    phantom.remove();
    throw e;
  }
}

/** A Spatial Registration as another system writes it, newer than the one saved by hand in this test. */
function handmadeRegistration(p: Phantom): string {
  const dump = handmadeRegistrationDump({ studyInstanceUid: p.studyInstanceUid, ctFrameOfReference: p.ctFor, contentDate: '20991231', patientName: 'LIGHTBOX^SYNTHETIC PET CT DRO' });
  writeFileSync(path.join(p.phantom.dir, 'reg.txt'), dump);
  const file = path.join(p.phantom.dir, 'reg', 'reg.dcm');
  mkdirSync(path.dirname(file), { recursive: true });
  execFileSync('dump2dcm', ['+te', path.join(p.phantom.dir, 'reg.txt'), file], { encoding: 'utf8' });
  return path.dirname(file);
}

/** The study opened, the CT slice through the spheres in the first viewport at 1:1. */
async function openOnCt(page: Page, p: Phantom): Promise<void> {
  await openOnCtSlice(page, p, p.ctSops[0]!, { oneToOne: true });
}

/** Fuses a series, opaque, and returns the layer's pixels once drawn. */
async function fused(page: Page, seriesUid: string): Promise<{ rgba: number[] }> {
  await page.getByTestId('fusion-series').selectOption('');
  await page.getByTestId('fusion-series').selectOption(seriesUid);
  await expect(page.getByTestId('viewport').first().locator(`[data-testid="fusion-layer"][data-series="${seriesUid}"]`)).toHaveCount(1, { timeout: 20_000 });
  await page.getByTestId('fusion-opacity').focus();
  await page.keyboard.press('End');
  await expect(page.getByTestId('fusion-opacity')).toHaveValue('100');
  return opaque(page);
}

/** The CT's matrix (the generator's): colours are compared per CT pixel, wherever the viewport puts it. */
const CT_MATRIX = 256;

/**
 * The layer's colour at each CT pixel's centre (row by row; −1 where it is off screen): the
 * viewport's size changes as the controls' row wraps, so screen pixels are not comparable.
 */
async function imageColours(page: Page): Promise<{ rgba: number[] }> {
  const probe = await viewportProbe(page, 0);
  const layer = await layerPixels(page);
  const [rowSp, colSp] = probe.pixelSpacing!;
  const rgba: number[] = [];
  for (let r = 0; r < CT_MATRIX; r++)
    for (let c = 0; c < CT_MATRIX; c++) {
      const [x, y] = imageToScreen(probe.transform!, probe.size, [(c + 0.5) * colSp, (r + 0.5) * rowSp]).map(Math.floor) as [number, number];
      if (x < 0 || y < 0 || x >= layer.width || y >= layer.height) rgba.push(-1, -1, -1, -1);
      else rgba.push(...layer.rgba.slice(4 * (y * layer.width + x), 4 * (y * layer.width + x) + 4));
    }
  return { rgba };
}

/** The layer's colours once redrawn opaque: every pixel transparent (outside the PET) or fully opaque. */
async function opaque(page: Page): Promise<{ rgba: number[] }> {
  let pixels = await imageColours(page);
  const isOpaque = (px: { rgba: number[] }) => px.rgba.some((_, i) => i % 4 === 3 && px.rgba[i] === 255) && px.rgba.every((v, i) => i % 4 !== 3 || v <= 0 || v === 255);
  await expect.poll(async () => isOpaque((pixels = await imageColours(page))), { timeout: 15_000 }).toBe(true);
  return pixels;
}

/** CT pixels whose colour may differ: a value exactly on a colour boundary may round either way (0.1 %). */
const TOLERATED = Math.ceil((CT_MATRIX * CT_MATRIX) / 1000);

/** Pixels whose colour differs by more than one level in a channel (a value on a colour boundary may round either way). */
function differing(a: { rgba: number[] }, b: { rgba: number[] }): { differ: number; coloured: number } {
  let differ = 0;
  let coloured = 0;
  for (let i = 0; i < a.rgba.length; i += 4) {
    if (a.rgba[i + 3]! > 0) coloured++;
    if ([0, 1, 2, 3].some((k) => Math.abs(a.rgba[i + k]! - b.rgba[i + k]!) > 1)) differ++;
  }
  return { differ, coloured };
}

test('a PET in another Frame of Reference: refused, aligned by hand and saved, re-applied on re-open, and placed by an SRO from elsewhere', async ({ page }) => {
  test.setTimeout(240_000);
  const p = await importMovedPhantom();
  try {
    await page.setViewportSize({ width: 1280, height: 800 });
    await openOnCt(page, p);
    // The same-Frame-of-Reference fusion: what the moved PET must look like once placed.
    const reference = await fused(page, p.pet);

    // 1. Refused, with the reason; no registration in the study.
    // (Through "none": switching straight from a fused series to a refused one also clears the
    // active viewport's fusion, which resets the controls — the per-viewport fusion's rule.)
    await page.getByTestId('fusion-series').selectOption('');
    await page.getByTestId('fusion-series').selectOption(MOVED_SERIES);
    await expect(page.getByTestId('fusion-message')).toContainText('different Frames of Reference');
    await expect(page.getByTestId('align-reason')).toContainText('no Spatial Registration names both');
    await expect(page.getByTestId('viewport').first().getByTestId('fusion-layer')).toHaveCount(0);

    // 2. Aligned by hand: the shift undone in the fields, seen live through the fusion.
    await page.getByTestId('align-start').click();
    for (const [axis, v] of SHIFT.entries()) await page.getByTestId(`align-translate${axis}`).fill(String(-v));
    await expect(page.getByTestId('viewport').first().getByTestId('fusion-registration')).toHaveText('aligned by hand (not saved)');
    await page.getByTestId('fusion-opacity').focus();
    await page.keyboard.press('End');
    await expect.poll(async () => differing(await imageColours(page), reference).differ, { timeout: 15_000 }).toBeLessThanOrEqual(TOLERATED);
    expect(differing(await imageColours(page), reference).coloured).toBeGreaterThan(10_000);
    // A nudge moves it (the comparison can fail), Reset brings the typed alignment back to zero.
    await page.getByTestId('align-translate0-plus').click();
    await expect.poll(async () => differing(await imageColours(page), reference).differ, { timeout: 15_000 }).toBeGreaterThan(1000);
    await page.getByTestId('align-translate0-minus').click();

    // 3. Saved: a Lightbox REG series; re-reading the study applies it.
    await page.getByTestId('align-save').click();
    await expect(page.getByTestId('align-saved')).toContainText('Saved as a registration');
    await expect(page.getByTestId('viewport').first().getByTestId('fusion-registration')).toHaveText('registered (REG LIGHTBOX Aligned by hand: PT onto CT)');

    // 4. Re-opened: the saved registration places the moved PET as the unmoved one.
    await openOnCt(page, p);
    const reopened = await fused(page, MOVED_SERIES);
    await expect(page.getByTestId('viewport').first().getByTestId('fusion-registration')).toHaveText('registered (REG LIGHTBOX Aligned by hand: PT onto CT)');
    expect(differing(reopened, reference).differ).toBeLessThanOrEqual(TOLERATED);

    // 5. A newer registration written elsewhere (dump2dcm) is the one applied, to the same result.
    cache(['import', handmadeRegistration(p)]);
    const theirs = await fused(page, MOVED_SERIES);
    await expect(page.getByTestId('viewport').first().getByTestId('fusion-registration')).toHaveText('registered (REG HANDMADE)');
    expect(differing(theirs, reference).differ).toBeLessThanOrEqual(TOLERATED);
  } finally {
    p.phantom.remove();
  }
});
