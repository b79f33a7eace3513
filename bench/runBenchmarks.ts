import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Benchmark, BenchmarkResult } from './harness/benchmarkTypes';
import { machineInfo } from './harness/machineInfo';
import { cacheBenchmarks } from './benchmarks/cache.bench';
import { codecDecodeBenchmarks } from './benchmarks/codecDecode.bench';
import { headerParseBenchmarks } from './benchmarks/headerParse.bench';
import { rendererColdStart } from './benchmarks/rendererColdStart.bench';
import { viewerBenchmarks } from './benchmarks/viewer.bench';
import { viewerMemory } from './benchmarks/viewerMemory.bench';
import { dimseBenchmarks } from './benchmarks/dimse.bench';
import { hangingVsHeaderParse } from './benchmarks/hanging.bench';
import { twoDisplaysFirstImage } from './benchmarks/readingRoom.bench';
import { mprBenchmarks } from './benchmarks/mpr.bench';
import { hostEventLoopDuringOpen } from './benchmarks/hostEventLoop.bench';
import { transportBench } from './benchmarks/transport.bench';
import { cliStartVsNode } from './benchmarks/cliStart.bench';
import { segOpenBench } from './benchmarks/segOpen.bench';
import { deidentifiedExportVsOrthanc } from './benchmarks/deidentifyExport.bench';
import { petMipRotationVsBareVtk } from './benchmarks/petMip.bench';
import { petCtFusedOpenBench } from './benchmarks/petCtFusedOpen.bench';

/** Every registered benchmark; later capabilities add theirs here. */
export const benchmarks: Benchmark[] = [rendererColdStart, ...headerParseBenchmarks, ...codecDecodeBenchmarks, ...cacheBenchmarks, ...viewerBenchmarks, viewerMemory, ...dimseBenchmarks, hangingVsHeaderParse, twoDisplaysFirstImage, ...mprBenchmarks, hostEventLoopDuringOpen, transportBench, cliStartVsNode, segOpenBench, deidentifiedExportVsOrthanc, petMipRotationVsBareVtk, petCtFusedOpenBench];

export const RESULTS_DIR = path.resolve(import.meta.dirname, 'results');

/** `npm run bench [NAME…]`: runs the named benchmarks (all by default), one JSON file each. */
export async function runBenchmarks(args: string[], out: NodeJS.WritableStream): Promise<number> {
  if (args.includes('--list')) {
    for (const b of benchmarks) out.write(`${b.name}\t${b.description}\n`);
    return 0;
  }
  const unknown = args.filter((a) => !benchmarks.some((b) => b.name === a));
  if (unknown.length) {
    out.write(`unknown benchmark(s): ${unknown.join(', ')} (see --list)\n`);
    return 2;
  }
  const selected = args.length ? benchmarks.filter((b) => args.includes(b.name)) : benchmarks;
  await mkdir(RESULTS_DIR, { recursive: true });
  for (const bench of selected) {
    out.write(`bench ${bench.name}: running…\n`);
    const { machineExtras, ...measured } = await bench.run();
    const result: BenchmarkResult = {
      name: bench.name,
      description: bench.description,
      ...measured,
      machine: machineInfo(machineExtras),
      finishedAt: new Date().toISOString(),
    };
    const file = path.join(RESULTS_DIR, `${bench.name}.json`);
    await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
    const goal =
      (result.goal ? ` (goal ${result.goal.comparison} ${result.goal.ratio}: ${result.goal.met ? 'met' : 'NOT met'})` : '') +
      (result.thresholds ?? []).map((t) => `; ${t.what} ${t.median} ${t.unit} (≤ ${t.limit}: ${t.met ? 'met' : 'NOT met'})`).join('');
    out.write(
      `bench ${bench.name}: ours ${result.ours.median} ${result.ours.unit}, ${result.peer.label} ${result.peer.median} ${result.peer.unit}, ratio ${result.ratio}${goal} → ${path.relative(process.cwd(), file)}\n`,
    );
  }
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await runBenchmarks(process.argv.slice(2), process.stdout);
}
