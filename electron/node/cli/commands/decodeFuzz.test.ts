import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { textSink } from '../../../../testing/node/textSink';
import { afterAll, describe, expect, it } from 'vitest';
import { numberValue, Tag } from '../../../common/dicom/model/dicomJsonAccess';
import { parseDicom } from '../../../common/dicom/parse/parseDicom';
import { missingHere } from '../../../../testing/node/requiredInCi';
import { loadSampleManifest, samplePath, sharedSamplesAvailable } from '../../../../testing/node/sharedSamples';
import { createRandom, mutateDicom, type Mutation } from '../../dicom/fuzz/mutateDicom';
import { runCli } from '../main';

// `lightbox decode` over mutated real samples, through the CLI as a user runs it: every case ends
// (no hang), without a crash, and either exits non-zero naming the file, or exits 0 having written
// exactly the samples its header describes — never an empty or a wrong-size output. Bounded: one
// file per transfer syntax folder (smallest first, under 2 MiB), a fixed number of mutants each,
// a deterministic seed (a failure names the seed to replay).
const MUTANTS_PER_FILE = 8;
const CASE_TIMEOUT_MS = 30_000;
const MUTATIONS: Mutation[] = ['truncate', 'flip-bytes', 'absurd-length', 'garbage-tail'];
const dir = mkdtempSync(path.join(os.tmpdir(), 'lightbox-decode-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));


/** Bytes `decode` must write for this header: Rows × Columns × Samples × bytes per sample; undefined when the header does not say. */
function expectedBytes(bytes: Uint8Array): number | undefined {
  try {
    const ds = parseDicom(bytes, { source: 'fuzz', headerOnly: true }).dataset;
    const [rows, columns, samples, bits] = [numberValue(ds, Tag.Rows), numberValue(ds, Tag.Columns), numberValue(ds, Tag.SamplesPerPixel) ?? 1, numberValue(ds, Tag.BitsAllocated)];
    if (!rows || !columns || !bits) return undefined;
    return rows * columns * samples * (bits <= 8 ? 1 : bits <= 16 ? 2 : bits <= 32 ? 4 : 8);
  } catch {
    return undefined;
  }
}

async function decode(file: string, out: string): Promise<{ code: number; stderr: string }> {
  const stdout = textSink();
  const stderr = textSink();
  const run = runCli(['decode', file, '--out', out], { stdout: stdout.stream, stderr: stderr.stream, env: {}, untilStopped: Promise.resolve() });
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`decode hung on ${file}`)), CASE_TIMEOUT_MS)));
  try {
    return { code: await Promise.race([run, hung]), stderr: stderr.text() };
  } finally {
    clearTimeout(timer);
  }
}

describe.skipIf(missingHere(sharedSamplesAvailable(), 'the shared DICOM samples (../shared/dicom-samples)'))('decode fuzzing through the CLI', () => {
  it('never exits 0 with an empty or wrong-size output, and names the file when it refuses', async () => {
    // One image per folder and transfer syntax whose intact decode matches the size rule (not 1-bit, not 4:2:2 native).
    const byKey = new Map<string, string>();
    for (const f of loadSampleManifest().filter((f) => f.rows && f.columns && f.bitsAllocated && f.bitsAllocated > 1 && f.dcmtkReads)) {
      const file = samplePath(f.path);
      if (!existsSync(file) || statSync(file).size > 2 * 2 ** 20) continue;
      const key = `${path.dirname(f.path)}|${f.transferSyntaxUID ?? 'none'}`;
      const current = byKey.get(key);
      if (!current || statSync(file).size < statSync(current).size) byKey.set(key, file);
    }
    const files: string[] = [];
    for (const file of byKey.values()) {
      const out = path.join(dir, 'intact.raw');
      rmSync(out, { force: true });
      const intact = await decode(file, out);
      if (intact.code === 0 && statSync(out).size === expectedBytes(new Uint8Array(readFileSync(file)))) files.push(file);
    }
    expect(files.length, 'sample images usable for the size rule').toBeGreaterThan(12);

    const problems: string[] = [];
    let refused = 0;
    let decoded = 0;
    for (const [k, file] of files.entries()) {
      const original = new Uint8Array(readFileSync(file));
      for (let m = 0; m < MUTANTS_PER_FILE; m++) {
        const seed = 20261203 + k * 100 + m;
        const random = createRandom(seed);
        const mutant = mutateDicom(original, MUTATIONS[m % MUTATIONS.length]!, random);
        const input = path.join(dir, `mutant-${seed}.dcm`);
        const out = path.join(dir, `mutant-${seed}.raw`);
        writeFileSync(input, mutant);
        const result = await decode(input, out);
        const label = `${path.relative(samplePath(''), file)} seed ${seed} (${MUTATIONS[m % MUTATIONS.length]})`;
        if (result.code === 0) {
          decoded++;
          const size = existsSync(out) ? statSync(out).size : -1;
          const expected = expectedBytes(mutant);
          if (size <= 0 || size !== expected) problems.push(`${label}: exit 0 with ${size} bytes written, header describes ${expected}`);
        } else {
          refused++;
          if (!result.stderr.includes(input)) problems.push(`${label}: exit ${result.code} without naming the file: ${result.stderr.trim().slice(0, 200)}`);
        }
        rmSync(input, { force: true });
        rmSync(out, { force: true });
      }
    }
    expect(problems).toEqual([]);
    // The mutations really reached both outcomes.
    expect(refused).toBeGreaterThan(0);
    expect(decoded).toBeGreaterThan(0);
  }, 600_000);
});
