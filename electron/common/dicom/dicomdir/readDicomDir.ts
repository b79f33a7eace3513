import type { DataSet, Element } from 'dicom-parser';
import { stringValue, stringValues } from '../model/dicomJsonAccess';
import { datasetToDicomJson } from '../parse/datasetToDicomJson';
import { parseRawDataSet } from '../parse/parseDicom';
import { isBigEndian, isImplicitVR } from '../transferSyntax';
import type { DicomJsonDataset } from '../model/dicomJson';

/** One directory record (PS3.3 F.5): its type, attributes, referenced file, and lower-level records. */
export interface DicomDirRecord {
  type: string;
  attributes: DicomJsonDataset;
  /** Referenced File ID (0004,1500) as a relative path with `/` separators. */
  referencedFile?: string;
  /** The Referenced File ID as the DICOMDIR holds it (`\`-separated, nothing dropped), for checks and messages. */
  referencedFileId?: string;
  children: DicomDirRecord[];
}

const LEVEL: Record<string, number> = { PATIENT: 0, STUDY: 1, SERIES: 2 };

interface RawRecord {
  offset: number;
  record: DicomDirRecord;
  next: number;
  lower: number;
  inUse: boolean;
}

/**
 * Reads the record tree of a DICOMDIR (IHE PDI media). Records are linked by byte offsets
 * (PS3.10 8.x, PS3.3 F.3.2.1); when a file has no usable offsets the records are nested by
 * their order and type (PATIENT > STUDY > SERIES > instance-level records), as media writers lay them out.
 */
export function readDicomDir(bytes: Uint8Array, source: string, inflateRaw?: (b: Uint8Array) => Uint8Array): { roots: DicomDirRecord[]; warnings: string[] } {
  const raw = parseRawDataSet(bytes, { source, headerOnly: false, inflateRaw });
  const options = { bigEndian: isBigEndian(raw.transferSyntaxUid), implicit: isImplicitVR(raw.transferSyntaxUid), warnings: raw.warnings };
  const top = datasetToDicomJson(raw.dataSet, options);
  const sequence: Element | undefined = raw.dataSet.elements.x00041220;
  const records: RawRecord[] = (sequence?.items ?? []).map((item) => {
    const attributes = datasetToDicomJson(item.dataSet as DataSet, options);
    const id = stringValues(attributes, '00041500');
    const file = id.filter(Boolean);
    const num = (tag: string): number => Number(attributes[tag]?.Value?.[0] ?? 0);
    return {
      offset: item.dataOffset - 8,
      next: num('00041400'),
      lower: num('00041420'),
      inUse: num('00041410') !== 0,
      record: {
        type: (stringValue(attributes, '00041430') ?? '').trim(),
        attributes,
        ...(file.length ? { referencedFile: file.join('/'), referencedFileId: id.join('\\') } : {}),
        children: [],
      },
    };
  });
  const byOffset = new Map(records.map((r) => [r.offset, r]));
  const first = Number(top['00041200']?.Value?.[0] ?? 0);
  const linked = first !== 0 && byOffset.has(first) && records.every((r) => (r.next === 0 || byOffset.has(r.next)) && (r.lower === 0 || byOffset.has(r.lower)));
  if (linked) {
    const seen = new Set<number>();
    const chain = (offset: number): DicomDirRecord[] => {
      const out: DicomDirRecord[] = [];
      for (let o = offset; o !== 0 && !seen.has(o); o = byOffset.get(o)!.next) {
        seen.add(o);
        const r = byOffset.get(o)!;
        if (r.lower) r.record.children = chain(r.lower);
        if (r.inUse) out.push(r.record);
      }
      return out;
    };
    return { roots: chain(first), warnings: raw.warnings };
  }
  raw.warnings.push('DICOMDIR offsets missing or inconsistent: records nested by order and type');
  const roots: DicomDirRecord[] = [];
  const stack: DicomDirRecord[] = [];
  for (const r of records) {
    if (!r.inUse && r.next === 0 && r.lower === 0 && !r.record.type) continue;
    const level = LEVEL[r.record.type] ?? 3;
    stack.length = Math.min(stack.length, level);
    (stack.length ? stack[stack.length - 1]!.children : roots).push(r.record);
    if (level < 3) stack[level] = r.record;
  }
  return { roots, warnings: raw.warnings };
}

/** Every record that references a file, with its patient/study/series ancestry. */
export function referencedFiles(roots: DicomDirRecord[]): Array<{ file: string; id: string; type: string; path: DicomDirRecord[] }> {
  const out: Array<{ file: string; id: string; type: string; path: DicomDirRecord[] }> = [];
  const walk = (r: DicomDirRecord, path: DicomDirRecord[]): void => {
    if (r.referencedFile) out.push({ file: r.referencedFile, id: r.referencedFileId ?? r.referencedFile, type: r.type, path });
    for (const c of r.children) walk(c, [...path, r]);
  };
  for (const r of roots) walk(r, []);
  return out;
}
