import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { E2E_DATA_DIR, launchUrl } from './support/browserModeServer';
import { compareWithReference, readViewport, viewportProbe, waitForViewport } from './support/viewerProbe';
import { renderWithDcmtk } from '../testing/node/displayReference';
import { decodeMultipart } from '../electron/common/contract/multipart';
import { imageToScreen, screenToImage, type Point2 } from '../renderer/common/viewing/viewTransform';
import type { ViewportProbe } from '../renderer/browser/viewing/viewerTestHooks';

type Vec3 = [number, number, number];
interface PhantomObject {
  kind: string;
  name: string;
  center: number[];
  radius?: number;
  hu: number;
}

/** The generator's ground truth for the demo set the e2e server imported. */
function phantom(): { studyUid: string; objects: PhantomObject[] } {
  const truth = JSON.parse(readFileSync(path.join(E2E_DATA_DIR, 'demo', 'lightbox-phantom.json'), 'utf8')) as {
    studies: { studyInstanceUid: string; phantom: PhantomObject[] }[];
  };
  return { studyUid: truth.studies[0]!.studyInstanceUid, objects: truth.studies[0]!.phantom };
}

/** Image-plane mm (from the image's top-left corner) of a patient point on the shown image. */
function planePoint(p: ViewportProbe, patient: Vec3): Point2 {
  const d = patient.map((v, i) => v - p.imagePosition![i]!) as Vec3;
  const dot = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  return [dot(d, p.rowCosines!) + p.pixelSpacing![1] / 2, dot(d, p.columnCosines!) + p.pixelSpacing![0] / 2];
}

async function screenOf(page: Page, p: ViewportProbe, plane: Point2): Promise<Point2> {
  const box = (await page.getByTestId('viewport').nth(p.position).boundingBox())!;
  const s = imageToScreen(p.transform!, p.size, plane);
  return [box.x + s[0], box.y + s[1]];
}

async function openAxialSoftTissue(page: Page): Promise<ViewportProbe> {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(launchUrl());
  await page.getByTestId('study-list').locator('tbody tr').first().dblclick();
  await expect(page.getByTestId('viewer-workspace')).toBeVisible();
  // Hung by the CT chest protocol: lung, soft tissue, coronal.
  await expect(page.getByTestId('viewport')).toHaveCount(3);
  await page.locator('[data-layout="1x1"]').click();
  await page.getByTestId('series-thumb').filter({ hasText: 'Axial 5mm Soft Tissue' }).click();
  return waitForViewport(page, 0, (p) => p.count === 56);
}

test.describe('reading the synthetic study', () => {
  test.setTimeout(120_000);

  test('scroll to slice N with the keyboard and see slice N', async ({ page, context }, testInfo) => {
    await openAxialSoftTissue(page);
    await page.getByTestId('viewport').first().click();
    const n = 23;
    for (let i = 1; i < n; i++) await page.keyboard.press('ArrowDown');
    let p = await waitForViewport(page, 0, (v) => v.index === n - 1);
    await expect(page.getByTestId('overlay-bottomLeft')).toContainText(`Im: ${n}/56`);
    await page.keyboard.press('o');
    p = await waitForViewport(page, 0, (v) => Math.abs(v.transform!.scale * v.pixelSpacing![1] - 1) < 1e-9);
    // Slice N's file, from the host's WADO-RS, rendered by dcmj2pnm: the canvas must show exactly it.
    const series = p.sopInstanceUid!;
    const { studyUid } = phantom();
    const seriesUid = (await page.evaluate(() => document.querySelector('.series-thumb.shown')!.getAttribute('data-series')))!;
    const response = await context.request.get(`/dicomweb/studies/${studyUid}/series/${seriesUid}/instances/${series}`);
    expect(response.status()).toBe(200);
    const body = decodeMultipart(new Uint8Array(await response.body()), response.headers()['content-type'] ?? '');
    const dir = mkdtempSync(path.join(tmpdir(), 'lightbox-e2e-'));
    try {
      const file = path.join(dir, 'slice.dcm');
      writeFileSync(file, body.parts[0]!.bytes);
      const r = compareWithReference(await readViewport(page, 0), await renderWithDcmtk(file, { kind: 'default' }), 1);
      expect(r.compared).toBe(96 * 96);
      expect(r.beyond).toBeLessThanOrEqual(0.001);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // Page Down jumps ten, End goes to the last image.
    await page.keyboard.press('PageDown');
    await waitForViewport(page, 0, (v) => v.index === n - 1 + 10);
    await page.keyboard.press('End');
    await waitForViewport(page, 0, (v) => v.index === 55);
    await page.screenshot({ path: testInfo.outputPath('scrolled.png') });
  });

  test('zoomed between 1× and 4×, the image is interpolated as GL_LINEAR interpolates the stored values', async ({ page, context }) => {
    await openAxialSoftTissue(page);
    await page.getByTestId('viewport').first().click();
    for (let i = 1; i < 28; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('o');
    await waitForViewport(page, 0, (v) => v.index === 27 && Math.abs(v.transform!.scale * v.pixelSpacing![1] - 1) < 1e-9);
    // 1.25⁴ ≈ 2.44 screen pixels per image pixel: the viewport interpolates (nearest only beyond 4×).
    for (let i = 0; i < 4; i++) await page.keyboard.press('+');
    await waitForViewport(page, 0, (v) => Math.abs(v.transform!.scale * v.pixelSpacing![1] - 1.25 ** 4) < 1e-9);
    const shown = await readViewport(page, 0);
    const p = shown.probe;
    // The stored samples of the shown slice and its rescale, from the host.
    const { studyUid } = phantom();
    const seriesUid = (await page.evaluate(() => document.querySelector('.series-thumb.shown')!.getAttribute('data-series')))!;
    const frame = await context.request.get(`/api/studies/${studyUid}/series/${seriesUid}/instances/${p.sopInstanceUid}/frames/1`);
    const raw = await frame.body();
    const stored = new Int16Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
    const series = (await (await context.request.get(`/dicomweb/studies/${studyUid}/series/${seriesUid}/metadata`)).json()) as Record<string, { Value?: unknown[] }>[];
    const instance = series.find((m) => m['00080018']!.Value![0] === p.sopInstanceUid)!;
    const tag = (t: string): number => Number(instance[t]!.Value![0]);
    const [rows, columns, intercept, slope] = [tag('00280010'), tag('00280011'), tag('00281052'), tag('00281053')];
    expect(stored.length).toBe(rows * columns);
    const { center, width } = p.window!;
    // GL_LINEAR: texel centres at half-integers, the four around the point blended, edges clamped;
    // then DICOM LINEAR windowing of the blended value (PS3.3 C.11.2.1.2.1).
    const at = (x: number, y: number): number => stored[Math.min(rows - 1, Math.max(0, y)) * columns + Math.min(columns - 1, Math.max(0, x))]!;
    const expected = (ix: number, iy: number): number => {
      const x0 = Math.floor(ix);
      const y0 = Math.floor(iy);
      const fx = ix - x0;
      const fy = iy - y0;
      const v = (at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx) * (1 - fy) + (at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx) * fy;
      const hu = v * slope + intercept;
      return 255 * Math.min(1, Math.max(0, (hu - (center - 0.5)) / (width - 1) + 0.5));
    };
    const REGISTRATION = 0.05;
    let compared = 0;
    let beyond = 0;
    let edgeSamples = 0;
    for (let y = 0; y < shown.height; y++) {
      for (let x = 0; x < shown.width; x++) {
        const [mmX, mmY] = screenToImage(p.transform!, p.size, [x + 0.5, y + 0.5]);
        const ix = mmX / p.pixelSpacing![1] - 0.5;
        const iy = mmY / p.pixelSpacing![0] - 0.5;
        if (ix < 0 || iy < 0 || ix > columns - 1 || iy > rows - 1) continue;
        const want = expected(ix, iy);
        const got = shown.rgba[(y * shown.width + x) * 4]!;
        compared++;
        // ±1 gray level, and a registration tolerance of 1/20 pixel: across a 1000 HU edge the
        // window turns that into several gray levels (a half-pixel shift fails almost every edge).
        if (Math.abs(got - want) > 1.5) {
          const near = [-REGISTRATION, REGISTRATION].flatMap((dx) => [-REGISTRATION, REGISTRATION].map((dy) => expected(ix + dx, iy + dy)));
          if (got < Math.min(...near) - 1.5 || got > Math.max(...near) + 1.5) beyond++;
        }
        // Pixels between samples that differ: where a half-pixel shift or nearest sampling would show.
        if (Math.abs(at(Math.floor(ix), Math.floor(iy)) - at(Math.floor(ix) + 1, Math.floor(iy))) > 20 && want > 5 && want < 250) edgeSamples++;
      }
    }
    expect(compared).toBeGreaterThan(200 * 200);
    expect(edgeSamples).toBeGreaterThan(500);
    expect(beyond / compared).toBeLessThanOrEqual(0.001);
  });

  test('window/level by drag, by preset and by number; zoom and pan', async ({ page }, testInfo) => {
    const start = await openAxialSoftTissue(page);
    expect(start.window).toEqual({ center: 40, width: 400 });
    const box = (await page.getByTestId('viewport').first().boundingBox())!;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    await page.mouse.move(cx + 20, cy + 10, { steps: 3 });
    await page.mouse.move(cx + 40, cy + 20, { steps: 3 });
    await page.mouse.up();
    // Drag right widens, drag down raises the level, 400/256 units per pixel at this width.
    await waitForViewport(page, 0, (v) => v.window?.width === 400 + 40 * (400 / 256) && v.window?.center === 40 + 20 * (400 / 256));
    await expect(page.getByTestId('overlay-bottomRight')).toContainText('W: 463 L: 71');
    await page.keyboard.press('1');
    await waitForViewport(page, 0, (v) => v.window?.center === -600 && v.window?.width === 1500);
    await page.locator('[data-preset="mediastinum"]').click();
    await waitForViewport(page, 0, (v) => v.window?.center === 50 && v.window?.width === 350);
    await page.getByLabel('Window width').fill('80');
    await page.getByLabel('Window level').fill('35');
    await page.getByRole('button', { name: 'Set', exact: true }).click();
    await waitForViewport(page, 0, (v) => v.window?.center === 35 && v.window?.width === 80);

    const fit = await waitForViewport(page, 0);
    await page.keyboard.press('+');
    const zoomed = await waitForViewport(page, 0, (v) => Math.abs(v.transform!.scale - fit.transform!.scale * 1.25) < 1e-9);
    const anchor: Point2 = [100, 100];
    const before = imageToScreen(zoomed.transform!, zoomed.size, anchor);
    await page.mouse.move(cx, cy);
    await page.mouse.down({ button: 'middle' });
    await page.mouse.move(cx + 30, cy - 20, { steps: 4 });
    await page.mouse.up({ button: 'middle' });
    const panned = await waitForViewport(page, 0, (v) => v.transform!.center[0] !== zoomed.transform!.center[0]);
    const after = imageToScreen(panned.transform!, panned.size, anchor);
    expect(after[0] - before[0]).toBeCloseTo(30, 6);
    expect(after[1] - before[1]).toBeCloseTo(-20, 6);
    await page.screenshot({ path: testInfo.outputPath('windowed-zoomed.png') });
    // A right click without dragging opens the tool menu; choosing a tool selects it everywhere.
    await page.mouse.click(cx, cy, { button: 'right' });
    await page.getByTestId('tool-menu').getByRole('menuitemradio', { name: 'Ellipse' }).click();
    await expect(page.getByTestId('tool-menu')).toHaveCount(0);
    await expect(page.locator('[data-tool="ellipse"]')).toHaveAttribute('aria-checked', 'true');
  });

  test('a length across nodule B reads its diameter; an ROI in soft tissue reads its HU; both are kept', async ({ page }, testInfo) => {
    const { objects } = phantom();
    const nodule = objects.find((o) => o.name === 'nodule B')!;
    const [nx, ny, nz] = nodule.center as Vec3;
    // The demo study is shared by every spec: this one counts its own two measurements, so it starts from none.
    await page.goto(launchUrl());
    const cleared = await page.request.put(`/api/studies/${phantom().studyUid}/annotations`, { data: { studyInstanceUid: phantom().studyUid, measurements: [] } });
    expect(cleared.ok()).toBe(true);
    let p = await openAxialSoftTissue(page);
    await page.getByTestId('viewport').first().click();
    // Scroll to the slice through the nodule's centre (5 mm slices, head first).
    const steps = Math.round((p.imagePosition![2] - nz) / 5);
    for (let i = 0; i < steps; i++) await page.keyboard.press('ArrowDown');
    p = await waitForViewport(page, 0, (v) => v.index === steps);
    expect(Math.abs(p.imagePosition![2] - nz)).toBeLessThanOrEqual(2.5);
    await page.locator('[data-preset="mediastinum"]').click();
    p = await waitForViewport(page, 0, (v) => v.window?.center === 50);

    // Find the nodule's edges on screen along the row through its centre (half-way gray level).
    const shown = await readViewport(page, 0);
    const centre = imageToScreen(p.transform!, p.size, planePoint(p, [nx, ny, nz]));
    const row = Math.round(centre[1]);
    const gray = (x: number): number => shown.rgba[(row * shown.width + x) * 4]!;
    const peak = gray(Math.round(centre[0]));
    let left = Math.round(centre[0]);
    let right = left;
    while (left > 0 && gray(left - 1) > peak / 2) left--;
    while (right < shown.width - 1 && gray(right + 1) > peak / 2) right++;
    const box = (await page.getByTestId('viewport').first().boundingBox())!;
    await page.keyboard.press('l');
    await page.mouse.move(box.x + left, box.y + row);
    await page.mouse.down();
    await page.mouse.move(box.x + right + 1, box.y + row, { steps: 5 });
    await page.mouse.up();
    const label = page.getByTestId('measurement-label').first();
    await expect(label).toContainText(' mm');
    const mm = Number(/([\d.]+) mm/.exec((await label.textContent())!)![1]);
    // Known diameter ±1 pixel.
    expect(Math.abs(mm - 2 * nodule.radius!)).toBeLessThanOrEqual(p.pixelSpacing![1]);

    // ROI: an ellipse in plain soft tissue (40 HU, noise SD 6) between the lungs, in front of the aorta.
    await page.keyboard.press('e');
    const a = await screenOf(page, p, planePoint(p, [-12, -67, p.imagePosition![2]]));
    const b = await screenOf(page, p, planePoint(p, [12, -43, p.imagePosition![2]]));
    await page.mouse.move(a[0], a[1]);
    await page.mouse.down();
    await page.mouse.move(b[0], b[1], { steps: 5 });
    await page.mouse.up();
    const roi = page.locator('.measurement[data-kind="ellipse"] [data-testid="measurement-label"]');
    await expect(roi).toContainText('HU');
    const text = (await roi.textContent())!;
    const mean = Number(/Mean (-?[\d.]+) HU/.exec(text)![1]);
    const sd = Number(/SD ([\d.]+)/.exec(text)![1]);
    expect(Math.abs(mean - 40)).toBeLessThanOrEqual(4);
    expect(sd).toBeGreaterThan(3);
    expect(sd).toBeLessThan(9);
    await page.screenshot({ path: testInfo.outputPath('measurements.png') });
    // Saved with the study in the cache (the host's annotation store).
    await expect
      .poll(async () => ((await (await page.context().request.get(`/api/studies/${phantom().studyUid}/annotations`)).json()) as { measurements: { kind: string }[] }).measurements.map((m) => m.kind).sort())
      .toEqual(['ellipse', 'length']);
    await expect(page.getByTestId('save-state')).toHaveText('Measurements saved');

    // Kept with the study: a fresh page shows them on the same slice.
    p = await openAxialSoftTissue(page);
    await page.getByTestId('viewport').first().click();
    for (let i = 0; i < steps; i++) await page.keyboard.press('ArrowDown');
    await waitForViewport(page, 0, (v) => v.index === steps);
    await expect(page.locator('.measurement[data-kind="length"]')).toHaveCount(1);
    await expect(page.locator('.measurement[data-kind="ellipse"] [data-testid="measurement-label"]')).toContainText(`Mean ${mean.toFixed(1)} HU`);
    // An arrow annotation, its text edited by double-clicking its head.
    await page.keyboard.press('t');
    const tail = await screenOf(page, p, planePoint(p, [40, -60, p.imagePosition![2]]));
    const head = await screenOf(page, p, planePoint(p, [nx + 10, ny - 25, nz]));
    await page.mouse.move(tail[0], tail[1]);
    await page.mouse.down();
    await page.mouse.move(head[0], head[1], { steps: 4 });
    await page.mouse.up();
    await expect(page.locator('.measurement[data-kind="arrow"] [data-testid="measurement-label"]')).toHaveText('Finding');
    page.once('dialog', (d) => void d.accept('Nodule B, 18 mm'));
    await page.mouse.dblclick(head[0], head[1]);
    await expect(page.locator('.measurement[data-kind="arrow"] [data-testid="measurement-label"]')).toHaveText('Nodule B, 18 mm');
    // Delete: select by its handle, press Delete.
    const [h] = await page.locator('.measurement[data-kind="length"] .handle').evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => [r.x + r.width / 2, r.y + r.height / 2]));
    await page.keyboard.press('l');
    await page.mouse.click(h![0]!, h![1]!);
    await page.keyboard.press('Delete');
    await expect(page.locator('.measurement[data-kind="length"]')).toHaveCount(0);
  });

  test('a RIS opens a study by accession number in the URL; unknown ones get a clear message', async ({ page }) => {
    await page.goto(launchUrl('AccessionNumber=SYN26001'));
    await expect(page.getByTestId('viewer-workspace')).toBeVisible();
    const p = await waitForViewport(page, 0);
    expect(p.count).toBeGreaterThan(0);
    await expect(page.getByTestId('overlay-topRight').first()).toContainText('Acc: SYN26001');
    await page.goto(launchUrl('AccessionNumber=NOPE-123'));
    await expect(page.getByTestId('launch-message')).toHaveText('Accession number NOPE-123 is not in the local cache');
    expect(await viewportProbe(page, 0).catch(() => undefined)).toBeUndefined();
  });

  test('`lightbox open --accession` from a RIS shows the study in the open window', async ({ page }) => {
    await page.goto(launchUrl());
    await expect(page.locator('body')).toHaveAttribute('data-shell-ready', 'true');
    const run = promisify(execFile);
    const bin = path.resolve(import.meta.dirname, '../bin/lightbox.js');
    const ok = await run(process.execPath, [bin, '--data-dir', E2E_DATA_DIR, 'open', '--accession', 'SYN25001']);
    expect(ok.stdout).toContain('Opening study');
    await expect(page.getByTestId('viewer-workspace')).toBeVisible();
    await expect(page.getByTestId('overlay-topRight').first()).toContainText('Acc: SYN25001');
    const missing = await run(process.execPath, [bin, '--data-dir', E2E_DATA_DIR, 'open', '--study', '1.2.3.4.5']).catch((e: { code: number; stderr: string }) => e);
    expect((missing as { code: number }).code).toBe(1);
    expect((missing as { stderr: string }).stderr).toContain('Study 1.2.3.4.5 is not in the local cache');
  });

  test('reference lines: the active coronal slice shows as a line across the axial image', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(launchUrl());
    await page.getByTestId('study-list').locator('tbody tr').first().dblclick();
    await expect(page.getByTestId('viewport')).toHaveCount(3);
    const cells = page.getByTestId('viewport');
    // Hung by the CT chest protocol: axial lung (0), axial soft tissue (1), coronal (2).
    await waitForViewport(page, 1, (v) => v.count === 56);
    await waitForViewport(page, 2, (v) => !!v.rowCosines && Math.abs(v.rowCosines[0]) > 0.99 && v.count > 1);
    await cells.nth(2).click();
    const line = cells.nth(1).getByTestId('reference-line').locator('line');
    await expect(line).toHaveCount(1);
    // The coronal plane's y (patient) on the axial image, in screen pixels, from both viewports as
    // they are now (the grid may still settle after the first images: the fusion row appears once
    // the series are listed, and the viewports re-fit).
    const offset = async (): Promise<number> => {
      const [axial, coronal] = [await waitForViewport(page, 1), await waitForViewport(page, 2)];
      const expectedY = imageToScreen(axial.transform!, axial.size, planePoint(axial, [0, coronal.imagePosition![1], axial.imagePosition![2]]))[1];
      return Math.abs(Number(await line.getAttribute('y1')) - expectedY);
    };
    await expect.poll(offset, { timeout: 10_000 }).toBeLessThan(0.5);
    const y1 = Number(await line.getAttribute('y1'));
    const y2 = Number(await line.getAttribute('y2'));
    expect(Math.abs(y1 - y2)).toBeLessThan(0.5);
    // Scrolling the coronal series moves the line.
    await page.keyboard.press('ArrowDown');
    await expect.poll(async () => Number(await line.getAttribute('y1'))).not.toBeCloseTo(y1, 1);
  });
});
