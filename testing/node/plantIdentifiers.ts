import { lookupTag } from '../../electron/common/dicom/dictionary/dataDictionary';
import { profileRow, profileRows } from '../../electron/common/deidentify/profileTable';
import { readRawInstance, type RawElement } from '../../electron/common/deidentify/rawElementTree';
import { writeRawInstance } from '../../electron/common/deidentify/writeRawInstance';
import { textValue, valueText } from '../../electron/common/deidentify/replacementValues';
import { inflateRawSync, deflateRawSync } from 'node:zlib';

/** One identifying value written into a copy: where, and the exact bytes to look for in the output. */
export interface PlantedValue {
  /** Tag of the Table E.1-1 row (or a private/SR tag), as 8 hex digits. */
  tag: string;
  /** Tags from the top level down to the element. */
  path: string;
  vr: string;
  planted: string;
  /** True for a value written at the top level (the option checks look at those). */
  topLevel: boolean;
}

/**
 * Builds planted copies: every Table E.1-1 attribute the instance carries, at every depth, gets a
 * unique identifying value, and every row it does not carry is added (top level and two sequences
 * deep inside an unlisted sequence), with private groups (an unknown creator and a Table E.3.10-1
 * one) and SR text. Fixed-width markers end in `Q` so none is a prefix of another.
 */
export class IdentifierPlanter {
  private n = 0;
  private dates = 0;
  readonly planted: PlantedValue[] = [];

  private next(): number {
    return ++this.n;
  }

  /** A value of the VR that appears nowhere else; undefined for VRs a byte scan cannot tell apart. */
  private valueFor(vr: string, tag: number, path: string, topLevel: boolean): Uint8Array | undefined {
    const n = this.next();
    const id = String(n).padStart(4, '0');
    let planted: string;
    switch (vr) {
      case 'PN':
        planted = `PLANT${id}Q^GIVEN`;
        break;
      case 'LO':
      case 'SH':
      case 'LT':
      case 'ST':
      case 'UT':
      case 'UC':
      case 'CS':
      case 'AE':
        planted = `PLANT${id}Q`;
        break;
      case 'UR':
        planted = `http://plant${id}q.invalid`;
        break;
      case 'UI':
        planted = `1.2.826.0.1.3680043.10.999.1${id}9`;
        break;
      case 'DA':
        planted = plantedDate(++this.dates);
        break;
      case 'DT':
        planted = `${plantedDate(++this.dates)}101010`;
        break;
      case 'TM':
        planted = `2359${String(n % 60).padStart(2, '0')}.9${id}`;
        break;
      case 'DS':
        planted = `-7${id}.125`;
        break;
      case 'IS':
        planted = `-7${id}3`;
        break;
      case 'AS':
        planted = `0${String(n % 100).padStart(2, '0')}W`;
        return undefined; // four characters are not unique enough to scan for
      case 'OB':
      case 'OW':
      case 'UN':
        planted = `PLANTBIN${id}Q`;
        break;
      default:
        return undefined;
    }
    this.planted.push({ tag: tagKey(tag), path, vr, planted, topLevel });
    return textValue(planted, vr);
  }

  /** Plants into an existing tree (every listed attribute at every depth, SR text values too). */
  plantExisting(elements: RawElement[], path = '', depth = 0): void {
    for (const el of elements) {
      const here = `${path}/${tagKey(el.tag)}`;
      if (el.items) {
        for (const item of el.items) this.plantExisting(item, here, depth + 1);
        continue;
      }
      const listed = profileRow(el.tag) !== undefined;
      // SR free text (Text Value) and free text under content items: what Clean Structured Content is about.
      const srText = el.tag === 0x0040a160;
      if ((listed || srText) && (el.tag >>> 16) !== 0x7fe0 && !el.encapsulated) {
        const v = this.valueFor(el.vr, el.tag, here, depth === 0);
        if (v) el.value = v;
      }
    }
  }

  /** Table E.1-1 rows the instance lacks, as new elements (VR from PS3.6), planted. */
  missingRows(present: Set<number>, path: string, topLevel: boolean): RawElement[] {
    const out: RawElement[] = [];
    for (const row of profileRows()) {
      const tag = parseInt(row.tag.replace(/x/g, '0'), 16) >>> 0;
      const group = tag >>> 16;
      if (present.has(tag) || group === 0x0002 || group === 0x0000 || group === 0x0004) continue;
      const vr = lookupTag(tag)?.vr ?? (group === 0x6000 || group === 0x5000 ? 'OW' : undefined);
      if (!vr || vr.length !== 2 || vr !== vr.toUpperCase()) continue;
      if (vr === 'SQ') {
        // A listed sequence gets one item carrying a planted name, a date and a UID of its own.
        const item: RawElement[] = [];
        for (const [t, v] of [[0x00100010, 'PN'], [0x00080020, 'DA'], [0x00081155, 'UI']] as const) {
          const value = this.valueFor(v, t, `${path}/${tagKey(tag)}/${tagKey(t)}`, false);
          if (value) item.push({ tag: t, vr: v, value });
        }
        out.push({ tag, vr, items: [item] });
        continue;
      }
      const value = this.valueFor(vr, tag, `${path}/${tagKey(tag)}`, topLevel);
      if (value) out.push({ tag, vr, value });
    }
    return out;
  }

  /** Private groups: an unknown creator (identifying text, a nested sequence), and a safe GE block. */
  privateGroups(): RawElement[] {
    const unknown = this.valueFor('LO', 0x00111001, '/00111001', true)!;
    const nestedName = this.valueFor('PN', 0x00100010, '/00111002/00100010', false)!;
    const safeValue = textValue('1.375', 'DS');
    const unsafe = this.valueFor('LO', 0x00191050, '/00191050', true)!;
    return [
      { tag: 0x00110010, vr: 'LO', value: textValue('PLANTED CREATOR', 'LO') },
      { tag: 0x00111001, vr: 'LO', value: unknown },
      { tag: 0x00111002, vr: 'SQ', items: [[{ tag: 0x00100010, vr: 'PN', value: nestedName }]] },
      { tag: 0x00190010, vr: 'LO', value: textValue('GEMS_ACQU_01', 'LO') },
      // (0019,xx23) Table Speed is in Table E.3.10-1; (0019,xx50) is not.
      { tag: 0x00191023, vr: 'DS', value: safeValue },
      { tag: 0x00191050, vr: 'LO', value: unsafe },
    ];
  }
}

export function tagKey(tag: number): string {
  return (tag >>> 0).toString(16).toUpperCase().padStart(8, '0');
}

/** Dates eleven years apart: no Modified Dates shift (at most 3650 days) turns one into another. */
function plantedDate(n: number): string {
  return `${1000 + 11 * n}0615`;
}

/** Reads a file, plants every kind of identifier, and writes the copy (same transfer syntax). */
export function plantedCopy(bytes: Uint8Array, source: string, planter: IdentifierPlanter): Uint8Array {
  const raw = readRawInstance(bytes, { source, inflateRaw: (b) => new Uint8Array(inflateRawSync(b)) });
  const elements = raw.elements;
  planter.plantExisting(elements);
  const present = new Set(elements.map((e) => e.tag));
  elements.push(...planter.missingRows(present, '', true));
  // Two levels down an unlisted sequence (Radiopharmaceutical Information → Radionuclide Code).
  const deep = planter.missingRows(new Set(), '/00540016/00540300', false);
  const existing = elements.find((e) => e.tag === 0x00540016);
  const deepItem: RawElement[] = [{ tag: 0x00540300, vr: 'SQ', items: [deep] }];
  if (existing?.items) existing.items.push(deepItem);
  else elements.push({ tag: 0x00540016, vr: 'SQ', items: [deepItem] });
  elements.push(...planter.privateGroups().filter((p) => !present.has(p.tag)));
  const sopClassUid = valueText(elements.find((e) => e.tag === 0x00080016)?.value);
  const sopInstanceUid = valueText(elements.find((e) => e.tag === 0x00080018)?.value);
  return writeRawInstance(elements, { sopClassUid, sopInstanceUid, transferSyntaxUid: raw.transferSyntaxUid }, (b) => new Uint8Array(deflateRawSync(b)));
}

/** Where `needle` (ASCII) occurs in `haystack`, or -1. */
export function indexOfAscii(haystack: Uint8Array, needle: string): number {
  return Buffer.from(haystack.buffer, haystack.byteOffset, haystack.byteLength).indexOf(needle, 0, 'latin1');
}
