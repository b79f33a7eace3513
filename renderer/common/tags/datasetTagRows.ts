import type { DicomJsonAttribute, DicomJsonDataset } from '../../../electron/common/dicom/model/dicomJson';
import { lookupTag } from '../../../electron/common/dicom/dictionary/dataDictionary';

/** One line of the tag browser: an attribute, or an item of a sequence. */
export interface TagRow {
  /** Unique in the list: the path of tags and item numbers from the top. */
  id: string;
  /** 0 at the top level; the attributes of a sequence's items one deeper than the items. */
  depth: number;
  kind: 'attribute' | 'item';
  /** `(gggg,eeee)`; an item: `Item n`. */
  tag: string;
  /** PS3.6 keyword; a private attribute's creator, or "Private"; '' for an item. */
  keyword: string;
  vr: string;
  /** The values as text, multiple values joined by `\`; bulk data described. */
  value: string;
  /** The rows above it it belongs to (its sequence and item rows), for the search to keep. */
  parents: string[];
}

/** Values longer than this are cut (a long LUT or a contour's thousand points). */
const MAX_VALUE_CHARS = 256;

const tagLabel = (key: string): string => `(${key.slice(0, 4)},${key.slice(4)})`;

function personName(v: unknown): string {
  if (!v || typeof v !== 'object') return String(v ?? '');
  const pn = v as { Alphabetic?: string; Ideographic?: string; Phonetic?: string };
  return [pn.Alphabetic ?? '', pn.Ideographic ?? '', pn.Phonetic ?? ''].join('=').replace(/=+$/, '');
}

function valueText(attr: DicomJsonAttribute): string {
  if (attr.BulkDataURI !== undefined) return '(bulk data, not in the header)';
  if (attr.InlineBinary !== undefined) return `(${Math.floor((attr.InlineBinary.replace(/=+$/, '').length * 3) / 4)} bytes)`;
  const values = (attr.Value ?? []).map((v) => (attr.vr === 'PN' ? personName(v) : v === null || v === undefined ? '' : String(v)));
  const text = values.join('\\');
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}… (${values.length} values)` : text;
}

/** The private creator of a private attribute (PS3.5 7.8.1), from the reservation in the same data set. */
function privateCreator(ds: DicomJsonDataset, key: string): string | undefined {
  const element = parseInt(key.slice(4), 16);
  if (element < 0x1000) return undefined; // a reservation itself, or a group length
  const reservation = `${key.slice(0, 4)}00${key.slice(4, 6)}`;
  const creator = ds[reservation]?.Value?.[0];
  return typeof creator === 'string' ? creator.trim() : undefined;
}

function keywordOf(ds: DicomJsonDataset, key: string): string {
  const group = parseInt(key.slice(0, 4), 16);
  if (group % 2 === 1) {
    const element = parseInt(key.slice(4), 16);
    if (element === 0) return 'PrivateGroupLength';
    if (element >= 0x10 && element <= 0xff) return 'PrivateCreator';
    const creator = privateCreator(ds, key);
    return creator ? `Private (${creator})` : 'Private';
  }
  return lookupTag(parseInt(key, 16))?.keyword ?? 'Unknown';
}

/**
 * Every attribute of a data set (DICOM JSON) as the tag browser lists it: in tag order, each
 * sequence followed by its items and, one level deeper, their attributes.
 */
export function datasetTagRows(ds: DicomJsonDataset): TagRow[] {
  const rows: TagRow[] = [];
  const walk = (set: DicomJsonDataset, depth: number, path: string, parents: string[]): void => {
    for (const key of Object.keys(set).sort()) {
      const attr = set[key]!;
      const id = `${path}${key}`;
      if (attr.vr === 'SQ') {
        const items = (attr.Value ?? []) as DicomJsonDataset[];
        rows.push({ id, depth, kind: 'attribute', tag: tagLabel(key), keyword: keywordOf(set, key), vr: 'SQ', value: `${items.length} item${items.length === 1 ? '' : 's'}`, parents });
        items.forEach((item, i) => {
          const itemId = `${id}/${i + 1}`;
          rows.push({ id: itemId, depth: depth + 1, kind: 'item', tag: `Item ${i + 1}`, keyword: '', vr: '', value: '', parents: [...parents, id] });
          walk(item ?? {}, depth + 2, `${itemId}/`, [...parents, id, itemId]);
        });
      } else {
        rows.push({ id, depth, kind: 'attribute', tag: tagLabel(key), keyword: keywordOf(set, key), vr: attr.vr, value: valueText(attr), parents });
      }
    }
  };
  walk(ds, 0, '', []);
  return rows;
}

/**
 * The rows a search finds: by keyword (any part, any case), by tag (`0010,0010`, `00100010`,
 * `(0010,0010)`, or a part of it) or by value; each found row with the sequences and items it
 * sits in, so a nested match keeps its place.
 */
export function searchTagRows(rows: TagRow[], query: string): TagRow[] {
  const q = query.trim().toLowerCase();
  if (!q) return rows;
  const hex = q.replace(/[(),\s]/g, '');
  const found = rows.filter(
    (r) =>
      r.keyword.toLowerCase().includes(q) ||
      r.value.toLowerCase().includes(q) ||
      (/^[0-9a-f]{1,8}$/.test(hex) && r.kind === 'attribute' && r.tag.replace(/[(),]/g, '').toLowerCase().includes(hex)),
  );
  const keep = new Set(found.flatMap((r) => [...r.parents, r.id]));
  return rows.filter((r) => keep.has(r.id));
}
