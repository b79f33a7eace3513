import { parseArgs } from 'node:util';
import path from 'node:path';
import { GENERATE_PRESETS, generateSyntheticStudies } from '../../synthetic/generateSyntheticStudies';
import { CliUsageError, type CliCommand } from '../cliTypes';
import { createProgressPrinter } from '../progressPrinter';

export const generateCommand: CliCommand = {
  name: 'generate',
  summary: 'write a synthetic chest CT study and its prior (phantom with known objects)',
  usage: `lightbox generate --out DIR [--preset ${Object.keys(GENERATE_PRESETS).join('|')}] [--matrix N] [--slices N] [--seed S]`,
  async run(ctx) {
    const { values } = parseArgs({
      args: ctx.args,
      options: {
        out: { type: 'string' },
        preset: { type: 'string', default: 'chest' },
        matrix: { type: 'string' },
        slices: { type: 'string' },
        seed: { type: 'string' },
      },
      strict: true,
    });
    if (!values.out) throw new CliUsageError('--out DIR is required');
    const preset = GENERATE_PRESETS[values.preset];
    if (!preset) throw new CliUsageError(`unknown preset "${values.preset}" (${Object.keys(GENERATE_PRESETS).join(', ')})`);
    const int = (v: string | undefined, name: string, max: number): number | undefined => {
      if (v === undefined) return undefined;
      const n = Number(v);
      if (!Number.isInteger(n) || n < 8 || n > max) throw new CliUsageError(`--${name} must be an integer 8–${max}`);
      return n;
    };
    const progress = createProgressPrinter(ctx.stderr, 'generating');
    const manifest = await generateSyntheticStudies({
      outDir: path.resolve(values.out),
      preset,
      matrix: int(values.matrix, 'matrix', 512),
      slices: int(values.slices, 'slices', 1000),
      seed: values.seed,
      onProgress: progress.update,
    });
    progress.done();
    for (const s of manifest.studies) {
      ctx.stdout.write(`${s.studyDate} ${s.description}  ${s.studyInstanceUid}\n`);
      for (const se of s.series) ctx.stdout.write(`  ${String(se.seriesNumber).padStart(2)} ${se.description.padEnd(28)} ${se.instances} images ${se.columns}×${se.rows}\n`);
    }
    ctx.stdout.write(`${manifest.files} files, ${(manifest.bytes / 2 ** 20).toFixed(1)} MiB in ${values.out}\n`);
    return 0;
  },
};
