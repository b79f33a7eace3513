import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { appRoot } from '../../electron/node/runtime/appLayout';
import type { Benchmark } from '../harness/benchmarkTypes';
import { ToolRunner } from '../harness/toolRunner';
import { interleave, summarize } from '../harness/stats';

/**
 * What an administrator scripting `lightbox ls` per study pays per call: `lightbox --help` as
 * users run it (bin/lightbox.js → the built CLI; its check that the build is current included)
 * against `node -e 0`, the floor for any Node program. Both run from the helper process.
 */
export const cliStartVsNode: Benchmark = {
  name: 'cli-start-vs-node',
  description: '`node bin/lightbox.js --help` (the built CLI, with its staleness check) vs `node -e 0`, wall time of the process',
  async run() {
    const bin = path.join(appRoot(), 'bin/lightbox.js');
    // Built and current before measuring: the first call after a change rebuilds (once).
    execFileSync(process.execPath, [bin, '--help'], { stdio: 'ignore' });
    const tools = ToolRunner.start();
    try {
      const cli = (): Promise<number> => tools.run(process.execPath, [bin, '--help']);
      const node = (): Promise<number> => tools.run(process.execPath, ['-e', '0']);
      for (let k = 0; k < 3; k++) await Promise.all([cli(), node()].map((p) => p.catch(() => 0)));
      const [o, p] = await interleave(15, cli, node);
      const ours = summarize('lightbox --help', 'ms', o);
      const peer = summarize('node -e 0', 'ms', p);
      const ratio = Math.round((ours.median / peer.median) * 100) / 100;
      return { ours, peer, ratio, ratioMeaning: 'lower is better: CLI start ÷ bare Node start', goal: { ratio: 3, comparison: '<=', met: ratio <= 3 }, notes: ['before: tsx compiled the TypeScript sources at every call (`npx lightbox --help` 1.9 s, `node bin/lightbox.js ls` 0.7 s, per the issue)'] };
    } finally {
      tools.close();
    }
  },
};
