import { parseArgs } from 'node:util';
import { hangStudy, type HangingResult } from '../../../common/hanging/hangingEngine';
import { studyFactsFromSeriesHeads } from '../../../common/hanging/studyFacts';
import { hangingInput } from '../../cache/hangingInput';
import { StudyCache } from '../../cache/studyCache';
import { ProtocolStore } from '../../hanging/protocolStore';
import { CliUsageError, type CliCommand } from '../cliTypes';

function print(result: HangingResult, out: NodeJS.WritableStream): void {
  out.write(`protocol: ${result.protocol.name} (${result.protocol.id})\n\ncandidates (✓ applies, ✗ does not, · study rules only: it could not win):\n`);
  for (const s of result.scores.slice(0, 4)) {
    out.write(`  ${s.checked ? (s.applicable ? '✓' : '✗') : '·'} ${s.protocolId.padEnd(18)} score ${s.score}${s.missingDisplaySets.length ? `, no series for ${s.missingDisplaySets.join(', ')}` : ''}\n`);
    for (const r of s.rules) out.write(`      ${r.passed ? '+' : '-'} ${r.rule}${r.required ? ' (required)' : ''}${r.passed ? ` +${r.weight}` : ''}\n`);
  }
  out.write(`\npriors: ${result.priors.length ? '' : 'none'}\n`);
  for (const p of result.priors) out.write(`  ${p.studyDate} ${p.studyInstanceUid}: ${p.reasons.join(', ')}\n`);
  for (const stage of result.stages) {
    out.write(`\nstage "${stage.name}"\n`);
    for (const d of stage.displays) {
      out.write(`  display ${d.display + 1}${d.role ? ` (${d.role})` : ''}: ${d.layout.kind === 'grid' ? `${d.layout.rows}×${d.layout.columns}` : `${d.layout.rects.length} rectangles`}\n`);
      for (const v of d.viewports) out.write(`    ${v.type}${v.windowPreset ? ` ${v.windowPreset}` : ''}${v.sync.length ? ` [${v.sync.join(',')}]` : ''}: ${v.seriesDescription ?? '(empty)'} — ${v.why}\n`);
    }
  }
  for (const n of result.notes) out.write(`\nnote: ${n}\n`);
}

export const hangCommand: CliCommand = {
  name: 'hang',
  summary: 'show how a cached study hangs: the protocol chosen and why, the priors picked, each display\'s viewports',
  usage: 'lightbox hang STUDY_UID [--displays N | --display-geometry WxH,WxH…] [--json]',
  async run(ctx) {
    const { values, positionals } = parseArgs({ args: ctx.args, options: { displays: { type: 'string' }, 'display-geometry': { type: 'string' }, json: { type: 'boolean', default: false } }, allowPositionals: true, strict: true });
    const [studyUid] = positionals;
    if (!studyUid) throw new CliUsageError('give a STUDY_UID');
    const geometry = values['display-geometry']?.split(',').filter(Boolean) ?? [];
    if (geometry.some((g) => !/^\d+x\d+$/.test(g))) throw new CliUsageError('--display-geometry is a list of WIDTHxHEIGHT');
    const displays = geometry.length || Number(values.displays ?? 2);
    if (!Number.isInteger(displays) || displays < 1) throw new CliUsageError('--displays must be a positive integer');
    const cache = new StudyCache(ctx.dataDir, 'lightbox-cli');
    try {
      // The patient's other cached studies are the prior candidates.
      const input = hangingInput(cache, studyUid);
      if (!input) throw new Error(`study ${studyUid} is not in the local cache`);
      const current = studyFactsFromSeriesHeads(input.current)!;
      const others = input.others.map((o) => studyFactsFromSeriesHeads(o)!);
      const result = hangStudy(new ProtocolStore(ctx.dataDir).protocols(), { current, candidates: others, displays });
      if (values.json) ctx.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else print(result, ctx.stdout);
      return 0;
    } finally {
      cache.close();
    }
  },
};
