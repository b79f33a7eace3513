import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { E2E_DATA_DIR, E2E_ORIGIN, E2E_TOKEN, launchUrl } from './support/browserModeServer';
import { encodeMultipart } from '../electron/common/contract/multipart';
import { missingHere } from '../testing/node/requiredInCi';

// The results panel (issue 21): a study's reports, segmentations and other result objects listed
// with their producer, and one arriving while the study is open appears without reopening.
const SAMPLES = path.resolve(import.meta.dirname, '../../shared/dicom-samples/seg-sr/highdicom');
const STUDY = '1.3.6.1.4.1.5962.1.2.1.20040119072730.12322';

function lightboxCli(args: string[]): string {
  return execFileSync(process.execPath, [path.resolve(import.meta.dirname, '../bin/lightbox.js'), '--data-dir', E2E_DATA_DIR, ...args], { encoding: 'utf8' });
}

test('the results panel lists a study’s SEG and SR with their producer, and a result stored while the study is open appears', async ({ page }) => {
  test.skip(missingHere(existsSync(SAMPLES), 'the shared DICOM samples (../shared/dicom-samples)'), 'the shared samples are not beside the checkout');
  lightboxCli(['import', path.join(SAMPLES, 'ct_image.dcm'), path.join(SAMPLES, 'seg_image_ct_binary_single_frame.dcm'), path.join(SAMPLES, 'sr_document.dcm')]);
  try {
    await page.goto(launchUrl(`StudyInstanceUID=${STUDY}`));
    await page.getByTestId('toggle-results').click();
    const items = page.getByTestId('result-item');
    await expect(items).toHaveCount(2);
    await expect(page.locator('[data-testid="result-item"][data-kind="seg"]')).toContainText('Segmentation');
    await expect(page.locator('[data-testid="result-item"][data-kind="sr"]')).toContainText('Report');
    // highdicom writes Manufacturer "Manufacturer" in its test data; the panel shows what the object says.
    await expect(page.locator('[data-testid="result-item"][data-kind="seg"]')).toContainText('Manufacturer');

    // Another system stores a second report into the open study (STOW-RS, as an AI node would).
    const body = encodeMultipart({ type: 'application/dicom', parts: [{ contentType: 'application/dicom', bytes: new Uint8Array(readFileSync(path.join(SAMPLES, 'sr_document_with_multiple_groups.dcm'))) }] });
    const res = await fetch(`${E2E_ORIGIN}/dicomweb/studies`, { method: 'POST', headers: { authorization: `Bearer ${E2E_TOKEN}`, 'content-type': body.contentType }, body: body.bytes as Uint8Array<ArrayBuffer> });
    expect(res.status).toBe(200);
    await expect(items).toHaveCount(3, { timeout: 15_000 });
    await expect(page.getByTestId('toggle-results')).toHaveText('Results (3)');
  } finally {
    lightboxCli(['cache', 'delete', STUDY, '--reason', 'e2e cleanup']);
  }
});
