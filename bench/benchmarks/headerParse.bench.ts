import { closeSync, openSync, readSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import dicomParser from 'dicom-parser';
import { readDicomFile } from '../../electron/node/dicom/readDicomFile';
import type { Benchmark } from '../harness/benchmarkTypes';
import { ToolRunner } from '../harness/toolRunner';
import { generatedCt, largeGeneratedCt, sharedChestCt } from '../harness/benchData';
import { interleave, summarize } from '../harness/stats';

const ROUNDS = 7;

async function oursFilesPerSecond(files: string[]): Promise<number> {
  const t0 = performance.now();
  for (const f of files) await readDicomFile(f);
  return files.length / ((performance.now() - t0) / 1000);
}

/** dicom-parser as an app would use it bare: read the file, parse it (no model, no stop at pixel data). */
async function bareDicomParserFilesPerSecond(files: string[]): Promise<number> {
  const t0 = performance.now();
  for (const f of files) dicomParser.parseDicom(new Uint8Array(await readFile(f)));
  return files.length / ((performance.now() - t0) / 1000);
}

/** dicom-parser on exactly the bytes we read (the first 16 KiB, stopping at the pixel data): isolates our model's cost. */
async function sameBytesDicomParserFilesPerSecond(files: string[]): Promise<number> {
  const t0 = performance.now();
  for (const f of files) {
    const fd = openSync(f, 'r');
    const head = new Uint8Array(16 * 1024);
    const n = readSync(fd, head, 0, head.length, 0);
    closeSync(fd);
    dicomParser.parseDicom(head.subarray(0, n), { untilTag: 'x7fe00010' });
  }
  return files.length / ((performance.now() - t0) / 1000);
}

/** Started at the peer's warm-up run, before any measured sample: dcmdump runs from it, so this process never forks while it measures itself. */
let tools: ToolRunner | undefined;

/** dcmdump over all files in one process, long values not loaded (-M), minus its start-up (a run on one file). */
async function dcmdumpFilesPerSecond(files: string[]): Promise<number> {
  tools ??= ToolRunner.start();
  const all = await tools.run('dcmdump', ['-q', '-M', ...files]);
  const one = await tools.run('dcmdump', ['-q', '-M', files[0]!]);
  return (files.length - 1) / (Math.max(all - one, 1e-3) / 1000);
}

type HeaderPeer = 'dicom-parser' | 'dicom-parser-same-bytes' | 'dcmdump';

const PEERS: Record<HeaderPeer, { label: string; run: (files: string[]) => Promise<number> }> = {
  'dicom-parser': { label: 'dicom-parser bare (read + parseDicom)', run: bareDicomParserFilesPerSecond },
  'dicom-parser-same-bytes': { label: 'dicom-parser on the same 16 KiB heads, untilTag pixel data (no model)', run: sameBytesDicomParserFilesPerSecond },
  dcmdump: { label: 'dcmdump -M (one process, start-up subtracted)', run: dcmdumpFilesPerSecond },
};

function headerParseBenchmark(name: string, description: string, inputs: () => Promise<string[]>, peer: HeaderPeer): Benchmark {
  return {
    name,
    description,
    async run() {
      const files = await inputs();
      const peerRun = PEERS[peer].run;
      await oursFilesPerSecond(files); // warm the page cache and the JIT for both sides
      await peerRun(files);
      const [ours, theirs] = await interleave(ROUNDS, () => oursFilesPerSecond(files), () => peerRun(files)).finally(() => {
        tools?.close();
        tools = undefined;
      });
      const o = summarize('Lightbox header-only parse to DICOM JSON', 'files/s', ours);
      const p = summarize(PEERS[peer].label, 'files/s', theirs);
      const ratio = Math.round((o.median / p.median) * 100) / 100;
      return {
        ours: o,
        peer: p,
        ratio,
        ratioMeaning: 'higher is better: our files/s ÷ the peer’s files/s on the same files',
        // The goal is against bare dicom-parser; dcmdump (C++) is the reference figure.
        ...(peer === 'dicom-parser' ? { goal: { ratio: 1, comparison: '>=' as const, met: ratio >= 1 } } : {}),
        notes: [`${files.length} files`, 'page cache warm for both sides; rounds interleaved'],
      };
    },
  };
}

/** Same headers, pixel data 64× larger: a header-only parse must not slow down. */
export const headerParseSizeIndependence: Benchmark = {
  name: 'header-parse-size-independence',
  description: 'header-only parse of 512×512 slices vs 64×64 slices with the same headers (generated)',
  async run() {
    const large = await generatedCt(512, 300);
    const small = await generatedCt(64, 300);
    await oursFilesPerSecond(large);
    await oursFilesPerSecond(small);
    const [l, s] = await interleave(ROUNDS, () => oursFilesPerSecond(large), () => oursFilesPerSecond(small));
    const o = summarize('Lightbox on 512×512 (512 KiB pixel data)', 'files/s', l);
    const p = summarize('Lightbox on 64×64 (8 KiB pixel data)', 'files/s', s);
    const ratio = Math.round((o.median / p.median) * 100) / 100;
    return {
      ours: o,
      peer: p,
      ratio,
      ratioMeaning: 'about 1 when parse time does not depend on pixel-data size',
      goal: { ratio: 0.8, comparison: '>=', met: ratio >= 0.8 },
      notes: ['both series have identical header layouts; only Rows/Columns and the pixel data differ'],
    };
  },
};

export const headerParseBenchmarks: Benchmark[] = [
  headerParseSizeIndependence,
  headerParseBenchmark('header-parse-shared-ct-vs-dicom-parser', 'header parse of the shared real chest CT (128 × 512², implicit VR) vs bare dicom-parser', sharedChestCt, 'dicom-parser'),
  headerParseBenchmark('header-parse-shared-ct-model-overhead', 'header parse of the shared real chest CT vs dicom-parser on identical bytes (the cost of the DICOM JSON model)', sharedChestCt, 'dicom-parser-same-bytes'),
  headerParseBenchmark('header-parse-shared-ct-vs-dcmdump', 'header parse of the shared real chest CT vs dcmdump', sharedChestCt, 'dcmdump'),
  headerParseBenchmark('header-parse-large-ct-vs-dicom-parser', 'header parse of a generated 512×512×300 CT vs bare dicom-parser', () => largeGeneratedCt(300), 'dicom-parser'),
  headerParseBenchmark('header-parse-large-ct-vs-dcmdump', 'header parse of a generated 512×512×300 CT vs dcmdump', () => largeGeneratedCt(300), 'dcmdump'),
];
