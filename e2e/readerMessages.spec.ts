import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { E2E_DATA_DIR, launchUrl } from './support/browserModeServer';
import { missingHere } from '../testing/node/requiredInCi';
import { existsSync } from 'node:fs';

// What a reader is told where the viewer used to show nothing (issue 23): an RT Plan opened to a
// black viewport with a broken thumbnail and no message.
const SHARED_SAMPLES = path.resolve(import.meta.dirname, '../../shared/dicom-samples');
const RT_PLAN = path.join(SHARED_SAMPLES, 'malformed/ExplVR_LitEndNoMeta.dcm');
const RT_PLAN_STUDY = '1.2.333.4444.5.6.7.8.9';

function lightboxCli(args: string[]): string {
  return execFileSync(process.execPath, [path.resolve(import.meta.dirname, '../bin/lightbox.js'), '--data-dir', E2E_DATA_DIR, ...args], { encoding: 'utf8' });
}

test.describe('messages for readers', () => {
  test('a series without images says so, in the viewport and on its thumbnail', async ({ page }) => {
    test.skip(missingHere(existsSync(RT_PLAN), 'the shared DICOM samples (../shared/dicom-samples)'), 'the shared samples are not beside the checkout');
    lightboxCli(['import', RT_PLAN]);
    try {
      await page.goto(launchUrl(`StudyInstanceUID=${RT_PLAN_STUDY}`));
      await expect(page.getByRole('alert').filter({ hasText: 'No image to show' })).toContainText('this RTPLAN series holds no pixel data');
      await expect(page.getByTestId('thumb-no-image')).toBeVisible({ timeout: 15_000 });
    } finally {
      // The other specs see the demo set only.
      lightboxCli(['cache', 'delete', RT_PLAN_STUDY, '--reason', 'e2e cleanup']);
    }
  });
});
