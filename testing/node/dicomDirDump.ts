import { runTool } from './runTool';

/**
 * A DICOMDIR's record tree as dcmtk's dcmdump prints it, rebuilt from the printed offsets (an
 * independent reading: not our parser). Each record: its type, its attributes as dcmdump shows
 * them (tag → printed value; a sequence → its nested lines), and its lower-level records.
 */
export interface DumpedRecord {
  type: string;
  attributes: Record<string, string>;
  children: DumpedRecord[];
}

interface Flat {
  offset: number;
  next: number;
  lower: number;
  record: DumpedRecord;
}

const LINK_TAGS = new Set(['(0004,1400)', '(0004,1410)', '(0004,1420)']);

/** `(0010,0010) PN [Doe^John]   # 8, 1 PatientName` → ['(0010,0010)', 'PN', '[Doe^John]']. */
function parseLine(line: string): { tag: string; vr: string; value: string } | undefined {
  const m = /^\s*(\([0-9a-f]{4},[0-9a-f]{4}\))\s+(\S\S)\s+(.*?)\s*#\s*(?:\d+|u\/l),\s*\d+\s+\S+\s*$/i.exec(line);
  return m ? { tag: m[1]!.toLowerCase(), vr: m[2]!, value: m[3]! } : undefined;
}

/** The record tree of a DICOMDIR, from `dcmdump`'s output. */
export async function dumpDicomDir(file: string): Promise<{ roots: DumpedRecord[]; top: Record<string, string> }> {
  const text = (await runTool('dcmdump', ['-q', file])).toString('latin1');
  const lines = text.split('\n');
  const top: Record<string, string> = {};
  const flats: Flat[] = [];
  let current: Flat | undefined;
  let nested: { tag: string; lines: string[] } | undefined;
  const closeNested = (): void => {
    if (current && nested) current.record.attributes[nested.tag] = nested.lines.join(' | ');
    nested = undefined;
  };
  for (const line of lines) {
    const indent = line.length - line.trimStart().length;
    if (indent === 2 && line.includes('"Directory Record"')) {
      closeNested();
      const type = /"Directory Record" (.+?) #=/.exec(line)![1]!.trim();
      current = { offset: 0, next: 0, lower: 0, record: { type, attributes: {}, children: [] } };
      flats.push(current);
      continue;
    }
    if (indent === 2 && /offset=\$(\d+)/.test(line) && current) {
      current.offset = Number(/offset=\$(\d+)/.exec(line)![1]);
      continue;
    }
    const parsed = parseLine(line);
    if (!parsed) continue;
    if (indent === 0) {
      top[parsed.tag] = parsed.value;
      continue;
    }
    if (!current || indent < 4) continue;
    if (indent === 4) {
      closeNested();
      if (parsed.tag.startsWith('(fffe,')) continue;
      if (parsed.tag === '(0004,1400)') current.next = Number(parsed.value);
      else if (parsed.tag === '(0004,1420)') current.lower = Number(parsed.value);
      if (LINK_TAGS.has(parsed.tag)) continue;
      if (parsed.vr === 'SQ') nested = { tag: parsed.tag, lines: [] };
      else current.record.attributes[parsed.tag] = `${parsed.vr} ${parsed.value}`;
      continue;
    }
    // A nested sequence's own line says how its length was encoded (explicit or undefined): both are valid, so it is left out.
    if (nested && !parsed.tag.startsWith('(fffe,')) nested.lines.push(parsed.vr === 'SQ' ? `${parsed.tag} SQ` : `${parsed.tag} ${parsed.vr} ${parsed.value}`);
  }
  closeNested();
  const byOffset = new Map(flats.map((f) => [f.offset, f]));
  const chain = (offset: number): DumpedRecord[] => {
    const out: DumpedRecord[] = [];
    for (let o = offset; o !== 0; ) {
      const f = byOffset.get(o);
      if (!f) throw new Error(`${file}: no record at offset ${o}`);
      f.record.children = chain(f.lower);
      out.push(f.record);
      o = f.next;
    }
    return out;
  };
  return { roots: chain(Number(top['(0004,1200)'] ?? 0)), top };
}

/** The tree as a canonical, order-insensitive string per record: siblings sorted, so that two writers that order siblings differently compare equal. */
export function canonicalRecords(records: DumpedRecord[], mask: (r: DumpedRecord, tag: string) => boolean = () => false): string[] {
  return records
    .map((r) => {
      const attributes = Object.entries(r.attributes)
        .filter(([tag]) => !mask(r, tag))
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([tag, v]) => `${tag}=${v}`);
      return JSON.stringify({ type: r.type, attributes, children: canonicalRecords(r.children, mask) });
    })
    .sort();
}
