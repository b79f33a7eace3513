import { describe, expect, it } from 'vitest';
import { readDicomFileSync } from '../../../electron/node/dicom/readDicomFile';
import { missingHere } from '../../../testing/node/requiredInCi';
import { runTool } from '../../../testing/node/runTool';
import { samplePath, sharedSamplesAvailable } from '../../../testing/node/sharedSamples';
import { datasetTagRows } from '../../common/tags/datasetTagRows';

// The tag browser's rows against dcmtk's dcmdump of the same file (an independent parser): the
// same attributes in the same order at the same nesting, the same VRs and keywords for standard
// attributes, and the same text for short string values. Files with nested sequences (a SEG's
// functional groups, a TID 1500 report), private blocks (Siemens MR) and multi-valued numbers.

interface DumpLine {
  depth: number;
  tag: string;
  vr: string;
  value?: string;
  keyword: string;
}

/** dcmdump's data set lines (not the meta header, not item/delimitation lines), as level, tag, VR, value, name. */
function dumpLines(text: string): DumpLine[] {
  const body = text.slice(text.indexOf('# Dicom-Data-Set'));
  const out: DumpLine[] = [];
  for (const line of body.split('\n')) {
    const m = /^( *)\(([0-9a-f]{4}),([0-9a-f]{4})\) (\S\S) (.*?)\s*#\s*[\d/ul]+,\s*\S+\s+(\S+)\s*$/.exec(line);
    if (!m || m[2] === 'fffe') continue;
    const raw = m[5]!;
    out.push({ depth: m[1]!.length / 2, tag: `(${m[2]!.toUpperCase()},${m[3]!.toUpperCase()})`, vr: m[4]!, keyword: m[6]!, ...(raw.startsWith('[') && raw.endsWith(']') ? { value: raw.slice(1, -1) } : {}) });
  }
  return out;
}

const NUMBER_STRINGS = new Set(['DS', 'IS']);
const FILES = ['seg-sr/dcmqi/seg/partial_overlaps.dcm', 'pixel-formats/MR-SIEMENS-DICOM-WithOverlays.dcm', 'pixel-formats/CT_small.dcm'];

describe.skipIf(missingHere(sharedSamplesAvailable(), 'the shared DICOM samples'))('tag browser rows vs dcmdump', () => {
  it.each(FILES)('%s: the same attributes, nesting, VRs, keywords and short values', async (file) => {
    const dump = dumpLines((await runTool('dcmdump', ['+L', samplePath(file)])).toString('latin1')).filter((l) => l.tag !== '(7FE0,0010)' && l.tag !== '(FFFC,FFFC)'); // pixels and trailing padding are not header attributes
    const ours = datasetTagRows(readDicomFileSync(samplePath(file)).dataset).filter((r) => r.kind === 'attribute' && r.tag !== '(7FE0,0010)');
    expect(ours.map((r) => `${r.depth} ${r.tag}`)).toEqual(dump.map((l) => `${l.depth} ${l.tag}`));
    let compared = 0;
    dump.forEach((l, i) => {
      const r = ours[i]!;
      const privateGroup = parseInt(l.tag.slice(1, 5), 16) % 2 === 1;
      if (!privateGroup) {
        expect(`${r.tag} ${r.vr} ${r.keyword}`).toBe(`${l.tag} ${l.vr} ${l.keyword}`);
        // dcmdump prints values as stored; the DICOM JSON model holds DS/IS as numbers (compared as
        // numbers) and its text in UTF-8, Specific Character Set rewritten to say so (not compared).
        if (l.value === undefined || r.vr === 'PN' || r.value.includes('…') || r.tag === '(0008,0005)') return;
        if (NUMBER_STRINGS.has(r.vr)) expect(r.value.split('\\').map(Number), `${file} ${r.tag}`).toEqual(l.value.split('\\').map(Number));
        else expect(r.value, `${file} ${r.tag}`).toBe(l.value);
        compared++;
      }
    });
    expect(compared).toBeGreaterThan(10);
  });
});
