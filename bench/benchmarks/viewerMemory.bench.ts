import type { Benchmark } from '../harness/benchmarkTypes';
import { launchPipeChromium, type PipeBrowser, type PipePage } from '../harness/pipeCdp';
import { rendererPrivateMemory } from '../harness/processMemory';
import { summarize } from '../harness/stats';
import { MATRIX, openViewerHost, SLICES, type ViewerHost } from './viewer.bench';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitUntil(page: PipePage, expression: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate<boolean>(expression).catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${expression}`);
    await sleep(300);
  }
}

/**
 * Growth of the renderers' private memory (RssAnon) per raw byte while `load` runs in an idle
 * workstation page (fresh tab, token cookie set); garbage collected before both readings.
 */
async function privateMemoryGrowth(browser: PipeBrowser, h: ViewerHost, raw: number, load: (page: PipePage) => Promise<void>): Promise<number> {
  const page = await browser.newPage(`${h.origin}/?token=${h.token}`);
  try {
    await waitUntil(page, `document.body?.dataset.shellReady === 'true'`, 60_000);
    await sleep(500);
    await page.send('HeapProfiler.collectGarbage');
    const before = rendererPrivateMemory(browser.process.pid!);
    await load(page);
    await page.send('HeapProfiler.collectGarbage');
    await sleep(1000);
    return (rendererPrivateMemory(browser.process.pid!) - before) / raw;
  } finally {
    await page.close();
    await sleep(1000);
  }
}

async function openAndPrefetch(page: PipePage, h: ViewerHost): Promise<void> {
  await page.send('Page.navigate', { url: `${h.origin}/?StudyInstanceUID=${h.studyUid}` });
  await sleep(1000);
  await waitUntil(page, `window.__lightboxViewer?.framesCached?.() === ${SLICES}`, 300_000);
}

/** The peer: a page of the same origin that fetches the same frames and keeps them as ArrayBuffers. */
async function fetchAndKeepFrames(page: PipePage, h: ViewerHost): Promise<void> {
  const series = `/studies/${h.studyUid}/series/${h.seriesUid}`;
  await page.evaluate(`(async () => {
    const meta = await (await fetch('/dicomweb${series}/metadata')).json();
    const uids = meta.map((m) => String(m['00080018'].Value[0]));
    const keep = (window.keep = []);
    for (let i = 0; i < uids.length; i += 4)
      keep.push(...(await Promise.all(uids.slice(i, i + 4).map(async (u) => (await fetch('/api${series}/instances/' + u + '/frames/1')).arrayBuffer()))));
    return keep.length;
  })()`);
}

export const viewerMemory: Benchmark = {
  name: 'viewer-memory',
  description: `renderer private memory (RssAnon growth) for a prefetched ${MATRIX}×${MATRIX}×${SLICES} CT per raw voxel byte (goal ≤ 1.25×), beside a bare page fetching and keeping the same frames`,
  async run() {
    const h = await openViewerHost();
    const browser = await launchPipeChromium();
    try {
      const ours: number[] = [];
      const peer: number[] = [];
      const raw = MATRIX * MATRIX * 2 * SLICES;
      for (let round = 0; round < 3; round++) {
        ours.push(await privateMemoryGrowth(browser, h, raw, (page) => openAndPrefetch(page, h)));
        peer.push(await privateMemoryGrowth(browser, h, raw, (page) => fetchAndKeepFrames(page, h)));
      }
      const o = summarize('Lightbox viewer: renderer RssAnon growth / raw voxel bytes', 'ratio', ours);
      const p = summarize('bare page fetching and keeping the same frames: RssAnon growth / raw bytes', 'ratio', peer);
      const version = await browser.version();
      return {
        ours: o,
        peer: p,
        ratio: Math.round((o.median / p.median) * 100) / 100,
        ratioMeaning: 'ours / bare page (lower is better); the goal is on ours against the raw bytes',
        goal: { ratio: 1.25, comparison: '<=', met: o.median <= 1.25 },
        machineExtras: { browser: `${version} (SwiftShader, no GPU)` },
        notes: [
          'private resident memory (RssAnon) of the renderer processes, garbage collected before both readings; GPU textures live in the GPU process',
          'Chromium driven over --remote-debugging-pipe with the Network domain never enabled: under Playwright (which enables it on every page) Blink keeps DevTools copies of response bodies in the renderer, which had added ~0.65× raw to both sides',
          `raw: ${(raw / 2 ** 20).toFixed(0)} MiB`,
        ],
      };
    } finally {
      await browser.close();
      await h.close();
    }
  },
};
