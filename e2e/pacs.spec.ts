import { expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GENERATE_PRESETS, generateSyntheticStudies } from '../electron/node/synthetic/generateSyntheticStudies';
import { listDicomFiles } from '../testing/node/listDicomFiles';
import { freeServicePort, orthancAvailable, startOrthanc, type OrthancPeer } from '../testing/node/orthancPeer';
import { missingHere } from '../testing/node/requiredInCi';
import { runTool } from '../testing/node/runTool';
import { spawnHost, type SpawnedHost } from './support/spawnedHost';
import { waitForViewport } from './support/viewerProbe';

// Query/retrieve from a real Orthanc in the study browser, then an outage: the node shows
// offline, the retrieved study still opens and renders, and the node comes back.

const BIN = path.resolve(import.meta.dirname, '../bin/lightbox.js');
const TOKEN = 'e2e-pacs-token-8c2f1e7d6b5a4c3d';
let dir: string;
let orthanc: OrthancPeer;
let server: SpawnedHost;
let origin: string;
let studyUid: string;
let instanceCount: number;
let scpPort: number;
let arriving: { thin: string[]; thick: string[] };
let arrivingUid: string;

test.describe('PACS in the study browser', () => {
  test.skip(missingHere(orthancAvailable(), 'Orthanc with its DICOMweb plugin'), 'Orthanc is not installed');
  test.describe.configure({ mode: 'serial' });

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    dir = mkdtempSync(path.join(os.tmpdir(), 'lightbox-e2e-pacs-'));
    const dataDir = path.join(dir, 'data');
    scpPort = await freeServicePort();
    orthanc = await startOrthanc({ modalities: { lightbox: ['LIGHTBOX_E2E', '127.0.0.1', scpPort] } });
    const generated = await generateSyntheticStudies({ outDir: path.join(dir, 'remote'), preset: GENERATE_PRESETS.tiny!, seed: 'e2e-pacs', onlySeries: ['axial-soft-thin', 'coronal-reformat'], currentOnly: true });
    studyUid = generated.studies[0]!.studyInstanceUid;
    const files = await listDicomFiles(path.join(dir, 'remote'));
    instanceCount = files.length;
    // A second study, sent to our SCP while it is open: half of one series first, then the rest and another series.
    const arrivingStudy = await generateSyntheticStudies({ outDir: path.join(dir, 'arriving'), preset: GENERATE_PRESETS.tiny!, seed: 'e2e-arriving', onlySeries: ['axial-soft-thin', 'axial-soft-thick'], currentOnly: true });
    arrivingUid = arrivingStudy.studies[0]!.studyInstanceUid;
    const arrivingFiles = await listDicomFiles(path.join(dir, 'arriving'));
    arriving = { thin: arrivingFiles.filter((f) => f.includes('axial-soft-thin')), thick: arrivingFiles.filter((f) => f.includes('axial-soft-thick')) };
    for (const f of files) await orthanc.upload(f);
    // The modality that sends below (dcmtk's storescu, calling AE STORESCU) is allowed by name: the SCP accepts only known callers.
    await runTool(process.execPath, [BIN, '--data-dir', dataDir, 'nodes', 'local', '--aet', 'LIGHTBOX_E2E', '--scp-port', String(scpPort), '--allow', 'STORESCU']);
    await runTool(process.execPath, [BIN, '--data-dir', dataDir, 'nodes', 'add', 'pacs', `${orthanc.aeTitle}@127.0.0.1:${orthanc.dicomPort}`, '--timeout', '3']);
    const port = await freeServicePort();
    origin = `http://127.0.0.1:${port}`;
    server = spawnHost(BIN, ['--data-dir', dataDir, 'serve', '--port', String(port), '--token', TOKEN, '--no-demo', '--heartbeat', '1'], path.join(dir, 'host.log'));
    await expect.poll(async () => (await fetch(`${origin}/api/host`).catch(() => undefined))?.status, { timeout: 60_000 }).toBe(401);
  });

  // Each test starts on a running host; one that stopped under the previous test says why.
  test.beforeEach(() => server.assertRunning());
  test.afterEach(() => server.assertRunning());

  test.afterAll(async () => {
    server?.stop();
    await orthanc?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('search the PACS, retrieve with progress, open the study as it arrives', async ({ page }) => {
    await page.goto(`${origin}/?token=${TOKEN}`);
    await expect(page.getByTestId('pacs-node-pacs')).toHaveAttribute('data-state', 'online', { timeout: 15_000 });
    await page.getByTestId('study-source').selectOption('pacs');
    await page.getByLabel('Remote patient name').fill('LIGHTBOX');
    await page.getByTestId('remote-search').click();
    const row = page.getByTestId('remote-study');
    await expect(row).toHaveCount(1);
    await expect(row).toContainText(String(instanceCount));
    await row.getByTestId('retrieve').click();
    // Progress shows n/total (with Open as soon as the first images landed); at the end Open alone.
    await expect(row.getByTestId('remote-study-state')).toHaveText('Open', { timeout: 60_000 });
    const status = (await (await page.request.get(`${origin}/api/pacs`)).json()) as { retrieves: { state: string; total: number; done: number }[] };
    expect(status.retrieves.at(-1)).toMatchObject({ state: 'done', total: instanceCount, done: instanceCount });
    // Every instance is in the cache (read back through the host's own DICOMweb, with the page's login).
    const metadata = (await (await page.request.get(`${origin}/dicomweb/studies/${studyUid}/metadata`)).json()) as unknown[];
    expect(metadata.length).toBe(instanceCount);
    // The study is in the local list too.
    await page.getByTestId('study-source').selectOption('local');
    await expect(page.locator('.study-table tbody tr')).toHaveCount(1);
  });

  test('images that land in an open study appear in it; the image being read stays on screen', async ({ page }) => {
    const send = (files: string[]): Promise<Buffer> => runTool('storescu', ['-aec', 'LIGHTBOX_E2E', '127.0.0.1', String(scpPort), ...files], { env: { TCP_NODELAY: '1' } });
    const half = Math.floor(arriving.thin.length / 2);
    await send(arriving.thin.slice(0, half));
    // Opened as a RIS would open it, by its UID.
    await page.goto(`${origin}/?token=${TOKEN}&StudyInstanceUID=${arrivingUid}`);
    const first = await waitForViewport(page, 0);
    expect(first.count).toBe(half);
    await page.keyboard.press('End');
    const atEnd = await waitForViewport(page, 0, (p) => p.index === half - 1);
    await send([...arriving.thin.slice(half), ...arriving.thick]);
    // The stack grows to the whole series, still showing the same image; the new series joins the strip.
    const grown = await waitForViewport(page, 0, (p) => p.count === arriving.thin.length);
    expect(grown.sopInstanceUid).toBe(atEnd.sopInstanceUid);
    await expect(page.getByTestId('series-thumb')).toHaveCount(2, { timeout: 15_000 });
  });

  test('PACS settings: add a node, echo it, a bad AE title is refused naming it, remove it', async ({ page }) => {
    await page.goto(`${origin}/?token=${TOKEN}`);
    await page.getByTestId('open-pacs-nodes').click();
    const dialog = page.getByTestId('pacs-dialog');
    await expect(dialog).toContainText('LIGHTBOX_E2E');
    await dialog.getByLabel('Node name').fill('second');
    await dialog.getByLabel('AE title').fill('A TITLE TOO LONG FOR DICOM');
    await dialog.getByLabel('Host').fill('127.0.0.1');
    await dialog.getByLabel('Port').fill(String(orthanc.dicomPort));
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog.getByRole('alert')).toContainText('"A TITLE TOO LONG FOR DICOM" is not a valid AE title');
    await dialog.getByLabel('AE title').fill(orthanc.aeTitle);
    await dialog.getByRole('button', { name: 'Save' }).click();
    const row = page.getByTestId('pacs-row-second');
    await expect(row.getByTestId('pacs-row-state')).toHaveText(/online \(\d+ ms\)/, { timeout: 15_000 });
    await row.getByRole('button', { name: 'Echo' }).click();
    await expect(row.getByTestId('pacs-row-state')).toHaveText(/online/);
    // The echo says what it found, in words.
    await expect(dialog.getByTestId('pacs-echo-result')).toHaveText(/^second answered the echo in \d+ ms$/);
    await row.getByRole('button', { name: 'Remove' }).click();
    await expect(row).toHaveCount(0);
    await page.keyboard.press('Escape');
  });

  test('PACS down: shown as offline; the retrieved study still opens and renders; PACS back: online', async ({ page }) => {
    await page.goto(`${origin}/?token=${TOKEN}`);
    await expect(page.getByTestId('pacs-node-pacs')).toHaveAttribute('data-state', 'online', { timeout: 15_000 });
    await orthanc.kill();
    await expect(page.getByTestId('pacs-node-pacs')).toHaveAttribute('data-state', 'offline', { timeout: 15_000 });
    await expect(page.getByTestId('pacs-offline-note')).toContainText('pacs unreachable since');
    // Searching it says which node and what happened, in words: no request names, no HTTP codes.
    await page.getByTestId('study-source').selectOption('pacs');
    await page.getByTestId('remote-search').click();
    const searchError = page.getByRole('alert');
    await expect(searchError).toContainText(/^pacs: .*(refused|ECONNREFUSED|did not answer|unreachable)/i);
    await expect(searchError).not.toContainText('queryPacs');
    await expect(searchError).not.toContainText('HTTP');
    await page.getByTestId('study-source').selectOption('local');
    await page.locator('.study-table tbody tr').first().dblclick();
    const probe = await waitForViewport(page, 0);
    expect(probe.frameLoaded).toBe(true);
    await orthanc.restart();
    await expect(page.getByTestId('pacs-node-pacs')).toHaveAttribute('data-state', 'online', { timeout: 20_000 });
  });
});
