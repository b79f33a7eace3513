import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import type { ProtocolList } from '../electron/common/contract/hostContract';
import { launchUrl } from './support/browserModeServer';
import { waitForViewport } from './support/viewerProbe';

// The hanging-protocol editor in browser mode: the hung chest CT saved as a protocol (it starts
// from the protocol that hung the screen, CT chest: its rules, display sets, presets, sync groups,
// priors and stages, with the screen's grid), an invalid edit refused by the host with its reason, the saved
// protocol stored, exported and imported as JSON, and removed again (the shared e2e cache keeps
// only the shipped protocols for the other specs).

test('the screen saved as a protocol: pre-filled, checked by the host, stored, exported, imported, removed', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(launchUrl());
  await page.getByTestId('study-list').locator('tbody tr').first().dblclick();
  await expect(page.getByTestId('viewport')).toHaveCount(3);
  for (const position of [0, 1, 2]) await waitForViewport(page, position);
  await page.locator('[data-command="save-protocol"]').click();
  const dialog = page.getByTestId('protocol-dialog');
  await expect(dialog.getByLabel('modality value')).toHaveValue('CT');
  await expect(dialog.getByLabel('rows')).toHaveValue('1');
  await expect(dialog.getByLabel('columns')).toHaveValue('3');
  // The display sets of the protocol that hung the screen (CT chest), found again as it finds them.
  const shipped = await page.evaluate(async () => (await (await fetch('/api/protocols')).json()) as ProtocolList);
  const ctChest = shipped.protocols.find((p) => p.protocol.id === 'ct-chest')!.protocol;
  const descriptions = await dialog.getByTestId('protocol-viewports').locator('input').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
  expect(descriptions).toEqual(ctChest.displaySets.map((d) => String(d.rules.find((r) => r.attribute === 'seriesDescription')?.value ?? '')));

  await dialog.getByTestId('protocol-name').fill('E2E chest three');
  await expect(dialog.getByTestId('protocol-id')).toHaveText('user-e2e-chest-three');
  const message = dialog.getByTestId('protocol-message');
  // A series description pattern that is not a regular expression: refused by the host, naming where.
  const firstDescription = dialog.getByTestId('protocol-viewports').locator('input').first();
  const pattern = await firstDescription.inputValue();
  await firstDescription.fill('(unclosed');
  await dialog.getByTestId('protocol-save').click();
  await expect(message).toContainText('protocol user-e2e-chest-three: displaySets[0].rules');
  await expect(message).toContainText('not a valid regular expression');
  await firstDescription.fill(pattern);
  await dialog.getByTestId('protocol-save').click();
  await expect(message).toHaveText('Saved E2E chest three (user-e2e-chest-three)');
  await expect(dialog.getByTestId('protocol-list')).toContainText('E2E chest three');
  await page.screenshot({ path: testInfo.outputPath('protocol-editor.png') });

  const list = await page.evaluate(async () => (await (await fetch('/api/protocols')).json()) as ProtocolList);
  const saved = list.protocols.find((p) => p.protocol.id === 'user-e2e-chest-three');
  expect(saved).toMatchObject({ source: 'user', protocol: { name: 'E2E chest three' } });
  // The screen's grid, and everything else CT chest gave: its stages, priors, sync groups and presets.
  expect(saved!.protocol.stages[0]!.displays[0]!.layout).toEqual({ kind: 'grid', rows: 1, columns: 3 });
  expect(saved!.protocol.stages.length).toBe(ctChest.stages.length);
  expect(saved!.protocol.priors).toEqual(ctChest.priors);
  expect(saved!.protocol.syncGroups).toEqual(ctChest.syncGroups);
  expect(saved!.protocol.stages[0]!.displays[0]!.viewports.map((v) => v.windowPreset)).toEqual(ctChest.stages[0]!.displays[0]!.viewports.map((v) => v.windowPreset));

  const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByTestId('protocol-export').click()]);
  const exported = JSON.parse(readFileSync((await download.path())!, 'utf8')) as unknown;
  expect(exported).toEqual(saved!.protocol);

  const dir = mkdtempSync(path.join(tmpdir(), 'lightbox-protocol-'));
  try {
    const file = path.join(dir, 'imported.json');
    writeFileSync(file, JSON.stringify({ ...saved!.protocol, id: 'user-e2e-imported', name: 'E2E imported' }));
    await dialog.getByTestId('protocol-import').setInputFiles(file);
    await expect(message).toHaveText('Saved E2E imported (user-e2e-imported)');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  for (const id of ['user-e2e-chest-three', 'user-e2e-imported']) await dialog.getByTestId(`protocol-delete-${id}`).click();
  await expect(dialog.getByTestId('protocol-list')).not.toContainText('E2E');
  const after = await page.evaluate(async () => (await (await fetch('/api/protocols')).json()) as ProtocolList);
  expect(after.protocols.filter((p) => p.source === 'user')).toEqual([]);
});
