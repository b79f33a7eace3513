import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from '@playwright/test';
import { importPaths } from '../../electron/node/cache/importPaths';
import { StudyCache } from '../../electron/node/cache/studyCache';
import { TOKEN_COOKIE } from '../../electron/node/server/loopbackAuth';
import { runTool } from '../../testing/node/runTool';
import { samplePath } from '../../testing/node/sharedSamples';
import type { Benchmark } from '../harness/benchmarkTypes';
import { launchChromium } from '../harness/chromiumSession';
import { startProductHost, type ProductHost } from '../harness/productHost';
import { interleave, summarize } from '../harness/stats';

const ACRIN = 'series/acrin-nsclc-fdg-pet-042';

async function hostWith(folders: string[]): Promise<{ host: ProductHost; studyUid: string; dataDir: string }> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-bench-seg-'));
  const cache = new StudyCache(dataDir, 'bench');
  await importPaths(cache, folders.map(samplePath));
  const [study] = cache.index.searchStudies({ limit: 1 });
  cache.close();
  return { host: await startProductHost({ dataDir }), studyUid: study!.studyInstanceUid, dataDir };
}

/** Opens the study from its URL (as a RIS launch does) and times the viewer from the study handed over to the first image painted. */
async function openRound(browser: Browser, h: { host: ProductHost; studyUid: string }): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addCookies([{ name: TOKEN_COOKIE, value: h.host.token, url: h.host.origin }]);
  await context.addInitScript('globalThis.__name = (f) => f;');
  const page = await context.newPage();
  await page.goto(`${h.host.origin}/?StudyInstanceUID=${h.studyUid}`);
  await page.waitForFunction(() => performance.getEntriesByName('lightbox-first-image').length > 0, undefined, { timeout: 120_000 });
  const ms = await page.evaluate(() => performance.getEntriesByName('lightbox-first-image')[0]!.startTime - performance.getEntriesByName('lightbox-open-study')[0]!.startTime);
  await context.close();
  return ms;
}

/** With the SEG: switch it on in the Results panel and time until its 58 frames are read and ready to draw. */
async function showSegRound(browser: Browser, h: { host: ProductHost; studyUid: string }): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addCookies([{ name: TOKEN_COOKIE, value: h.host.token, url: h.host.origin }]);
  await context.addInitScript('globalThis.__name = (f) => f;');
  const page = await context.newPage();
  await page.goto(`${h.host.origin}/?StudyInstanceUID=${h.studyUid}`);
  await page.waitForFunction(() => performance.getEntriesByName('lightbox-first-image').length > 0, undefined, { timeout: 120_000 });
  await page.getByTestId('toggle-results').click();
  const t0 = await page.evaluate(() => performance.now());
  await page.locator('[data-testid="result-item"][data-kind="seg"] input[type="checkbox"]').first().check();
  await page.waitForFunction(() => performance.getEntriesByName('lightbox-result-overlay-ready').length > 0, undefined, { timeout: 120_000 });
  const ms = await page.evaluate((start) => performance.getEntriesByName('lightbox-result-overlay-ready')[0]!.startTime - start, t0);
  await context.close();
  return ms;
}

export const segOpenBench: Benchmark = {
  name: 'seg-study-open',
  description: 'open the ACRIN CT (135 × 512², JPEG-LS) with its 58-frame SEG in the study vs the same CT without it → first image painted (goal ≤ 1.3×)',
  async run() {
    const segFolder = `${ACRIN}/SEG_on_CT_2segments`;
    const [segFile] = await readdir(samplePath(segFolder));
    const segFrames = /\[(\d+)\]/.exec((await runTool('dcmdump', ['-q', '+P', '0028,0008', path.join(samplePath(segFolder), segFile!)])).toString())?.[1] ?? '?';
    const without = await hostWith([`${ACRIN}/CT`]);
    const withSeg = await hostWith([`${ACRIN}/CT`, segFolder]);
    const browser = await launchChromium();
    try {
      await openRound(browser, without);
      await openRound(browser, withSeg);
      const [ours, peer] = await interleave(7, () => openRound(browser, withSeg), () => openRound(browser, without));
      const shows: number[] = [];
      for (let i = 0; i < 3; i++) shows.push(await showSegRound(browser, withSeg));
      const o = summarize('study with the SEG: open → first image', 'ms', ours);
      const p = summarize('same CT without the SEG: open → first image', 'ms', peer);
      const ratio = Math.round((o.median / p.median) * 100) / 100;
      const show = summarize('SEG switched on → its masks read and ready to draw', 'ms', shows);
      return {
        ours: o,
        peer: p,
        ratio,
        ratioMeaning: 'lower is better; goal ≤ 1.3',
        goal: { ratio: 1.3, comparison: '<=', met: ratio <= 1.3 },
        machineExtras: { browser: `Chromium ${browser.version()} (SwiftShader, no GPU)` },
        notes: [
          `each side its own cache and host process; rounds alternate (7 each after one warm-up); the SEG: one instance of ${segFrames} frames`,
          `switching the SEG on afterwards (Results panel → checkbox → masks of every frame read and tied to their CT images): median ${show.median} ms over ${shows.length} rounds (${show.samples.join(', ')} ms)`,
        ],
      };
    } finally {
      await browser.close();
      for (const h of [without, withSeg]) {
        await h.host.close();
        await rm(h.dataDir, { recursive: true, force: true });
      }
    }
  },
};
