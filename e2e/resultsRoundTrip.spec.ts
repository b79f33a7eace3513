import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { StudyResults } from '../electron/common/contract/hostContract';
import { GENERATE_PRESETS, generateSyntheticStudies } from '../electron/node/synthetic/generateSyntheticStudies';
import { listDicomFiles } from '../testing/node/listDicomFiles';
import { freeServicePort, orthancAvailable, startOrthanc, type OrthancPeer } from '../testing/node/orthancPeer';
import { missingHere } from '../testing/node/requiredInCi';
import { runTool } from '../testing/node/runTool';
import { spawnHost, type SpawnedHost } from './support/spawnedHost';
import { waitForViewport } from './support/viewerProbe';

// Results that travel (issue 21), in the browser: a measurement, a key image and a display made
// here are saved as SR, KOS and GSPS and sent to a real Orthanc; the local study is deleted and
// retrieved from Orthanc; reopened, the same measurement (same label), key image and — with the
// presentation state switched on — the same window and rotation come back.

const BIN = path.resolve(import.meta.dirname, '../bin/lightbox.js');
const TOKEN = 'e2e-results-token-4d1c9b8a7f6e5d4c';
let dir: string;
let dataDir: string;
let orthanc: OrthancPeer;
let server: SpawnedHost;
let origin: string;
let studyUid: string;
let imageCount: number;

async function openStudy(page: Page) {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`${origin}/?token=${TOKEN}&StudyInstanceUID=${studyUid}`);
  return waitForViewport(page, 0, (p) => p.count === imageCount);
}

test.describe('results round trip through a PACS', () => {
  test.skip(missingHere(orthancAvailable(), 'Orthanc with its DICOMweb plugin'), 'Orthanc is not installed');

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    dir = mkdtempSync(path.join(os.tmpdir(), 'lightbox-e2e-results-'));
    dataDir = path.join(dir, 'data');
    orthanc = await startOrthanc();
    const generated = await generateSyntheticStudies({ outDir: path.join(dir, 'study'), preset: GENERATE_PRESETS.tiny!, seed: 'e2e-results', onlySeries: ['axial-soft-thick'], currentOnly: true });
    studyUid = generated.studies[0]!.studyInstanceUid;
    const files = await listDicomFiles(path.join(dir, 'study'));
    imageCount = files.length;
    // The PACS holds the study, and so does this workstation.
    for (const f of files) await orthanc.upload(f);
    await runTool(process.execPath, [BIN, '--data-dir', dataDir, 'import', path.join(dir, 'study')]);
    await runTool(process.execPath, [BIN, '--data-dir', dataDir, 'nodes', 'add', 'PACS', orthanc.dicomWebUrl]);
    const port = await freeServicePort();
    origin = `http://127.0.0.1:${port}`;
    server = spawnHost(BIN, ['--data-dir', dataDir, 'serve', '--port', String(port), '--token', TOKEN, '--no-demo', '--no-scp'], path.join(dir, 'host.log'));
    await expect.poll(async () => (await fetch(`${origin}/api/host`).catch(() => undefined))?.status, { timeout: 60_000 }).toBe(401);
  });

  test.afterAll(async () => {
    server?.stop();
    await orthanc?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test.afterEach(() => server.assertRunning());

  test('measure, mark, window and rotate; save and send; delete, retrieve, reopen: the same results come back', async ({ page }) => {
    test.setTimeout(240_000);
    const auth = { authorization: `Bearer ${TOKEN}` };
    await openStudy(page);
    // One viewport (the protocol hangs the series twice): one display to keep.
    await page.locator('[data-layout="1x1"]').click();
    const viewport = page.getByTestId('viewport').first();
    await viewport.click();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
    const shown = await waitForViewport(page, 0, (p) => p.index === 3);
    // A length across the image, a key image mark, the lung window, a quarter turn.
    const box = (await viewport.boundingBox())!;
    await page.keyboard.press('l');
    await page.mouse.move(box.x + box.width * 0.35, box.y + box.height * 0.4);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.55, { steps: 5 });
    await page.mouse.up();
    const label = await page.getByTestId('measurement-label').first().textContent();
    expect(label).toMatch(/mm/);
    await page.keyboard.press('k');
    await page.keyboard.press('1');
    await page.keyboard.press(']');
    const before = await waitForViewport(page, 0, (p) => p.window?.center === -600 && p.transform!.rotation === 90);

    await page.getByTestId('toggle-results').click();
    await page.getByTestId('save-results').getByLabel(/send to PACS/).check();
    await page.getByTestId('save-results-button').click();
    const message = page.getByTestId('save-results-message');
    await expect(message).toContainText('SR');
    await expect(message).toContainText('KO');
    await expect(message).toContainText('PR');
    await expect(message).toContainText('queued for PACS');
    await expect.poll(async () => (await orthanc.rest<string[]>('/instances')).length, { timeout: 60_000 }).toBe(imageCount + 3);

    // Gone from this workstation, then back from the PACS.
    await runTool(process.execPath, [BIN, '--data-dir', dataDir, 'cache', 'delete', studyUid, '--reason', 'e2e round trip']);
    const retrieve = await fetch(`${origin}/api/pacs/nodes/PACS/retrieve`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ studyInstanceUid: studyUid, via: 'wado' }) });
    expect(retrieve.status).toBe(200);
    await expect
      .poll(async () => {
        const r = await fetch(`${origin}/api/studies/${studyUid}/results`, { headers: auth });
        return r.ok ? ((await r.json()) as StudyResults).results.length : 0;
      }, { timeout: 60_000 })
      .toBe(3);
    await expect.poll(async () => ((await (await fetch(`${origin}/api/studies?limit=5`, { headers: auth })).json()) as Array<{ instanceCount: number }>)[0]?.instanceCount, { timeout: 60_000 }).toBe(imageCount + 3);

    await openStudy(page);
    await page.locator('[data-layout="1x1"]').click();
    await expect(page.getByTestId('key-image-chip')).toHaveCount(1, { timeout: 15_000 });
    await page.getByTestId('key-image-chip').click();
    await waitForViewport(page, 0, (p) => p.sopInstanceUid === shown.sopInstanceUid);
    await expect(page.getByTestId('measurement-label').first()).toHaveText(label!);
    // The display comes back with the presentation state switched on, and goes with x.
    await page.getByTestId('toggle-results').click();
    await page.locator('[data-testid="result-item"][data-kind="pr"] input[type="checkbox"]').check();
    await page.getByRole('button', { name: 'Close results' }).click();
    const restored = await waitForViewport(page, 0, (p) => p.window?.center === before.window!.center && p.window?.width === before.window!.width && p.transform!.rotation === 90);
    expect(restored.transform!.flipH).toBe(before.transform!.flipH);
    await page.getByTestId('viewport').first().click();
    await page.keyboard.press('x');
    await waitForViewport(page, 0, (p) => p.transform!.rotation === 0);
  });
});
