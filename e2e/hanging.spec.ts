import { expect, test, type Page } from '@playwright/test';
import { launchUrl } from './support/browserModeServer';
import { waitForViewport } from './support/viewerProbe';

// The reading room in browser mode: two virtual displays, one page each, in one browser. Opening
// the synthetic chest CT hangs it by the CT chest protocol — current on display 1, its prior on
// display 2 — and scrolling, window/level and the stage key are shared between the pages.

async function sliceZ(page: Page, position: number): Promise<number> {
  return (await waitForViewport(page, position)).imagePosition![2];
}

test('two virtual displays: current and prior hung, scroll and W/L synchronized, stages stepped together', async ({ context }) => {
  test.setTimeout(120_000);
  const one = await context.newPage();
  const two = await context.newPage();
  for (const page of [one, two]) await page.setViewportSize({ width: 1200, height: 700 });
  await one.goto(launchUrl('display=1'));
  await two.goto(launchUrl('display=2'));
  await expect(two.locator('.display-badge')).toHaveText('Display 2');
  // Open the current study (Nov 2026) on display 1: display 2 follows.
  await one.getByTestId('study-list').locator('tbody tr', { hasText: 'SYN26001' }).dblclick();
  for (const page of [one, two]) await expect(page.getByTestId('stage-badge')).toHaveText('CT chest with prior · Lung and mediastinum (1/2)');
  await expect(one.getByTestId('viewport')).toHaveCount(3);
  await expect(two.getByTestId('viewport')).toHaveCount(2);
  await expect(one.getByTestId('overlay-topRight').first()).toContainText('Acc: SYN26001');
  await expect(two.getByTestId('overlay-topRight').first()).toContainText('Acc: SYN25001');
  // Lung window on both lung viewports, as the protocol says.
  expect((await waitForViewport(one, 0, (p) => p.window?.center === -600)).window).toEqual({ center: -600, width: 1500 });
  expect((await waitForViewport(two, 0, (p) => p.window?.center === -600)).window).toEqual({ center: -600, width: 1500 });

  // Scroll the current lung series: the prior's lung series follows to the same table position.
  await one.getByTestId('viewport').first().click();
  for (let i = 0; i < 12; i++) await one.keyboard.press('ArrowDown');
  const z = (await waitForViewport(one, 0, (p) => p.index === 12)).imagePosition![2];
  await expect.poll(() => sliceZ(two, 0), { timeout: 15_000 }).toBeCloseTo(z, 0);
  // The soft-tissue viewports share the position group too.
  await expect.poll(() => sliceZ(one, 1)).toBeCloseTo(z, 0);
  await expect.poll(() => sliceZ(two, 1)).toBeCloseTo(z, 0);

  // Cine on the current lung series drives the synchronized viewports too (it left them behind).
  await one.keyboard.press(' ');
  await one.waitForTimeout(1200);
  await one.keyboard.press(' ');
  const stopped = (await waitForViewport(one, 0)).imagePosition![2];
  expect(stopped).not.toBeCloseTo(z, 0); // it ran
  await expect.poll(() => sliceZ(two, 0), { timeout: 15_000 }).toBeCloseTo(stopped, 0);
  await expect.poll(() => sliceZ(one, 1)).toBeCloseTo(stopped, 0);

  // W/L: the bone preset on the current lung viewport reaches the prior's lung viewport (lung-window group) only.
  await one.keyboard.press('3');
  await waitForViewport(one, 0, (p) => p.window?.center === 400);
  await expect.poll(async () => (await waitForViewport(two, 0)).window).toEqual({ center: 400, width: 1800 });
  expect((await waitForViewport(two, 1)).window).toEqual({ center: 50, width: 350 });

  // Next stage from display 2: both displays change.
  await two.keyboard.press('n');
  for (const page of [one, two]) await expect(page.getByTestId('stage-badge')).toHaveText('CT chest with prior · Bone (2/2)');
  await expect(one.getByTestId('viewport')).toHaveCount(2);
  await expect(two.getByTestId('viewport')).toHaveCount(1);
  expect((await waitForViewport(two, 0, (p) => p.window?.center === 400)).window).toEqual({ center: 400, width: 1800 });
});
