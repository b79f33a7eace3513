// Builds the app: the renderer with Vite, Electron main and preload with esbuild.
// `--renderer` builds the renderer only (what browser mode and the e2e tests need).
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rendererOnly = process.argv.includes('--renderer');

await viteBuild({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn' });

if (!rendererOnly) {
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node22',
    external: ['electron'],
    sourcemap: true,
    logLevel: 'warning',
    absWorkingDir: root,
  };
  await Promise.all([
    // Main is ESM (Electron ≥ 28); the sandboxed preload must be CommonJS.
    esbuild({ ...common, entryPoints: ['electron/electron-main/main.ts'], format: 'esm', outfile: 'out/electron/main.mjs' }),
    esbuild({ ...common, entryPoints: ['electron/electron-preload/preload.ts'], format: 'cjs', outfile: 'out/electron/preload.cjs' }),
  ]);
}
console.log(`built ${rendererOnly ? 'renderer' : 'renderer, main, preload'} into out/`);
