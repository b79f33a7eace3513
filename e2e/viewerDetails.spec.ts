import { expect, test } from '@playwright/test';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { runTool } from '../testing/node/runTool';
import { demoPhantom } from './support/mprProbe';
import { E2E_DATA_DIR, launchUrl } from './support/browserModeServer';
import { waitForViewport } from './support/viewerProbe';

// Details a reader hits in the first hour (issue 23, item 8): the tool bar's W/L fields always read
// 400/40; the right-click tool menu was cut off near the bottom-right corner; "?" did nothing.
test.describe('viewer details', () => {
  test.beforeEach(async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(launchUrl(`StudyInstanceUID=${demoPhantom().studyUid}`));
    await waitForViewport(page, 0);
    await waitForViewport(page, 1);
  });

  test('the W/L fields show the active viewport’s window', async ({ page }) => {
    const [first, second] = [await waitForViewport(page, 0, (p) => p.window !== undefined), await waitForViewport(page, 1, (p) => p.window !== undefined)];
    expect(first.window).not.toEqual(second.window); // lung and soft tissue
    for (const [i, probe] of [first, second].entries()) {
      await page.getByTestId('viewport').nth(i).click({ position: { x: 5, y: 5 } });
      await expect(page.getByLabel('Window width')).toHaveValue(String(probe.window!.width));
      await expect(page.getByLabel('Window level')).toHaveValue(String(probe.window!.center));
    }
  });

  test('the right-click tool menu stays inside the viewport near its bottom-right corner', async ({ page }) => {
    const viewport = page.getByTestId('viewport').first();
    const box = (await viewport.boundingBox())!;
    await page.mouse.click(box.x + box.width - 4, box.y + box.height - 4, { button: 'right' });
    const menu = (await page.getByTestId('tool-menu').boundingBox())!;
    expect(menu.x + menu.width).toBeLessThanOrEqual(box.x + box.width + 0.5);
    expect(menu.y + menu.height).toBeLessThanOrEqual(box.y + box.height + 0.5);
    await page.keyboard.press('Escape');
  });

  test('"?" lists the keyboard shortcuts', async ({ page }) => {
    await page.getByTestId('viewport').first().click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('?');
    const dialog = page.getByTestId('shortcuts-dialog');
    await expect(dialog).toContainText('Length tool');
    await expect(dialog).toContainText('Lung window');
    await expect(dialog).toContainText('next / previous image');
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
  });

  test('keys in MPR choose MPR tools and leave the stack viewer’s tool as it was', async ({ page }) => {
    await page.getByTestId('viewport').first().click({ position: { x: 5, y: 5 } });
    await expect(page.locator('[data-tool="windowLevel"]')).toHaveAttribute('aria-checked', 'true');
    await page.locator('[data-reformat="mpr-1x3"]').click();
    await expect(page.getByTestId('mpr-close')).toBeVisible({ timeout: 60_000 });
    await page.keyboard.press('l'); // length, in the MPR views
    await page.getByTestId('mpr-close').click();
    await expect(page.locator('[data-tool="windowLevel"]')).toHaveAttribute('aria-checked', 'true');
  });

  test('Shift+T shows the DICOM tags of the image on screen, as dcmdump reads its file; a search narrows them', async ({ page }) => {
    await page.getByTestId('viewport').first().click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('ArrowDown');
    const shown = await waitForViewport(page, 0, (p) => p.index === 1);
    // The file of the image on screen, found by its SOP Instance UID with dcmdump (not our parser).
    const current = path.join(E2E_DATA_DIR, 'demo', readdirSync(path.join(E2E_DATA_DIR, 'demo')).find((d) => d.endsWith('-current'))!);
    const files = readdirSync(current, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.dcm')).map((f) => path.join(current, f));
    const uids = (await runTool('dcmdump', ['+F', '+P', '0008,0018', ...files])).toString();
    const file = /# dcmdump \(\d+\/\d+\): (.*)\n\(0008,0018\) UI \[([^\]]+)\]/g;
    const match = [...uids.matchAll(file)].find((m) => m[2] === shown.sopInstanceUid);
    expect(match, `the file of ${shown.sopInstanceUid}`).toBeDefined();
    const dump = (await runTool('dcmdump', [match![1]!])).toString();
    const dumped = (tag: string) => new RegExp(`^\\(${tag.toLowerCase()}\\) \\S\\S \\[([^\\]]*)\\]`, 'm').exec(dump)?.[1];

    await page.keyboard.press('Shift+T');
    const dialog = page.getByTestId('tag-browser');
    await expect(dialog).toContainText(shown.sopInstanceUid!);
    const row = (tag: string) => dialog.locator(`[data-testid="tag-row"][data-tag="(${tag})"]`);
    await expect(row('0008,0018').locator('.tag-value')).toHaveText(dumped('0008,0018')!);
    await expect(row('0020,0013').locator('.tag-value')).toHaveText(String(Number(dumped('0020,0013'))));
    const position = dumped('0020,0032')!.split('\\').map(Number);
    expect((await row('0020,0032').locator('.tag-value').textContent())!.split('\\').map(Number)).toEqual(position);
    // A search by keyword, then by tag, leaves only what it matches.
    await dialog.getByLabel('Search tags').fill('patientname');
    await expect(dialog.getByTestId('tag-row')).toHaveCount(1);
    await expect(row('0010,0010')).toContainText(dumped('0010,0010')!);
    await dialog.getByLabel('Search tags').fill('(0028,0030)');
    await expect(dialog.getByTestId('tag-row')).toHaveCount(1);
    await expect(row('0028,0030')).toContainText('PixelSpacing');
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
  });
});
