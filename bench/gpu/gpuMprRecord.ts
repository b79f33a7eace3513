/**
 * Turns the MPR/3D bench page's RESULT line from a lent GPU machine into
 * bench/results/gpu-mpr-<card>.json: the same three comparisons `npm run bench` makes here.
 * usage: npx tsx bench/gpu/gpuMprRecord.ts RESULT-FILE CARD-SLUG "what was run"
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { mprFrameComparison, volumeRenderComparison, volumeUploadComparison, type MprPageResult } from '../mpr/mprPageResult';

const [file, card, how] = process.argv.slice(2);
if (!file || !card || !how) throw new Error('usage: gpuMprRecord.ts RESULT-FILE CARD-SLUG "what was run"');
// The headless shell prints console lines as `"RESULT {…}", source: …`.
const line = readFileSync(file, 'utf8');
const json = line.slice(line.indexOf('{'), line.lastIndexOf('}') + 1);
const r = JSON.parse(json) as MprPageResult;
if (r.error) throw new Error(`${file}: the page failed: ${r.error}`);
const out = path.resolve(import.meta.dirname, `../results/gpu-mpr-${card}.json`);
const record = {
  name: `gpu-mpr-${card}`,
  description: `the MPR/3D bench page (bench/mpr/mprBenchPage.ts: 512×512×300 int16 CT-like volume) on a real GPU: ${how}`,
  card: r.gpu,
  canvases: r.size,
  norm16: r.norm16,
  comparisons: {
    'mpr-frame-vs-bare-vtk': mprFrameComparison(r),
    'volume-render-frame-vs-bare-vtk': volumeRenderComparison(r),
    'volume-upload-vs-teximage3d': volumeUploadComparison(r),
  },
  notes: [
    'same-call comparisons only; absolute times belong to this card',
    'reproduce: node bench/gpu/buildGpuPage.mjs && bash ../shared/gpu/make-bundle.sh, then the two device calls of ../shared/gpu/README.md with `bash .gpu/page/run-page.sh mpr "mpr/index.html?size=512&slices=300&rounds=4&mprFrames=60&vrFrames=10" 150`, and this script on the fetched mpr-result.txt',
  ],
  finishedAt: new Date().toISOString().slice(0, 10),
};
writeFileSync(out, `${JSON.stringify(record, null, 2)}\n`);
console.log(`wrote ${out}: ${Object.entries(record.comparisons).map(([k, c]) => `${k} ${c.ratio} (${c.goal?.met ? 'met' : 'not met'})`).join(', ')}`);
