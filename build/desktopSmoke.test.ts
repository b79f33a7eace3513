// The desktop app's smoke test, on the BUILT bundle (out/electron/main.mjs, as packaged), in Node
// under an Electron API STAND-IN — the Electron binary cannot be installed on these machines (its
// npm package downloads it), so `electron` resolves to testing/electronStandIn/electronApi.mjs,
// which implements what main uses with Electron's semantics and reports what main asks of it.
// Everything behind main is real: the host process (the built out/node/hostProcess.mjs, forked as
// Electron's utilityProcess.fork would), its cache, its loopback server, the decoder threads.
// Where a real Electron exists, e2e/electron.spec.ts runs the real app on the same steps.
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DesktopApp } from '../testing/electronStandIn/launchDesktopApp';
import { prepareSmokeData, runDesktopSmoke } from '../testing/electronStandIn/desktopSmokeScenario';
import type { GeneratedManifest } from '../electron/node/synthetic/generateSyntheticStudies';

/** The main bundle under test: the checkout's build, or another (a packaged app's, an older build's). */
export const MAIN = process.env.LIGHTBOX_DESKTOP_MAIN ?? path.resolve(import.meta.dirname, '../out/electron/main.mjs');

let dir: string;
let manifest: GeneratedManifest;
let app: DesktopApp | undefined;

beforeAll(async () => {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first (npm test does)`);
  dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-desktop-'));
  manifest = await prepareSmokeData(dir);
}, 120_000);
afterAll(async () => {
  if (app && app.process.exitCode === null) app.process.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});


describe(`the desktop app, built (${path.relative(process.cwd(), MAIN)}), under the Electron API stand-in`, () => {
  it('starts: host process, a sandboxed window per display, the scheme answered through the host process, restart after a crash, quit without a child left', async () => {
    await runDesktopSmoke({ main: MAIN, dir, manifest, onLaunch: (launched) => (app = launched) });
  }, 120_000);

  it('is the build of the current sources', () => {
    // A stale out/ would test old code: the bundle must be newer than main's own source.
    if (process.env.LIGHTBOX_DESKTOP_MAIN) return;
    expect(statSync(MAIN).mtimeMs).toBeGreaterThanOrEqual(statSync(path.resolve(import.meta.dirname, '../electron/electron-main/main.ts')).mtimeMs);
  });
});
