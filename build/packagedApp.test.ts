// The packaged app, checked offline: electron-builder builds the unpacked app directory (`--dir`,
// what every installer is made from) against an Electron distribution — a real one when
// ELECTRON_OVERRIDE_DIST_PATH points to it, else a STAND-IN folder (a placeholder executable: the
// Electron binary cannot be downloaded here). The test reads the produced app.asar with
// @electron/asar, checks what must be unpacked, and runs the desktop smoke test on the packaged
// main (extracted, under the Electron API stand-in): a file missing from `files:` fails here.
// Native modules are not rebuilt for Electron's ABI here (that needs Electron's headers from the
// internet; `npm run dist` does it), so the packaged better-sqlite3 is the one Node loads.
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { extractAll, listPackage } from '@electron/asar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GeneratedManifest } from '../electron/node/synthetic/generateSyntheticStudies';
import { prepareSmokeData, runDesktopSmoke } from '../testing/electronStandIn/desktopSmokeScenario';
import type { DesktopApp } from '../testing/electronStandIn/launchDesktopApp';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
let dir: string;
let resources: string;
let app: DesktopApp | undefined;

/** A stand-in Electron distribution: what electron-builder copies and renames into the app directory. */
function standInElectronDist(at: string): string {
  mkdirSync(path.join(at, 'resources'), { recursive: true });
  writeFileSync(path.join(at, 'electron'), '#!/bin/sh\necho "stand-in for the Electron binary (not installable here)" >&2\nexit 1\n');
  chmodSync(path.join(at, 'electron'), 0o755);
  const version = (JSON.parse(readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;
  writeFileSync(path.join(at, 'version'), version);
  return at;
}

beforeAll(async () => {
  if (!existsSync(path.join(root, 'out/electron/main.mjs'))) throw new Error('out/ is missing: run `npm run build` first (npm test does)');
  dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-packaged-'));
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? standInElectronDist(path.join(dir, 'electron-dist'));
  const builder = path.join(root, 'node_modules/.bin/electron-builder');
  await run(builder, ['--dir', '--config', 'build/electron-builder.yml', `-c.electronDist=${dist}`, '-c.npmRebuild=false', `-c.directories.output=${path.join(dir, 'dist')}`], {
    cwd: root,
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
    maxBuffer: 1 << 24,
  });
  resources = path.join(dir, 'dist', `${process.platform === 'linux' ? 'linux' : process.platform}-unpacked`, 'resources');
}, 180_000);
afterAll(async () => {
  if (app && app.process.exitCode === null) app.process.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

describe('the packaged app (electron-builder --dir)', () => {
  it('holds main, preload, renderer, host process, workers and the runtime packages; native code and WASM unpacked', () => {
    const archive = path.join(resources, 'app.asar');
    const entries = new Set(listPackage(archive, { isPack: false }).map((e) => e.replace(/\\/g, '/')));
    for (const file of ['/package.json', '/out/electron/main.mjs', '/out/electron/preload.cjs', '/out/renderer/index.html', '/out/node/hostProcess.mjs', '/out/node/cli.mjs', '/out/node/imagingWorker.mjs', '/out/node/decoderWorker.mjs', '/out/node/demoWorker.mjs']) {
      expect(entries.has(file), file).toBe(true);
    }
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string; dependencies: Record<string, string> };
    expect(entries.has(`/${pkg.main}`)).toBe(true);
    for (const dependency of Object.keys(pkg.dependencies)) expect(entries.has(`/node_modules/${dependency}/package.json`), dependency).toBe(true);
    // Bundled, not shipped: the renderer's and the parser's packages are not in the app.
    for (const bundled of ['react', 'dicom-parser', '@kitware/vtk.js', 'tsx']) expect(entries.has(`/node_modules/${bundled}`), bundled).toBe(false);
    expect([...entries].some((e) => e.endsWith('.map'))).toBe(false);
    const unpacked = path.join(resources, 'app.asar.unpacked');
    expect(existsSync(path.join(unpacked, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'))).toBe(true);
    if (existsSync(path.join(root, 'out/native/lightbox_codecs.node'))) expect(existsSync(path.join(unpacked, 'out/native/lightbox_codecs.node'))).toBe(true);
    expect(existsSync(path.join(unpacked, 'node_modules/@cornerstonejs/codec-charls/dist/charlswasm_decode.wasm'))).toBe(true);
  });

  it('starts from the package: the desktop smoke test on the packaged main', async () => {
    const appDir = path.join(dir, 'app');
    extractAll(path.join(resources, 'app.asar'), appDir);
    const data = path.join(dir, 'smoke');
    const manifest: GeneratedManifest = await prepareSmokeData(data);
    await runDesktopSmoke({ main: path.join(appDir, 'out/electron/main.mjs'), dir: data, manifest, onLaunch: (launched) => (app = launched) });
  }, 180_000);
});
