import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { HostDiagnostics } from '../../common/contract/hostContract';

const ms = (ns: number): number => Math.round(ns / 1e4) / 100;

/**
 * The host's own health: how late its event loop runs (every frame, event and SCP answer waits
 * behind whatever holds it), measured from when the host starts. `stop()` ends the measurement.
 */
export class HostDiagnosticsMonitor {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 5 });
  private readonly started = performance.now();

  constructor(private readonly decoderThreads: () => number) {
    this.histogram.enable();
  }

  read(reset: boolean): HostDiagnostics {
    const h = this.histogram;
    const diagnostics: HostDiagnostics = {
      pid: process.pid,
      uptimeSeconds: Math.round((performance.now() - this.started) / 1000),
      eventLoop: { p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max), samples: h.count },
      decoderThreads: this.decoderThreads(),
    };
    if (reset) h.reset();
    return diagnostics;
  }

  stop(): void {
    this.histogram.disable();
  }
}
