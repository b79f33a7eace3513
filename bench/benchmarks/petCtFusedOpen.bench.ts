import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from '@playwright/test';
import { importPaths } from '../../electron/node/cache/importPaths';
import { StudyCache } from '../../electron/node/cache/studyCache';
import { TOKEN_COOKIE } from '../../electron/node/server/loopbackAuth';
import { samplePath } from '../../testing/node/sharedSamples';
import type { Benchmark } from '../harness/benchmarkTypes';
import { launchChromium } from '../harness/chromiumSession';
import { startProductHost, type ProductHost } from '../harness/productHost';
import { interleave, summarize } from '../harness/stats';

const ACRIN = 'series/acrin-nsclc-fdg-pet-042';
const OPEN = 'lightbox-open-study';
const FIRST_IMAGE = 'lightbox-first-image';
/** Set by the product's FusionLayer when a fusion first paints over an image, sampled at every pixel (renderer/browser/fusion/FusionLayer.tsx). */
const FIRST_EXACT = 'lightbox-first-exact-fused-image';

interface Side {
  host: ProductHost;
  studyUid: string;
  dataDir: string;
}

async function hostWith(folders: string[]): Promise<Side> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-bench-petct-'));
  const cache = new StudyCache(dataDir, 'bench');
  await importPaths(cache, folders.map(samplePath));
  const [study] = cache.index.searchStudies({ limit: 1 });
  cache.close();
  return { host: await startProductHost({ dataDir }), studyUid: study!.studyInstanceUid, dataDir };
}

/**
 * Opens the study from its URL (as a RIS launch does) and times the viewer from the study handed
 * over to the last of `marks` (the first fused image is only on screen once the CT under it is too).
 * Also tells which protocol hung it (the stage badge).
 */
async function openRound(browser: Browser, side: Side, marks: string[]): Promise<{ ms: number; stage: string }> {
  const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
  await context.addCookies([{ name: TOKEN_COOKIE, value: side.host.token, url: side.host.origin }]);
  await context.addInitScript('globalThis.__name = (f) => f;');
  const page = await context.newPage();
  await page.goto(`${side.host.origin}/?StudyInstanceUID=${side.studyUid}`);
  await page.waitForFunction((names) => names.every((n) => performance.getEntriesByName(n).length > 0), marks, { timeout: 120_000 });
  const ms = await page.evaluate(
    ({ names, open }) => Math.max(...names.map((n) => performance.getEntriesByName(n)[0]!.startTime)) - performance.getEntriesByName(open)[0]!.startTime,
    { names: marks, open: OPEN },
  );
  const stage = (await page.getByTestId('stage-badge').textContent({ timeout: 5_000 }).catch(() => '')) ?? '';
  await context.close();
  return { ms, stage };
}

export const petCtFusedOpenBench: Benchmark = {
  name: 'petct-first-fused-image-vs-ct',
  description: 'open the ACRIN PET/CT (CT + PET AC + PET NAC) hung by the PET/CT protocol → first image with the PET fused over the CT at every pixel, vs the same CT alone → its first image (goal ≤ 2×)',
  async run() {
    const petCt = await hostWith([`${ACRIN}/CT`, `${ACRIN}/PT_AC`, `${ACRIN}/PT_NAC`]);
    const ctAlone = await hostWith([`${ACRIN}/CT`]);
    const browser = await launchChromium();
    const stages = new Set<string>();
    try {
      const fused = async () => {
        const r = await openRound(browser, petCt, [FIRST_EXACT, FIRST_IMAGE]);
        stages.add(r.stage);
        return r.ms;
      };
      const plain = async () => (await openRound(browser, ctAlone, [FIRST_IMAGE])).ms;
      await fused();
      await plain();
      const [ours, peer] = await interleave(7, fused, plain);
      const o = summarize('ACRIN PET/CT, PET/CT protocol: open → first fused image painted, sampled at every pixel', 'ms', ours);
      const p = summarize('the same CT alone: open → first image painted', 'ms', peer);
      const ratio = Math.round((o.median / p.median) * 100) / 100;
      return {
        ours: o,
        peer: p,
        ratio,
        ratioMeaning: 'lower is better; goal ≤ 2',
        goal: { ratio: 2, comparison: '<=', met: ratio <= 2 },
        machineExtras: { browser: `Chromium ${browser.version()} (SwiftShader, no GPU)` },
        notes: [
          'each side its own cache and host process; rounds alternate (7 each after one warm-up); a fresh browser context per open',
          `fused: from the "${OPEN}" mark to the later of "${FIRST_EXACT}" (the fusion layer's first paint over an image sampled at every pixel) and "${FIRST_IMAGE}"; the PET's volume is built by the host on the first open and read from its cache after`,
          `hung as: ${[...stages].join('; ') || '(no stage badge)'}`,
        ],
      };
    } finally {
      await browser.close();
      for (const side of [petCt, ctAlone]) {
        await side.host.close();
        await rm(side.dataDir, { recursive: true, force: true });
      }
    }
  },
};
