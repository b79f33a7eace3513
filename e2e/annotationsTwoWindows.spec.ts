import { expect, test, type Page } from '@playwright/test';
import { demoPhantom } from './support/mprProbe';
import { E2E_ORIGIN, launchUrl } from './support/browserModeServer';
import { waitForViewport } from './support/viewerProbe';

// One study on two displays (two pages, virtual displays 1 and 2), a length drawn in each at
// nearly the same time (issue 23): each window PUT its whole list and the host kept the last one,
// so one window's save dropped the other's measurement. Now each window sends its own changes and
// merges the other's when the host announces a new version: both are kept, and both windows show both.
async function openOn(page: Page, display: number, studyUid: string): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(launchUrl(`StudyInstanceUID=${studyUid}${display > 1 ? `&display=${display}` : ''}`));
  await waitForViewport(page, 0);
}

async function drawLength(page: Page, from: [number, number], to: [number, number], viewport = 0): Promise<void> {
  const cell = page.getByTestId('viewport').nth(viewport);
  const box = (await cell.boundingBox())!;
  await cell.click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('l');
  await page.mouse.move(box.x + box.width * from[0], box.y + box.height * from[1]);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * to[0], box.y + box.height * to[1], { steps: 4 });
  await page.mouse.up();
}

test('two windows measuring one study at once keep both measurements, and each shows both', async ({ page, context }) => {
  const { studyUid } = demoPhantom();
  await page.goto(launchUrl()); // logs the page in for its requests
  const cleared = await page.request.put(`/api/studies/${studyUid}/annotations`, { data: { studyInstanceUid: studyUid, measurements: [], volumeMeasurements: [] } });
  expect(cleared.ok()).toBe(true);
  const other = await context.newPage();
  await Promise.all([openOn(page, 1, studyUid), openOn(other, 2, studyUid)]);
  // Display 2 hangs the prior: its reader puts the current lung series in the first viewport, as display 1 shows it.
  await other.getByTestId('viewport').first().click({ position: { x: 5, y: 5 } });
  // The strip lists the prior's series there: switched to the current study's.
  await other.getByTestId('strip-switch').click();
  await expect(other.getByTestId('strip-prior')).toHaveCount(0);
  await other.getByTestId('series-thumb').filter({ hasText: 'Axial 5mm Lung' }).click();
  await expect(other.getByTestId('viewport').first()).toContainText('Axial 5mm Lung');
  await expect(other.getByTestId('viewport').first()).toContainText('2026-11-20'); // the current study's date (the prior's is 2025)
  // Each window draws on that series' first image, before either save lands.
  await Promise.all([drawLength(page, [0.3, 0.3], [0.5, 0.3]), drawLength(other, [0.3, 0.6], [0.6, 0.6])]);
  await expect
    .poll(async () => ((await (await page.request.get(`/api/studies/${studyUid}/annotations`)).json()) as { measurements: unknown[] }).measurements.length, { timeout: 15_000 })
    .toBe(2);
  await expect(page.locator('.measurement[data-kind="length"]')).toHaveCount(2, { timeout: 15_000 });
  await expect(other.locator('.measurement[data-kind="length"]')).toHaveCount(2, { timeout: 15_000 });
  // A length on the prior (display 2's second viewport) is kept with the prior, not the current study.
  const hanging = (await (await page.request.get(`/api/studies/${studyUid}/hanging`)).json()) as { priors: Array<{ studyInstanceUid: string }> };
  const prior = hanging.priors[0]!.studyInstanceUid;
  await expect(other.getByTestId('viewport').nth(1)).toContainText('2025-11-18');
  await drawLength(other, [0.3, 0.4], [0.6, 0.4], 1);
  await expect.poll(async () => ((await (await page.request.get(`/api/studies/${prior}/annotations`)).json()) as { measurements: unknown[] }).measurements.length, { timeout: 15_000 }).toBe(1);
  expect(((await (await page.request.get(`/api/studies/${studyUid}/annotations`)).json()) as { measurements: unknown[] }).measurements.length).toBe(2);

  // Cleared elsewhere (here through the API) while both windows are open: closing them does not put
  // anything back (a window going away saves its edits, and has none).
  await page.request.put(`/api/studies/${prior}/annotations`, { data: { studyInstanceUid: prior, measurements: [] } });
  await page.request.put(`/api/studies/${studyUid}/annotations`, { data: { studyInstanceUid: studyUid, measurements: [], volumeMeasurements: [] } });
  await other.close();
  await page.close();
  // A save sent as a page goes away lands shortly after: give it that time, then nothing may have come back.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  for (const uid of [studyUid, prior]) {
    const left = (await (await context.request.get(`${E2E_ORIGIN}/api/studies/${uid}/annotations`)).json()) as { measurements: unknown[] };
    expect(left.measurements, `measurements of ${uid} after both windows closed`).toEqual([]);
  }
});
