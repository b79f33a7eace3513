import { expect, type Page } from '@playwright/test';
import type { ViewportProbe } from '../../renderer/browser/viewing/viewerTestHooks';
import type { RenderedImage } from '../../testing/node/displayReference';
import { imageToScreen } from '../../renderer/common/viewing/viewTransform';

/** What a viewport reports (index, window, view transform …) through the test hooks. */
export async function viewportProbe(page: Page, position: number): Promise<ViewportProbe> {
  return page.evaluate((p) => window.__lightboxViewer!.viewports[p]!, position);
}

/** Waits until a viewport shows a loaded frame and `accept` holds for its probe. */
export async function waitForViewport(page: Page, position: number, accept: (p: ViewportProbe) => boolean = () => true): Promise<ViewportProbe> {
  let last: ViewportProbe | undefined;
  await expect
    .poll(
      async () => {
        last = await page.evaluate((p) => window.__lightboxViewer?.viewports[p], position);
        return !!last && last.frameLoaded && !!last.transform && accept(last);
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  return last!;
}

/** A viewport's canvas pixels (RGBA, rows top to bottom) and where the image's top-left corner lies in them. */
export async function readViewport(page: Page, position: number): Promise<{ rgba: Uint8Array; width: number; height: number; corner: [number, number]; probe: ViewportProbe }> {
  const probe = await viewportProbe(page, position);
  const px = await page.evaluate((p) => window.__lightboxViewer!.readViewport(p)!, position);
  const c = imageToScreen(probe.transform!, probe.size, [0, 0]);
  return { rgba: new Uint8Array(Buffer.from(px.rgbaBase64, 'base64')), width: px.width, height: px.height, corner: [Math.round(c[0]), Math.round(c[1])], probe };
}

/**
 * Compares the part of the image visible in a 1:1 viewport (device pixel = image pixel) with a
 * reference rendering of the whole image (dcmj2pnm's layout). Returns the share of samples beyond
 * `tolerance`, the largest difference and how many samples were compared.
 */
export function compareWithReference(
  shown: { rgba: Uint8Array; width: number; height: number; corner: [number, number] },
  reference: RenderedImage,
  tolerance: number,
): { compared: number; beyond: number; maxDiff: number } {
  let compared = 0;
  let beyond = 0;
  let maxDiff = 0;
  for (let y = 0; y < shown.height; y++) {
    const iy = y - shown.corner[1];
    if (iy < 0 || iy >= reference.height) continue;
    for (let x = 0; x < shown.width; x++) {
      const ix = x - shown.corner[0];
      if (ix < 0 || ix >= reference.width) continue;
      for (let c = 0; c < reference.channels; c++) {
        const d = Math.abs(shown.rgba[(y * shown.width + x) * 4 + c]! - reference.pixels[(iy * reference.width + ix) * reference.channels + c]!);
        compared++;
        if (d > tolerance) beyond++;
        if (d > maxDiff) maxDiff = d;
      }
    }
  }
  return { compared, beyond: compared ? beyond / compared : 1, maxDiff };
}
