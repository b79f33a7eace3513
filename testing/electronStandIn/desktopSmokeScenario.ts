import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { readDicomFileSync } from '../../electron/node/dicom/readDicomFile';
import { importPaths } from '../../electron/node/cache/importPaths';
import { StudyCache } from '../../electron/node/cache/studyCache';
import { loadPacsSettings, savePacsSettings } from '../../electron/node/pacs/pacsSettings';
import { GENERATE_PRESETS, generateSyntheticStudies, type GeneratedManifest } from '../../electron/node/synthetic/generateSyntheticStudies';
import { freePort } from '../node/orthancPeer';
import { launchDesktopApp, processRuns, type DesktopApp, type StandInReport } from './launchDesktopApp';

/** `dir/gen`: a small generated study; `dir/data`: a data folder holding it, its Storage SCP on a free port. */
export async function prepareSmokeData(dir: string): Promise<GeneratedManifest> {
  const manifest = await generateSyntheticStudies({ outDir: path.join(dir, 'gen'), preset: GENERATE_PRESETS.tiny!, currentOnly: true, onlySeries: ['axial-soft-thin'], seed: 'desktop' });
  const cache = new StudyCache(path.join(dir, 'data'));
  await importPaths(cache, [path.join(dir, 'gen')]);
  cache.close();
  // Our Storage SCP on a free port (11112 may be taken by another workstation or test).
  savePacsSettings(path.join(dir, 'data'), { ...loadPacsSettings(path.join(dir, 'data')), scpPort: await freePort() });
  return manifest;
}

const text = (body: Uint8Array): string => Buffer.from(body).toString('utf8');
const forked = (r: StandInReport): boolean => r.kind === 'utility-forked';

/**
 * The desktop smoke scenario on a built main bundle (the checkout's out/, or a packaged app's),
 * under the Electron API stand-in: app ready → host process started → a sandboxed window per
 * display → the lightbox:// scheme answers the shell page, the study list and one frame through
 * the host process → the host killed and restarted with nothing lost → quit with no child left.
 * `dir` holds `gen/` (the generated study, `manifest`) already imported into `data/`.
 */
export async function runDesktopSmoke(options: { main: string; dir: string; manifest: GeneratedManifest; onLaunch?: (app: DesktopApp) => void }): Promise<void> {
  const { main: MAIN, dir, manifest } = options;
  const app = launchDesktopApp({ main: MAIN, dataDir: path.join(dir, 'data'), displays: 2 });
  options.onLaunch?.(app);
  const failedEarly = app.exited.then((code) => {
    throw new Error(`main exited with code ${code} before it was ready (see its output above)`);
  });

  // Before ready: lightbox:// registered as a privileged, secure, fetch- and stream-capable scheme.
  const privileged = await Promise.race([app.waitFor((r) => r.kind === 'privileged-schemes'), failedEarly]);
  expect(privileged.schemes).toContainEqual({ scheme: 'lightbox', privileges: expect.objectContaining({ standard: true, secure: true, supportFetchAPI: true, stream: true }) });

  // Ready: the host runs in a process of its own, from the built module.
  const host = await Promise.race([app.waitFor(forked), failedEarly]);
  expect(host).toMatchObject({ serviceName: 'Lightbox host', modulePath: path.join(path.dirname(MAIN), '../node/hostProcess.mjs') });
  const hostPid = host.pid as number;
  expect(hostPid).not.toBe(app.process.pid);
  expect(processRuns(hostPid)).toBe(true);

  // One window per display, each on its display, with the security baseline and the sandboxed preload.
  await app.waitFor((r) => r.kind === 'window-loaded' && String(r.url).endsWith('display=1001'));
  const { windows, sandbox } = await app.command<{ windows: Array<{ url: string; bounds: { x: number }; options: { webPreferences: Record<string, unknown> } }>; sandbox: boolean }>('windows');
  expect(sandbox).toBe(true);
  expect(windows.map((w) => [w.url, w.bounds.x])).toEqual([
    ['lightbox://app/index.html?display=1000', 0],
    ['lightbox://app/index.html?display=1001', 1920],
  ]);
  for (const w of windows) {
    expect(w.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, webSecurity: true, webviewTag: false });
    expect(existsSync(String(w.options.webPreferences.preload))).toBe(true);
  }

  // The shell page, with its CSP, through main's scheme handler and the host process.
  const shell = await app.request('lightbox://app/index.html?display=1000');
  expect(shell.status).toBe(200);
  expect(text(shell.body)).toContain('<div id="root">');
  expect(shell.headers['content-security-policy']).toMatch(/default-src 'self'/);
  expect(shell.headers['content-security-policy']).toMatch(/object-src 'none'/);
  expect((await app.request('lightbox://evil/api/studies')).status).toBe(404);

  // The study list and one frame, byte-exact, from the host's cache.
  const study = manifest.studies[0]!;
  const list = JSON.parse(text((await app.request('lightbox://app/api/studies')).body)) as Array<{ studyInstanceUid: string; instanceCount: number }>;
  expect(list).toEqual([expect.objectContaining({ studyInstanceUid: study.studyInstanceUid, instanceCount: manifest.files })]);
  const series = study.series[0]!;
  const file = path.join(dir, 'gen', series.folder, '0007.dcm');
  const parsed = readDicomFileSync(file);
  const sop = String(parsed.dataset['00080018']!.Value![0]);
  const frame = await app.request(`lightbox://app/api/studies/${study.studyInstanceUid}/series/${series.seriesInstanceUid}/instances/${sop}/frames/1`);
  expect(frame.status).toBe(200);
  const stored = (await readFile(file)).subarray(parsed.pixelData!.offset, parsed.pixelData!.offset + parsed.pixelData!.length!);
  expect(Buffer.from(frame.body).equals(stored)).toBe(true);

  // Navigation stays in the app; other pages and new windows are refused.
  expect(await app.command('navigate', { url: 'lightbox://app/index.html?display=1001' })).toMatchObject({ allowed: true, open: 'deny' });
  expect(await app.command('navigate', { url: 'https://example.com/' })).toMatchObject({ allowed: false, open: 'deny' });
  expect(await app.command('navigate', { url: 'file:///etc/passwd' })).toMatchObject({ allowed: false, open: 'deny' });

  // The host process dies: the windows are told, main starts it again, and what it stored is there.
  process.kill(hostPid, 'SIGKILL');
  const told = await app.waitFor((r) => r.kind === 'ipc-send' && JSON.stringify(r.args).includes('"state":"restarting"'));
  expect(told.channel).toBe('lightbox:host-event');
  const again = await app.waitFor((r) => forked(r) && r.pid !== hostPid);
  const afterCrash = await app.request('lightbox://app/api/studies');
  expect(JSON.parse(text(afterCrash.body))).toEqual(list);
  await app.waitFor((r) => r.kind === 'ipc-send' && JSON.stringify(r.args).includes('"state":"running"'));

  // Quit: main stops the host (it closes its cache) and exits; no child process is left.
  await app.command('quit');
  expect(await app.exited).toBe(0);
  expect(app.reports.some((r) => r.kind === 'utility-exited' && r.pid === again.pid && r.code === 0)).toBe(true);
  expect(processRuns(again.pid as number)).toBe(false);
  expect(processRuns(hostPid)).toBe(false);
}
