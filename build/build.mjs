// Builds the app into out/ — what runs and what electron-builder packages:
//   out/renderer/            the renderer (Vite)
//   out/electron/main.mjs    Electron main (ESM), and preload.cjs, the sandboxed preload (CommonJS)
//   out/node/                the host process, the CLI and their worker threads (ESM, flat: a worker
//                            is found beside the code that starts it; shared code in chunk files)
//   out/native/              the native JPEG 2000 addon, when it was built (npm run build:native)
// `--renderer`: the renderer only (browser-mode e2e). `--node`: the Node bundles only (the CLI).
import { build as esbuild } from 'esbuild';
import { copyFile, mkdir, rename, rm } from 'node:fs/promises';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.includes('--renderer') ? 'renderer' : process.argv.includes('--node') ? 'node' : 'all';

/**
 * Packages resolved at run time, not bundled: `electron` (the runtime itself), better-sqlite3
 * (a native module: rebuilt for Electron's ABI by electron-builder, unpacked from the asar) and the
 * WASM codecs (their .wasm files are loaded from beside their JavaScript). They are the package's
 * only `dependencies`; everything else is bundled.
 */
export const RUNTIME_EXTERNALS = ['electron', 'better-sqlite3', '@cornerstonejs/codec-charls', '@cornerstonejs/codec-libjpeg-turbo-8bit', '@cornerstonejs/codec-openjpeg', '@cornerstonejs/codec-openjph'];

/**
 * ESM bundles of CommonJS-era code need `require` (dicom-parser loads zlib with it: "Dynamic
 * require of zlib is not supported" was the first thing the unbundled main threw), `__filename`
 * and `__dirname`.
 */
const ESM_NODE_BANNER = [
  "import { createRequire as __lightboxCreateRequire } from 'node:module';",
  "import { fileURLToPath as __lightboxFileURLToPath } from 'node:url';",
  'const require = __lightboxCreateRequire(import.meta.url);',
  'const __filename = __lightboxFileURLToPath(import.meta.url);',
  "const __dirname = __lightboxFileURLToPath(new URL('.', import.meta.url));",
].join('\n');

const nodeCommon = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  external: RUNTIME_EXTERNALS,
  sourcemap: true,
  logLevel: 'warning',
  absWorkingDir: root,
  // Source paths in stack traces and messages say where the code came from.
  keepNames: true,
};

/**
 * The host process, the CLI and the worker threads they start. keepIfNewerThan (the newest source's
 * time, from bin/lightbox.js): a build already in place and newer than that is kept (see below).
 */
export async function buildNodeBundles({ keepIfNewerThan } = {}) {
  // Built beside, then swapped in: a CLI started meanwhile never loads half-written bundles.
  const staging = `out/node-${process.pid}`;
  await rm(path.join(root, staging), { recursive: true, force: true });
  await esbuild({
    ...nodeCommon,
    entryPoints: {
      hostProcess: 'electron/node/hostProcess/hostProcessMain.ts',
      cli: 'electron/node/cli/cliMain.ts',
      imagingWorker: 'electron/node/imaging/imagingWorker.ts',
      decoderWorker: 'native-codecs/node/decoderWorker.ts',
      demoWorker: 'electron/node/catalog/demoWorker.ts',
    },
    format: 'esm',
    splitting: true,
    outdir: staging,
    outExtension: { '.js': '.mjs' },
    chunkNames: '[name]-[hash]',
    banner: { js: ESM_NODE_BANNER },
  });
  // Another `lightbox` started at the same time may have put its build (of the same sources) in
  // place while this one was building, and be running from it now: removing it would pull its
  // chunks and workers from under it. Keep that one.
  const inPlace = path.join(root, 'out/node/cli.mjs');
  if (keepIfNewerThan !== undefined && existsSync(inPlace) && statSync(inPlace).mtimeMs >= keepIfNewerThan) {
    await rm(path.join(root, staging), { recursive: true, force: true });
    return;
  }
  await rm(path.join(root, 'out/node'), { recursive: true, force: true });
  try {
    await rename(path.join(root, staging), path.join(root, 'out/node'));
  } catch (error) {
    // Several `lightbox` commands started at once each rebuild stale bundles: one of them puts its
    // build in place first, built from the same sources; the others use it.
    if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    await rm(path.join(root, staging), { recursive: true, force: true });
  }
  const addon = path.join(root, 'native-codecs/native/build/Release/lightbox_codecs.node');
  await rm(path.join(root, 'out/native'), { recursive: true, force: true });
  if (existsSync(addon)) {
    await mkdir(path.join(root, 'out/native'), { recursive: true });
    await copyFile(addon, path.join(root, 'out/native/lightbox_codecs.node'));
  }
}

async function buildElectron() {
  await Promise.all([
    // Main is ESM (Electron ≥ 28); it imports only Electron, Node and the contract.
    esbuild({ ...nodeCommon, entryPoints: ['electron/electron-main/main.ts'], format: 'esm', outfile: 'out/electron/main.mjs', banner: { js: ESM_NODE_BANNER } }),
    // The sandboxed preload must be CommonJS, with nothing but `electron` outside it.
    esbuild({ ...nodeCommon, external: ['electron'], entryPoints: ['electron/electron-preload/preload.ts'], format: 'cjs', outfile: 'out/electron/preload.cjs' }),
  ]);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  if (only !== 'node') {
    const { build: viteBuild } = await import('vite');
    await viteBuild({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });
  }
  if (only === 'all' || only === 'node') await buildNodeBundles();
  if (only === 'all') await buildElectron();
  console.log(`built ${{ renderer: 'renderer', node: 'node bundles', all: 'renderer, main, preload, host process, CLI' }[only]} into out/`);
}
