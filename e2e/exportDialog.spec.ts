import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import type { StudySummary } from '../electron/common/contract/hostContract';
import { E2E_DATA_DIR, E2E_ORIGIN, E2E_TOKEN, launchUrl } from './support/browserModeServer';

// Export from the study list (issue 22): the dialog opened on the demo study writes PDI media to a
// folder on this machine (browser mode: host and page share it), its progress reaches done, and
// the DICOMDIR there lists, for dcmtk, as many images as the demo study's files.

/** The demo's current study (first in the list): its UID and its files, as the generator wrote them. */
function demoCurrentStudy(): { studyUid: string; files: number } {
  const demo = path.join(E2E_DATA_DIR, 'demo');
  const current = readdirSync(demo).find((f) => f.endsWith('current'))!;
  const files = readdirSync(path.join(demo, current), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
  const manifest = JSON.parse(readFileSync(path.join(demo, 'lightbox-phantom.json'), 'utf8')) as {
    studies: Array<{ studyInstanceUid: string; folder: string }>;
  };
  return { studyUid: manifest.studies.find((s) => s.folder === current)!.studyInstanceUid, files };
}

test('exports the demo study as PDI media from the study list, with progress up to done and a DICOMDIR at the destination', async ({ page }) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lightbox-e2e-export-'));
  try {
    const out = path.join(dir, 'demo-pdi');
    // The demo set is imported after the server answers: wait until the cache holds all of the study.
    const { studyUid, files } = demoCurrentStudy();
    const held = async (): Promise<number> => {
      const list = (await (await fetch(`${E2E_ORIGIN}/api/studies`, { headers: { authorization: `Bearer ${E2E_TOKEN}` } })).json()) as StudySummary[];
      return list.find((s) => s.studyInstanceUid === studyUid)?.instanceCount ?? 0;
    };
    await expect.poll(held, { timeout: 60_000 }).toBe(files);
    await page.goto(launchUrl());
    const rows = page.getByTestId('study-list').locator('tbody tr');
    await expect(rows).toHaveCount(2);
    await rows.first().click();
    await page.getByTestId('study-export').click();

    const dialog = page.getByTestId('export-dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog.getByTestId('export-where')).toContainText('same computer');
    await dialog.getByLabel('Destination', { exact: true }).fill(out);
    await dialog.getByLabel('Format', { exact: true }).selectOption('pdi');
    await dialog.getByTestId('export-start').click();

    const status = dialog.getByTestId('export-status');
    await expect(status).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    await expect(status).toContainText('Done');
    await expect(dialog.getByTestId('export-progress')).toHaveJSProperty('value', 100);

    expect(existsSync(path.join(out, 'DICOMDIR'))).toBe(true);
    const dump = execFileSync('dcmdump', ['-q', '+P', '0004,1430', '+P', '0020,000d', path.join(out, 'DICOMDIR')], { encoding: 'utf8' });
    expect([...dump.matchAll(/\(0004,1430\) CS \[IMAGE\s*\]/g)].length).toBe(files);
    expect(dump).toContain(studyUid);
    expect(readdirSync(out).sort()).toEqual(['DICOM', 'DICOMDIR', 'INDEX.HTM', 'README.TXT']);

    // Exporting again to the same place is refused, in words, and the first export stays.
    await dialog.getByTestId('export-start').click();
    await expect(dialog.getByTestId('export-error')).toContainText('already exists');
    expect(existsSync(path.join(out, 'DICOMDIR'))).toBe(true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
