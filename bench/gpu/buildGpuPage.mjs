// Bundles the real-GPU pages into .gpu/page (ignored by git) for ../../shared/gpu's procedure:
// the stack scroll page (index.html), the MPR/3D bench page (mpr/index.html) and run-page.sh.
import { build } from 'esbuild';
import { copyFileSync, cpSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { buildMprBenchPage, MPR_PAGE_DIR } from '../mpr/buildMprBenchPage.mjs';

const here = import.meta.dirname;
const out = path.resolve(here, '../../.gpu/page');
mkdirSync(out, { recursive: true });
await build({ entryPoints: [path.join(here, 'scrollPage.ts')], bundle: true, format: 'iife', minify: true, outfile: path.join(out, 'scrollPage.js'), logLevel: 'warning' });
copyFileSync(path.join(here, 'index.html'), path.join(out, 'index.html'));
await buildMprBenchPage();
cpSync(MPR_PAGE_DIR, path.join(out, 'mpr'), { recursive: true });
copyFileSync(path.join(here, 'run-page.sh'), path.join(out, 'run-page.sh'));
console.log(`built ${out}`);
