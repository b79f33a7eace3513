import type { RawElement } from '../../deidentify/rawElementTree';
import { FREE_TEXT_VRS, textValue, valueText } from '../../deidentify/replacementValues';
import { lookupTag } from '../dictionary/dataDictionary';
import { VERIFICATION_DATETIME, recordKeys, type KeySet, type RecordKey } from './directoryRecordKeys';
import { directoryRecordTypeOf } from './directoryRecordType';
import { SHARED_FUNCTIONAL_GROUPS, SPECIFIC_CHARACTER_SET, VERIFYING_OBSERVER_SEQUENCE, type RecordSource } from './recordSource';

/** One directory record before it is written: its type, keys, and the file it references. */
export interface DirectoryRecordNode {
  type: string;
  /** Keys (and Specific Character Set), raw; the record's own group 0004 elements are added by the writer. */
  elements: RawElement[];
  /** Instance-level records: the file and what it holds (Referenced File ID and the UIDs "in File"). */
  file?: Pick<RecordSource, 'fileId' | 'sopClassUid' | 'sopInstanceUid' | 'transferSyntaxUid'>;
  children: DirectoryRecordNode[];
}

/** A type 1 key the file did not give a value for: what was put in its place, or that nothing could be. */
export interface InventedKey {
  fileId: string;
  record: string;
  keyword: string;
  value?: string;
}

const find = (elements: RawElement[], tag: number): RawElement | undefined => elements.find((e) => e.tag === tag);
const text = (elements: RawElement[], tag: number): string => valueText(find(elements, tag)?.value);
const hasValue = (el: RawElement | undefined): el is RawElement => !!el && (el.items ? el.items.length > 0 : !!el.value && valueText(el.value) !== '');
const vrOf = (tag: number): string => {
  const vr = lookupTag(tag)?.vr ?? 'UN';
  return vr === 'up' ? 'UL' : vr === 'xs' ? 'US' : vr;
};
const keyword = (tag: number): string => lookupTag(tag)?.keyword ?? tag.toString(16);

/** The first value among these attributes, else `fallback` (dcmmkdir's "alternative" study date and time). */
const firstOf = (elements: RawElement[], tags: number[], fallback: string): string => tags.map((t) => text(elements, t)).find(Boolean) ?? fallback;

/**
 * A value for a type 1 key the instance lacks, as dcmmkdir's +I (invent) does: a date or time
 * from the nearest other date or time of the instance, a counter for numbers and IDs, a neutral
 * label. Undefined where nothing meaningful can be made up (a coded document title).
 */
function inventedValue(tag: number, elements: RawElement[], counter: number): string | undefined {
  switch (tag) {
    case 0x00100020: return `LBPAT${String(counter).padStart(6, '0')}`;
    case 0x00200010: return `LBSTUDY${String(counter).padStart(6, '0')}`;
    case 0x00080020: return firstOf(elements, [0x00080021, 0x00080022, 0x00080023, 0x00080012], '19000101');
    case 0x00080030: return firstOf(elements, [0x00080031, 0x00080032, 0x00080033, 0x00080013], '000000');
    case 0x00080023: case 0x00700082: case 0x00080012: return firstOf(elements, [0x00080023, 0x00080012, 0x00080021, 0x00080020], '19000101');
    case 0x00080033: case 0x00700083: return firstOf(elements, [0x00080033, 0x00080013, 0x00080031, 0x00080030], '000000');
    case 0x00080060: return 'OT';
    case 0x00200011: case 0x00200013: return String(counter);
    case 0x00700080: case 0x30060002: case 0x300a0002: return 'UNNAMED';
    case 0x0040a491: return 'PARTIAL';
    case 0x0040a493: return 'UNVERIFIED';
    default: return undefined;
  }
}

/** A key found at the top level or, for enhanced objects, in the Shared Functional Groups (one level of macros down). */
function findKey(elements: RawElement[], k: RecordKey): RawElement | undefined {
  const top = find(elements, k.tag);
  if (hasValue(top) || !k.orSharedFunctionalGroups) return top;
  const shared = find(elements, SHARED_FUNCTIONAL_GROUPS)?.items?.[0] ?? [];
  const direct = find(shared, k.tag);
  if (hasValue(direct)) return direct;
  for (const macro of shared) {
    const inner = macro.items?.[0] && find(macro.items[0], k.tag);
    if (hasValue(inner)) return inner;
  }
  return undefined;
}

/** Verification DateTime of the most recent verifier (last item), when the report is VERIFIED (F.5.20). */
function verificationDateTime(elements: RawElement[]): RawElement | undefined {
  if (text(elements, 0x0040a493) !== 'VERIFIED') return undefined;
  const last = find(elements, VERIFYING_OBSERVER_SEQUENCE)?.items?.at(-1);
  return last && find(last, VERIFICATION_DATETIME);
}

function affectedByCharacterSet(elements: RawElement[]): boolean {
  return elements.some((e) => FREE_TEXT_VRS.has(e.vr) || (e.items ?? []).some(affectedByCharacterSet));
}

interface Builder {
  keySet: KeySet;
  invented: InventedKey[];
  counters: Map<string, number>;
}

/** The keys of one record from its instance; Specific Character Set when a copied value depends on it. */
function recordElements(type: string, source: RecordSource, b: Builder, counter: number): RawElement[] {
  const out: RawElement[] = [];
  for (const k of recordKeys(type as Parameters<typeof recordKeys>[0], b.keySet)) {
    const found = k.tag === VERIFICATION_DATETIME ? verificationDateTime(source.elements) : findKey(source.elements, k);
    if (hasValue(found)) out.push({ ...found, tag: k.tag });
    else if (k.type === '2') out.push(found ?? { tag: k.tag, vr: vrOf(k.tag), value: new Uint8Array(0) });
    else if (k.type === '1') {
      const value = inventedValue(k.tag, source.elements, counter);
      b.invented.push({ fileId: source.fileId.join('\\'), record: type, keyword: keyword(k.tag), ...(value !== undefined ? { value } : {}) });
      if (value !== undefined) out.push({ tag: k.tag, vr: vrOf(k.tag), value: textValue(value, vrOf(k.tag)) });
    }
  }
  const charset = find(source.elements, SPECIFIC_CHARACTER_SET);
  if (hasValue(charset) && affectedByCharacterSet(out)) out.push(charset);
  return out;
}

/** A number for ordering siblings the way dcmmkdir inserts them (by Series or Instance Number; none last). */
function orderNumber(node: DirectoryRecordNode, tag: number): number {
  const n = Number.parseInt(text(node.elements, tag), 10);
  return Number.isFinite(n) ? n : Number.POSITIVE_INFINITY;
}

function stableSortBy(nodes: DirectoryRecordNode[], tag: number): void {
  const indexed = nodes.map((node, i) => ({ node, i, n: orderNumber(node, tag) }));
  indexed.sort((a, b) => a.n - b.n || a.i - b.i);
  nodes.splice(0, nodes.length, ...indexed.map((x) => x.node));
}

/**
 * The record tree of a file-set (PS3.3 F.4): PATIENT › STUDY › SERIES › one instance-level record
 * per file, of the type its SOP Class calls for. Patients are told apart by Patient ID (Patient's
 * Name when there is none), studies and series by their UIDs, within their parent, as dcmmkdir does;
 * series are ordered by Series Number and instances by Instance Number, patients and studies as
 * they came.
 */
export function buildDirectoryRecords(sources: RecordSource[], keySet: KeySet): { roots: DirectoryRecordNode[]; invented: InventedKey[] } {
  const b: Builder = { keySet, invented: [], counters: new Map() };
  const next = (scope: string): number => {
    const n = (b.counters.get(scope) ?? 0) + 1;
    b.counters.set(scope, n);
    return n;
  };
  const roots: DirectoryRecordNode[] = [];
  const patients = new Map<string, DirectoryRecordNode>();
  const studies = new Map<DirectoryRecordNode, Map<string, DirectoryRecordNode>>();
  const series = new Map<DirectoryRecordNode, Map<string, DirectoryRecordNode>>();
  const child = (parent: DirectoryRecordNode | undefined, siblings: Map<string, DirectoryRecordNode>, id: string, make: () => DirectoryRecordNode): DirectoryRecordNode => {
    let node = siblings.get(id);
    if (!node) {
      node = make();
      siblings.set(id, node);
      (parent ? parent.children : roots).push(node);
    }
    return node;
  };
  for (const source of sources) {
    const e = source.elements;
    const patientKey = text(e, 0x00100020) ? `id:${text(e, 0x00100020)}` : `name:${text(e, 0x00100010)}`;
    const patient = child(undefined, patients, patientKey, () => ({ type: 'PATIENT', elements: recordElements('PATIENT', source, b, next('patient')), children: [] }));
    if (!studies.has(patient)) studies.set(patient, new Map());
    const study = child(patient, studies.get(patient)!, text(e, 0x0020000d), () => ({ type: 'STUDY', elements: recordElements('STUDY', source, b, next('study')), children: [] }));
    if (!series.has(study)) series.set(study, new Map());
    const seriesNode = child(study, series.get(study)!, text(e, 0x0020000e), () => ({ type: 'SERIES', elements: recordElements('SERIES', source, b, next(`series:${text(e, 0x0020000d)}`)), children: [] }));
    const type = directoryRecordTypeOf(source.sopClassUid);
    const { fileId, sopClassUid, sopInstanceUid, transferSyntaxUid } = source;
    seriesNode.children.push({ type, elements: recordElements(type, source, b, seriesNode.children.length + 1), file: { fileId, sopClassUid, sopInstanceUid, transferSyntaxUid }, children: [] });
  }
  for (const patient of roots) for (const study of patient.children) {
    stableSortBy(study.children, 0x00200011);
    for (const s of study.children) stableSortBy(s.children, 0x00200013);
  }
  return { roots, invented: b.invented };
}
