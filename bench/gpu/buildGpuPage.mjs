// Bundles the real-GPU scroll page into .gpu/page (ignored by git) for ../../shared/gpu's procedure.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

const here = import.meta.dirname;
const out = path.resolve(here, '../../.gpu/page');
mkdirSync(out, { recursive: true });
await build({ entryPoints: [path.join(here, 'scrollPage.ts')], bundle: true, format: 'iife', minify: true, outfile: path.join(out, 'scrollPage.js'), logLevel: 'warning' });
copyFileSync(path.join(here, 'index.html'), path.join(out, 'index.html'));
console.log(`built ${out}`);
