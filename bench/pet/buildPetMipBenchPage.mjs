// Bundles the PET MIP benchmark page into .bench/pet-mip-page (ignored by git); petMip.bench.ts opens it.
import { build } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const here = import.meta.dirname;
export const PET_MIP_PAGE_DIR = path.resolve(here, '../../.bench/pet-mip-page');

export async function buildPetMipBenchPage() {
  mkdirSync(PET_MIP_PAGE_DIR, { recursive: true });
  await build({ entryPoints: [path.join(here, 'petMipBenchPage.ts')], bundle: true, format: 'iife', minify: true, outfile: path.join(PET_MIP_PAGE_DIR, 'petMipBenchPage.js'), logLevel: 'warning' });
  writeFileSync(path.join(PET_MIP_PAGE_DIR, 'index.html'), '<!doctype html><html><head><meta charset="utf-8"><title>lightbox pet mip bench</title></head><body style="margin:0;background:#fff"><script src="petMipBenchPage.js"></script></body></html>\n');
  return path.join(PET_MIP_PAGE_DIR, 'index.html');
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(`built ${await buildPetMipBenchPage()}`);
