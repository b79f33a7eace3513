import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CliCommand } from '../cliTypes';
import { appRoot } from '../../runtime/appLayout';

export const benchCommand: CliCommand = {
  name: 'bench',
  summary: 'run the registered benchmarks (writes bench/results/<name>.json)',
  usage: 'lightbox bench [NAME…] [--list]',
  async run(ctx) {
    // The harness lives beside the benchmarks in bench/, not in the product: load it on demand.
    const harness = (await import(pathToFileURL(path.join(appRoot(), 'bench', 'runBenchmarks.ts')).href)) as {
      runBenchmarks(args: string[], out: NodeJS.WritableStream): Promise<number>;
    };
    return harness.runBenchmarks(ctx.args, ctx.stdout);
  },
};
