import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { launchUrl } from './support/browserModeServer';
import { waitForViewport } from './support/viewerProbe';
import { runTool } from '../testing/node/runTool';
import { samplePath } from '../testing/node/sharedSamples';

// The PET/CT hanging protocol (issue 20, item 6) on the real ACRIN FDG PET/CT (CT, PET AC, PET NAC):
// it hangs CT | PET alone in inverted grey | CT fused with the PET in hot iron | the PET's MIP, the
// attenuation-corrected PET (by its header) in every PET place. The series are told apart by
// dcmtk's reading of the files, not by ours.

const ACRIN = 'series/acrin-nsclc-fdg-pet-042';
const cache = (args: string[]) => execFileSync(process.execPath, [path.resolve(import.meta.dirname, '../bin/lightbox.js'), '--data-dir', '.lightbox-test/e2e-data', ...args], { encoding: 'utf8' });

/** One attribute of every file of a folder, as dcmdump prints it. */
async function dcmtkValues(folder: string, tag: string): Promise<string[]> {
  const dir = samplePath(`${ACRIN}/${folder}`);
  const files = readdirSync(dir).map((f) => path.join(dir, f));
  const out = (await runTool('dcmdump', ['-q', '+P', tag, ...files])).toString();
  return [...out.matchAll(/\[([^\]]*)\]/g)].map((m) => m[1]!);
}

/** Hot Iron, PS3.6 B.1.1 (red 0, 2 … 254 then 255; green from entry 129, blue from 192; white last). */
function hotIron(n: number): [number, number, number] {
  if (n === 255) return [255, 255, 255];
  return [n < 128 ? 2 * n : 255, n <= 128 ? 0 : 2 * (n - 128), n <= 191 ? 0 : 4 * (n - 191)];
}
const HOT_IRON = Array.from({ length: 256 }, (_, n) => hotIron(n));

/**
 * The fusion layer of one viewport, its pixels as painted, counted in the page (a million numbers
 * are not carried out): `bad` pixels break the rule of the look, `edge` ones are the image's border
 * blended by the canvas' transform (alpha below the look's), `marked` ones show uptake.
 */
async function layerStats(page: Page, position: number, look: 'greyInverted' | 'hotIron50'): Promise<{ bad: number; edge: number; plain: number; marked: number }> {
  return page.locator(`[data-testid="viewport"][data-position="${position}"] [data-testid="fusion-layer"]`).evaluate(
    (c: HTMLCanvasElement, { look, table }) => {
      const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      const counts = { bad: 0, edge: 0, plain: 0, marked: 0 };
      const alpha = look === 'greyInverted' ? 255 : 128;
      for (let i = 0; i < px.length; i += 4) {
        const [r, g, b, a] = [px[i]!, px[i + 1]!, px[i + 2]!, px[i + 3]!];
        if (a === 0) continue; // outside the image on screen
        if (a < alpha) counts.edge++;
        else if (a !== alpha) counts.bad++;
        else if (look === 'greyInverted') {
          if (r !== g || g !== b) counts.bad++;
          else if (r < 200) counts.marked++; // uptake: darker than SUV 0's white
          else counts.plain++;
        } else {
          // ±2: the canvas keeps colours premultiplied by alpha.
          if (!table.some((t) => Math.abs(t[0] - r) <= 2 && Math.abs(t[1] - g) <= 2 && Math.abs(t[2] - b) <= 2)) counts.bad++;
          else if (r > 60) counts.marked++;
          else counts.plain++;
        }
      }
      return counts;
    },
    { look, table: HOT_IRON },
  );
}

test('the ACRIN PET/CT hangs CT | PET AC alone in inverted grey | CT fused with PET AC in hot iron | MIP', async ({ page }) => {
  test.setTimeout(240_000);
  const [studyUid] = await dcmtkValues('CT', '0020,000d');
  const [ctSeries] = await dcmtkValues('CT', '0020,000e');
  const [acSeries] = await dcmtkValues('PT_AC', '0020,000e');
  const [nacSeries] = await dcmtkValues('PT_NAC', '0020,000e');
  const ctSops = new Set(await dcmtkValues('CT', '0008,0018'));
  const acSops = new Set(await dcmtkValues('PT_AC', '0008,0018'));
  expect(acSeries).not.toBe(nacSeries);
  cache(['import', samplePath(`${ACRIN}/CT`), samplePath(`${ACRIN}/PT_AC`), samplePath(`${ACRIN}/PT_NAC`)]);
  try {
    await page.setViewportSize({ width: 1600, height: 800 });
    await page.goto(launchUrl(`StudyInstanceUID=${studyUid}`));
    await expect(page.getByTestId('stage-badge')).toContainText('PET/CT', { timeout: 60_000 });
    // Where a MIP viewport still opens the display as a reformat: back to the stack viewports.
    const close = page.getByTestId('mpr-close');
    await expect(close.or(page.getByTestId('viewport').first())).toBeVisible({ timeout: 60_000 });
    if (await close.isVisible()) await close.click();
    await expect(page.locator('.viewport-cell')).toHaveCount(4);

    // CT (mediastinum window), no fusion.
    const ct = await waitForViewport(page, 0, (p) => p.window?.center === 50);
    expect(ctSops.has(ct.sopInstanceUid!)).toBe(true);
    expect(ct.window).toEqual({ center: 50, width: 350 });
    // The PET alone: the AC series, drawn over by itself in inverted grey, opaque.
    const pet = await waitForViewport(page, 1);
    expect(acSops.has(pet.sopInstanceUid!)).toBe(true);
    const alone = page.locator('[data-testid="viewport"][data-position="1"] [data-testid="fusion-layer"]');
    await expect(alone).toHaveAttribute('data-series', acSeries!, { timeout: 60_000 });
    await expect(alone).toHaveAttribute('data-unit', 'SUVbw');
    await expect(page.locator('[data-testid="viewport"][data-position="1"] [data-testid="fusion-legend"]')).toContainText('SUVbw 0–5 (alone)');
    // The CT fused with the AC PET.
    const fusedCt = await waitForViewport(page, 2);
    expect(ctSops.has(fusedCt.sopInstanceUid!)).toBe(true);
    const fused = page.locator('[data-testid="viewport"][data-position="2"] [data-testid="fusion-layer"]');
    await expect(fused).toHaveAttribute('data-series', acSeries!, { timeout: 60_000 });
    await expect(page.locator('[data-testid="viewport"][data-position="0"] [data-testid="fusion-layer"]')).toHaveCount(0);
    // The performance mark the PET/CT benchmark times.
    await expect.poll(() => page.evaluate(() => performance.getEntriesByName('lightbox-first-exact-fused-image').length)).toBe(1);

    // Inverted grey: every pixel opaque grey; the body's uptake darker than the white of SUV 0.
    await expect
      .poll(async () => {
        const n = await layerStats(page, 1, 'greyInverted');
        return { bad: n.bad, marked: n.marked > 50, plain: n.plain > 1000, edge: n.edge < (n.marked + n.plain) / 20 };
      }, { timeout: 20_000 })
      .toEqual({ bad: 0, marked: true, plain: true, edge: true });
    // Hot iron at 50 %: every painted pixel a Hot Iron entry at alpha 128; uptake red or brighter somewhere.
    await expect
      .poll(async () => {
        const n = await layerStats(page, 2, 'hotIron50');
        return { bad: n.bad, marked: n.marked > 20, edge: n.edge < (n.marked + n.plain) / 20 };
      }, { timeout: 20_000 })
      .toEqual({ bad: 0, marked: true, edge: true });
    // The fourth place is the PET's MIP (its own viewport type), left to the MIP cell.
    await expect(page.locator('.viewport-cell').nth(3)).toBeVisible();
    // The MIP, set up after the first images, draws from the PET the fused and PET-alone viewports
    // loaded: the volume crossed from the host once (it was read a second time as the MIP set up).
    await expect(page.getByTestId('pet-mip-play')).toBeEnabled({ timeout: 60_000 });
    const volumeReads = await page.evaluate(
      (uid) => performance.getEntriesByType('resource').filter((r) => new URL(r.name).pathname.endsWith(`/series/${uid}/volume`)).length,
      acSeries!,
    );
    expect(volumeReads).toBe(1);

    // The controls follow the active viewport: the fused CT shows PET AC in hot iron; switched off there, the PET alone stays.
    await page.locator('[data-testid="viewport"][data-position="2"]').click();
    await expect(page.getByTestId('fusion-series')).toHaveValue(acSeries!);
    await expect(page.getByTestId('fusion-colormap')).toHaveValue('hotIron');
    await expect(page.getByTestId('fusion-opacity')).toHaveValue('50');
    await page.getByTestId('fusion-series').selectOption('');
    await expect(fused).toHaveCount(0);
    await expect(alone).toHaveCount(1);
    // The CT viewport, active, fuses nothing.
    await page.locator('[data-testid="viewport"][data-position="0"]').click();
    await expect(page.getByTestId('fusion-series')).toHaveValue('');
    expect(ctSeries).toBeTruthy();
  } finally {
    cache(['cache', 'delete', studyUid!, '--reason', 'e2e cleanup']);
  }
});
