import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import type { ProtocolList } from '../electron/common/contract/hostContract';
import { launchUrl } from './support/browserModeServer';
import { waitForViewport } from './support/viewerProbe';

// The hanging-protocol editor in browser mode: the hung chest CT saved as a protocol (rules
// pre-filled from the study), an invalid edit refused by the host with its reason, the saved
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
  // One viewport per hung cell, found again by its series description.
  const descriptions = await dialog.getByTestId('protocol-viewports').locator('input').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
  expect(descriptions).toEqual(['Axial 5mm Lung', 'Axial 5mm Soft Tissue', 'Coronal 5mm MPR']);

  await dialog.getByTestId('protocol-name').fill('E2E chest three');
  await expect(dialog.getByTestId('protocol-id')).toHaveText('user-e2e-chest-three');
  const message = dialog.getByTestId('protocol-message');
  await dialog.getByLabel('modality value').fill('');
  await dialog.getByTestId('protocol-save').click();
  await expect(message).toContainText('protocol user-e2e-chest-three: match[0].value: oneOf needs a list of strings');
  await dialog.getByLabel('modality value').fill('CT');
  await dialog.getByTestId('protocol-save').click();
  await expect(message).toHaveText('Saved E2E chest three (user-e2e-chest-three)');
  await expect(dialog.getByTestId('protocol-list')).toContainText('E2E chest three');
  await page.screenshot({ path: testInfo.outputPath('protocol-editor.png') });

  const list = await page.evaluate(async () => (await (await fetch('/api/protocols')).json()) as ProtocolList);
  const saved = list.protocols.find((p) => p.protocol.id === 'user-e2e-chest-three');
  expect(saved).toMatchObject({ source: 'user', protocol: { name: 'E2E chest three', stages: [{ displays: [{ layout: { kind: 'grid', rows: 1, columns: 3 } }] }] } });

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
