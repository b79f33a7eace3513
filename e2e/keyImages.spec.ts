import { expect, test, type Page } from '@playwright/test';
import { launchUrl } from './support/browserModeServer';
import { waitForViewport } from './support/viewerProbe';

// Key images (issue 21): k marks the image shown in the active viewport, the strip lists the marks
// and takes the reader back to each, and the marks are kept with the study.

async function openAxial(page: Page) {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(launchUrl());
  await page.getByTestId('study-list').locator('tbody tr').first().dblclick();
  await expect(page.getByTestId('viewport')).toHaveCount(3);
  await page.locator('[data-layout="1x1"]').click();
  await page.getByTestId('series-thumb').filter({ hasText: 'Axial 5mm Soft Tissue' }).click();
  return waitForViewport(page, 0, (p) => p.count === 56);
}

test('k marks key images; the strip goes back to each; the marks survive a reload; k again unmarks', async ({ page }) => {
  test.setTimeout(120_000);
  await openAxial(page);
  await page.getByTestId('viewport').first().click();
  for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowDown');
  const tenth = await waitForViewport(page, 0, (p) => p.index === 10);
  await page.keyboard.press('k');
  await expect(page.getByTestId('key-image-badge')).toBeVisible();
  await expect(page.getByTestId('toggle-key-image')).toHaveAttribute('aria-pressed', 'true');
  for (let i = 0; i < 20; i++) await page.keyboard.press('ArrowDown');
  const thirtieth = await waitForViewport(page, 0, (p) => p.index === 30);
  await page.getByTestId('toggle-key-image').click();
  await expect(page.getByTestId('key-image-chip')).toHaveCount(2);

  await page.keyboard.press('Home');
  await waitForViewport(page, 0, (p) => p.index === 0);
  await expect(page.getByTestId('key-image-badge')).toHaveCount(0);
  await page.locator(`[data-testid="key-image-chip"][data-sop="${tenth.sopInstanceUid}"]`).click();
  await waitForViewport(page, 0, (p) => p.sopInstanceUid === tenth.sopInstanceUid);
  await expect(page.getByTestId('key-image-badge')).toBeVisible();

  // Opened again from the study list, as after a restart.
  await openAxial(page);
  await expect(page.getByTestId('key-image-chip')).toHaveCount(2, { timeout: 30_000 });
  await page.locator(`[data-testid="key-image-chip"][data-sop="${thirtieth.sopInstanceUid}"]`).click();
  await waitForViewport(page, 0, (p) => p.sopInstanceUid === thirtieth.sopInstanceUid);
  await page.getByTestId('viewport').first().click();
  await page.keyboard.press('k');
  await expect(page.getByTestId('key-image-chip')).toHaveCount(1);
  // Leave the demo study as the other specs expect it.
  await page.locator(`[data-testid="key-image-chip"][data-sop="${tenth.sopInstanceUid}"]`).click();
  await waitForViewport(page, 0, (p) => p.sopInstanceUid === tenth.sopInstanceUid);
  await page.keyboard.press('k');
  await expect(page.getByTestId('key-image-chip')).toHaveCount(0);
});
