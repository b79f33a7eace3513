import { parseArgs } from 'node:util';
import { stringValue } from '../../../common/dicom/model/dicomJsonAccess';
import { computeSuv } from '../../../common/pet/computeSuv';
import { formatSeconds } from '../../../common/pet/dicomDateTime';
import { SUV_KINDS, type SuvKind, type SuvOverrides, type SuvResult } from '../../../common/pet/suvTypes';
import { StudyCache } from '../../cache/studyCache';
import { createSuvOverrideStore } from '../../pet/suvOverrideStore';
import type { SeriesSuvOverrides } from '../../../common/contract/hostContract';
import { describeSuvOverrides } from '../../../common/pet/suvOverridesCheck';
import { petSeriesFromCache, petSeriesFromFiles, type PetSeriesHeaders } from '../../pet/petSeriesHeaders';
import { CliUsageError, type CliCommand } from '../cliTypes';

const KIND_NAMES: Record<SuvKind, string> = {
  bw: 'SUVbw',
  lbmJames: 'SUVlbm (James)',
  lbmJanmahasatian: 'SUVlbm (Janmahasatian)',
  bsa: 'SUVbsa',
  ibw: 'SUVibw',
};

/** What `--json` prints: the engine's answer with the series it is about and what varies per frame. */
export interface SuvReport extends SuvResult {
  series: { seriesInstanceUid: string; seriesDescription: string; modality: string; instances: number; frames: number };
  /** Which per-frame values differ between frames (then each frame's stored-value scale differs). */
  perFrame: { rescaleDiffers: boolean; factorDiffers: boolean };
}

export function suvReport(series: PetSeriesHeaders, overrides: SuvOverrides): SuvReport {
  const result = computeSuv(series.datasets, overrides);
  const differs = (values: Array<number | undefined>): boolean => new Set(values.map(String)).size > 1;
  return {
    series: {
      seriesInstanceUid: series.seriesInstanceUid,
      seriesDescription: series.seriesDescription,
      modality: stringValue(series.datasets[0], '00080060') ?? '',
      instances: series.datasets.length,
      frames: result.frames.length,
    },
    ...result,
    perFrame: {
      rescaleDiffers: differs(result.frames.map((f) => f.rescaleSlope)) || differs(result.frames.map((f) => f.rescaleIntercept)),
      factorDiffers: SUV_KINDS.some((k) => differs(result.frames.map((f) => f.factors[k]))),
    },
  };
}

const g = (n: number): string => (n === 0 ? '0' : Math.abs(n) >= 1e4 || Math.abs(n) < 1e-3 ? n.toExponential(6) : String(Number(n.toPrecision(7))));

function printReport(r: SuvReport, out: NodeJS.WritableStream): void {
  const i = r.inputs;
  out.write(`${r.series.seriesDescription || '(no description)'}  ${r.series.modality}  ${r.series.instances} instances, ${r.series.frames} frames  ${r.series.seriesInstanceUid}\n`);
  if (r.edited) out.write(`SUV (edited): ${i.overridden.join(', ')} replaced by the reader\n`);
  out.write('\ninputs\n');
  out.write(`  Units ${i.units ?? '—'} · Decay Correction ${i.decayCorrection ?? '—'} · Corrected Image ${i.correctedImage?.join('\\') ?? '—'}\n`);
  out.write(`  weight ${i.weightKg ?? '—'} kg · height ${i.heightM ?? '—'} m · sex ${i.sex ?? '—'}\n`);
  out.write(`  injected dose ${i.injectedDoseBq !== undefined ? `${g(i.injectedDoseBq / 1e6)} MBq` : '—'} · half-life ${i.halfLifeSeconds ?? '—'} s`);
  out.write(i.injectionTime ? ` · injected ${formatSeconds(i.injectionTime.seconds)} (${i.injectionTime.text}${i.injectionTime.assumedPreviousDay ? ', the day before the scan' : ''})\n` : '\n');
  const first = r.frames[0];
  if (first?.scanTime) out.write(`  decay reference ${first.scanTime} (${i.scanTimeSource}) · decay ${first.decaySeconds !== undefined ? `${g(first.decaySeconds)} s` : '—'}${r.perFrame.factorDiffers ? ' (first frame; others differ)' : ''}\n`);
  if (i.philipsSuvScaleFactor !== undefined || i.philipsActivityConcentrationScaleFactor !== undefined) {
    out.write(`  Philips SUV Scale Factor ${i.philipsSuvScaleFactor ?? '—'} · Activity Concentration Scale Factor ${i.philipsActivityConcentrationScaleFactor ?? '—'}\n`);
  }
  out.write('\nfactors (modality value × factor = SUV)\n');
  for (const kind of SUV_KINDS) {
    const k = r.kinds[kind];
    const name = KIND_NAMES[kind].padEnd(24);
    if (k.available) out.write(`  ${name}${k.factor !== undefined ? g(k.factor) : `${g(k.range![0])} – ${g(k.range![1])} (per frame)`} ${k.unit}\n`);
    else for (const [n, p] of k.problems.entries()) out.write(`  ${n ? ' '.repeat(24) : name}unavailable: ${p.message}\n`);
  }
  if ((r.perFrame.rescaleDiffers || r.perFrame.factorDiffers) && SUV_KINDS.some((k) => r.kinds[k].available)) {
    const scales = r.frames.map((f) => (f.factors.bw !== undefined ? f.rescaleSlope * f.factors.bw : undefined)).filter((s): s is number => s !== undefined);
    out.write(`\nper frame (${r.perFrame.rescaleDiffers ? 'Rescale Slope' : ''}${r.perFrame.rescaleDiffers && r.perFrame.factorDiffers ? ' and ' : ''}${r.perFrame.factorDiffers ? 'decay timing' : ''} differ between frames)\n`);
    if (scales.length) out.write(`  stored value → SUVbw: × ${g(Math.min(...scales))} to × ${g(Math.max(...scales))}\n`);
    for (const [n, f] of r.frames.entries()) {
      out.write(`  ${String(n + 1).padStart(4)}  slope ${g(f.rescaleSlope)} intercept ${g(f.rescaleIntercept)}${f.factors.bw !== undefined ? `  SUVbw factor ${g(f.factors.bw)}  stored × ${g(f.rescaleSlope * f.factors.bw)}` : ''}${r.perFrame.factorDiffers && f.scanTime ? `  at ${f.scanTime}` : ''}  ${f.sopInstanceUid}${f.frame > 1 || r.series.frames > r.series.instances ? ` frame ${f.frame}` : ''}\n`);
    }
  }
  for (const w of r.warnings) out.write(`\nwarning: ${w}\n`);
}

function number(value: string | undefined, flag: string, scale = 1): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new CliUsageError(`${flag} must be a positive number`);
  return n * scale;
}

export const suvCommand: CliCommand = {
  name: 'suv',
  summary: 'SUV factors of a PET series (bw, lbm James/Janmahasatian, bsa, ibw), the inputs used, and why a kind is unavailable',
  usage: 'lightbox suv (FILE|FOLDER… | --series UID) [--json] [--weight KG] [--height M] [--dose MBQ] [--injection-time YYYYMMDDHHMMSS]',
  async run(ctx) {
    const { values, positionals } = parseArgs({
      args: ctx.args,
      options: {
        series: { type: 'string' },
        json: { type: 'boolean', default: false },
        weight: { type: 'string' },
        height: { type: 'string' },
        dose: { type: 'string' },
        'injection-time': { type: 'string' },
      },
      allowPositionals: true,
      strict: true,
    });
    if ((positionals.length > 0) === (values.series !== undefined)) throw new CliUsageError('give FILE or FOLDER paths, or --series UID (a cached series)');
    const overrides: SuvOverrides = {
      ...(values.weight !== undefined ? { weightKg: number(values.weight, '--weight') } : {}),
      ...(values.height !== undefined ? { heightM: number(values.height, '--height') } : {}),
      ...(values.dose !== undefined ? { injectedDoseBq: number(values.dose, '--dose', 1e6) } : {}),
      ...(values['injection-time'] !== undefined ? { injectionDateTime: values['injection-time'] } : {}),
    };
    let series: PetSeriesHeaders;
    let kept: SeriesSuvOverrides | undefined;
    if (values.series !== undefined) {
      const cache = new StudyCache(ctx.dataDir, 'lightbox-cli');
      try {
        const found = petSeriesFromCache(cache, values.series);
        if (!found) throw new Error(`series ${values.series} is not in the local cache`);
        series = found;
        // The reader's overrides kept for this series (the viewer's "SUV inputs"): in force here too.
        const studyUid = stringValue(found.datasets[0], '0020000D');
        if (studyUid) kept = createSuvOverrideStore(cache).get(studyUid, values.series);
      } finally {
        cache.close();
      }
    } else {
      const found = petSeriesFromFiles(positionals);
      if (found.length === 0) throw new Error('no DICOM image in the files given');
      if (found.length > 1) throw new CliUsageError(`the files hold ${found.length} series (${found.map((s) => s.seriesDescription || s.seriesInstanceUid).join(', ')}): give one series`);
      series = found[0]!;
    }
    const stored = kept && Object.keys(kept.overrides).length ? kept : undefined;
    // Flags given here replace the kept values one by one.
    const report: SuvReport & { keptOverrides?: SeriesSuvOverrides } = { ...suvReport(series, { ...stored?.overrides, ...overrides }), ...(stored ? { keptOverrides: stored } : {}) };
    if (stored && !values.json) {
      ctx.stdout.write(`note: SUV input overrides kept for this series are in force: ${describeSuvOverrides(stored.overrides)}${stored.savedAt ? ` (set ${stored.savedAt}${stored.savedBy ? ` by ${stored.savedBy}` : ''})` : ''}\n`);
    }
    if (values.json) ctx.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else printReport(report, ctx.stdout);
    // No kind at all: the answer is a refusal, and scripts should see it.
    return SUV_KINDS.some((k) => report.kinds[k].available) ? 0 : 1;
  },
};
