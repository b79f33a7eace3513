import path from 'node:path';
import { expect, test } from '@playwright/test';
import { launchUrl } from './support/browserModeServer';
import { compareWithReference, readViewport, waitForViewport } from './support/viewerProbe';
import { DISPLAY_TEST_SAMPLES, renderWithDcmtk, type WindowRequest } from '../testing/node/displayReference';
import { readDicomFileSync } from '../electron/node/dicom/readDicomFile';

const SHARED_SAMPLES = path.resolve(import.meta.dirname, '../../shared/dicom-samples');

// The canvas, as vtk.js draws it through the display-pipeline table, against dcmj2pnm for the same
// window: ≤ 1 gray level on ≥ 99.9 % of the samples (YBR_FULL: ≤ 2, dcmtk's own constants; see
// electron/node/testing/displayReference.test.ts).
test.describe('viewer pixels against dcmj2pnm', () => {
  test.setTimeout(240_000);

  test('shared samples at 1:1, default and set windows', async ({ page }, testInfo) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(launchUrl());
    const files = DISPLAY_TEST_SAMPLES.map((s) => path.join(SHARED_SAMPLES, s.path));
    await page.getByLabel('Import DICOM files').setInputFiles(files);
    await expect(page.getByTestId('import-progress')).toContainText(`Imported ${files.length} of ${files.length}`, { timeout: 60_000 });

    const results: string[] = [];
    for (const sample of DISPLAY_TEST_SAMPLES) {
      const file = path.join(SHARED_SAMPLES, sample.path);
      const studyUid = String(readDicomFileSync(file).dataset['0020000D']!.Value![0]);
      await page.goto(launchUrl(`StudyInstanceUID=${studyUid}`));
      await waitForViewport(page, 0);
      await page.keyboard.press('o');
      await waitForViewport(page, 0, (p) => Math.abs(p.transform!.scale * p.pixelSpacing![1] - 1) < 1e-9);
      const requests: WindowRequest[] = [{ kind: 'default' }];
      if (sample.set) requests.push({ kind: 'set', ...sample.set });
      for (const request of requests) {
        if (request.kind === 'set') {
          await page.getByLabel('Window width').fill(String(request.width));
          await page.getByLabel('Window level').fill(String(request.center));
          await page.getByRole('button', { name: 'Set', exact: true }).click();
          await waitForViewport(page, 0, (p) => p.window?.center === request.center && p.window?.width === request.width);
        }
        const shown = await readViewport(page, 0);
        const reference = await renderWithDcmtk(file, request);
        const tolerance = sample.path.includes('ybr_full') ? 2 : 1;
        const r = compareWithReference(shown, reference, tolerance);
        results.push(`${sample.path} ${request.kind === 'set' ? `${request.center}/${request.width}` : 'default'}: ${r.compared} samples, ${(r.beyond * 100).toFixed(3)} % beyond ${tolerance}, max ${r.maxDiff}`);
        expect(r.compared, `${sample.path}: nothing compared`).toBeGreaterThan(1000);
        expect(r.beyond, `${sample.path} ${JSON.stringify(request)}: max diff ${r.maxDiff}`).toBeLessThanOrEqual(0.001);
      }
    }
    await testInfo.attach('pixel-comparison', { body: results.join('\n'), contentType: 'text/plain' });
    console.log(results.join('\n'));
  });
});
