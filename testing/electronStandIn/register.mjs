// `node --import ./testing/electronStandIn/register.mjs out/electron/main.mjs`: loads the built
// main bundle with `electron` resolved to the API stand-in (electronApi.mjs — read its header:
// it is not Electron), and measures main's event-loop delay for the smoke test and benchmarks.
import { register } from 'node:module';
import { monitorEventLoopDelay } from 'node:perf_hooks';

register('./resolveElectron.mjs', import.meta.url);

const histogram = monitorEventLoopDelay({ resolution: 5 });
histogram.enable();
const ms = (ns) => Math.round(ns / 1e4) / 100;
globalThis.__lightboxStandIn = {
  eventLoop: () => {
    const stats = { p50: ms(histogram.percentile(50)), p99: ms(histogram.percentile(99)), max: ms(histogram.max), samples: histogram.count };
    histogram.reset();
    return stats;
  },
};
