// Bundles the MPR/3D benchmark page into .bench/mpr-page (ignored by git); mpr.bench.ts opens it.
import { build } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const here = import.meta.dirname;
export const MPR_PAGE_DIR = path.resolve(here, '../../.bench/mpr-page');

export async function buildMprBenchPage() {
  mkdirSync(MPR_PAGE_DIR, { recursive: true });
  await build({ entryPoints: [path.join(here, 'mprBenchPage.ts')], bundle: true, format: 'iife', minify: true, outfile: path.join(MPR_PAGE_DIR, 'mprBenchPage.js'), logLevel: 'warning' });
  writeFileSync(path.join(MPR_PAGE_DIR, 'index.html'), '<!doctype html><html><head><meta charset="utf-8"><title>lightbox mpr bench</title></head><body style="margin:0;background:#000"><script src="mprBenchPage.js"></script></body></html>\n');
  return path.join(MPR_PAGE_DIR, 'index.html');
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(`built ${await buildMprBenchPage()}`);
