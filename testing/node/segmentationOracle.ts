import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { runTool } from './runTool';

/**
 * An independent reading of a DICOM Segmentation for tests: dcmtk's dcm2json for the header and
 * dcmdump +W for the raw Pixel Data bytes, with the bit unpacking and the frame → segment → source
 * mapping written here, apart from the product's reader.
 */

type Json = Record<string, { vr: string; Value?: unknown[] }>;

function items(ds: Json | undefined, tag: string): Json[] {
  return (ds?.[tag]?.Value ?? []) as Json[];
}
function first(ds: Json | undefined, tag: string): unknown {
  return ds?.[tag]?.Value?.[0];
}
function num(ds: Json | undefined, tag: string): number | undefined {
  const v = first(ds, tag);
  return v === undefined ? undefined : Number(v);
}

export interface SegOracle {
  json: Json;
  type: string;
  rows: number;
  columns: number;
  frames: number;
  bitsAllocated: number;
  maxFractionalValue?: number;
  pixelPaddingValue?: number;
  /** Per frame (0-based index): its Referenced Segment Number (BINARY/FRACTIONAL). */
  frameSegments: Array<number | undefined>;
  /** Per frame: `sop|frame` of its first Source Image item (frame 1 when none is named). */
  frameSources: Array<string | undefined>;
  /** Per frame: Plane Position (Patient). */
  framePositions: Array<[number, number, number] | undefined>;
  /** Segment Number → [label, Recommended Display CIELab Value]. */
  segments: Map<number, { label: string; cielab?: number[] }>;
  raw: Uint8Array;
}

/** dcm2json's reading of a file. */
export async function dcm2json(file: string): Promise<Json> {
  return JSON.parse((await runTool('dcm2json', [file])).toString('utf8')) as Json;
}

/** The Pixel Data value as dcmdump +W writes it (the raw bytes of the file's value). */
export async function rawPixelData(file: string, dir: string): Promise<Uint8Array> {
  const dump = (await runTool('dcmdump', ['-q', '+L', '+W', dir, file])).toString('latin1');
  const line = dump.split('\n').find((l) => l.startsWith('(7fe0,0010)'));
  const written = line?.match(/=(\S+\.raw)/)?.[1];
  if (!written) throw new Error(`dcmdump wrote no Pixel Data file for ${file}`);
  return new Uint8Array(await readFile(path.isAbsolute(written) ? written : path.resolve(written)));
}

export async function segOracle(file: string, dir: string): Promise<SegOracle> {
  const json = await dcm2json(file);
  const shared = items(json, '52009229')[0];
  const perFrame = items(json, '52009230');
  const frames = num(json, '00280008') ?? 1;
  const frameSegments: Array<number | undefined> = [];
  const frameSources: Array<string | undefined> = [];
  const framePositions: Array<[number, number, number] | undefined> = [];
  for (let f = 0; f < frames; f++) {
    const item = perFrame[f];
    const segId = items(item, '0062000A')[0] ?? items(shared, '0062000A')[0];
    frameSegments.push(num(segId, '0062000B'));
    const source = items(items(item, '00089124')[0], '00082112')[0];
    const sop = first(source, '00081155') as string | undefined;
    frameSources.push(sop ? `${sop}|${num(source, '00081160') ?? 1}` : undefined);
    const pos = (items(item, '00209113')[0] ?? items(shared, '00209113')[0])?.['00200032']?.Value?.map(Number);
    framePositions.push(pos && pos.length === 3 ? (pos as [number, number, number]) : undefined);
  }
  const segments = new Map(
    items(json, '00620002').map((s) => [num(s, '00620004')!, { label: String(first(s, '00620005') ?? ''), ...(s['0062000D']?.Value ? { cielab: s['0062000D'].Value.map(Number) } : {}) }]),
  );
  return {
    json,
    type: String(first(json, '00620001')),
    rows: num(json, '00280010')!,
    columns: num(json, '00280011')!,
    frames,
    bitsAllocated: num(json, '00280100')!,
    maxFractionalValue: num(json, '0062000E'),
    pixelPaddingValue: num(json, '00280120'),
    frameSegments,
    frameSources,
    framePositions,
    segments,
    raw: await rawPixelData(file, dir),
  };
}

/** The stored value of pixel `p` of frame `f` (0-based): bits counted from the start of the whole value, LSB first. */
export function storedValue(o: SegOracle, f: number, p: number): number {
  const index = f * o.rows * o.columns + p;
  if (o.bitsAllocated === 1) return (o.raw[index >> 3]! >> (index & 7)) & 1;
  if (o.bitsAllocated === 8) return o.raw[index]!;
  return o.raw[2 * index]! | (o.raw[2 * index + 1]! << 8);
}

/**
 * Segment → source key → 0/1 mask, non-empty masks only: BINARY by the frame's segment,
 * FRACTIONAL where value × 2 ≥ maximum, LABELMAP where the value is the segment number (and not padding).
 */
export function oracleMasks(o: SegOracle): Map<number, Map<string, Uint8Array>> {
  const out = new Map<number, Map<string, Uint8Array>>();
  const n = o.rows * o.columns;
  const put = (segment: number, key: string, p: number): void => {
    let bySource = out.get(segment);
    if (!bySource) out.set(segment, (bySource = new Map()));
    let mask = bySource.get(key);
    if (!mask) bySource.set(key, (mask = new Uint8Array(n)));
    mask[p] = 1;
  };
  for (let f = 0; f < o.frames; f++) {
    const key = o.frameSources[f] ?? `frame ${f + 1}`;
    for (let p = 0; p < n; p++) {
      const v = storedValue(o, f, p);
      if (o.type === 'LABELMAP') {
        if (v !== o.pixelPaddingValue && o.segments.has(v)) put(v, key, p);
      } else if (o.type === 'FRACTIONAL') {
        if (v * 2 >= o.maxFractionalValue!) put(o.frameSegments[f]!, key, p);
      } else if (v) put(o.frameSegments[f]!, key, p);
    }
  }
  return out;
}

/** Source key → fraction scaled to 0..255 for one segment of a FRACTIONAL SEG (frames with any non-zero value). */
export function oracleFractions(o: SegOracle, segment: number): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  const n = o.rows * o.columns;
  for (let f = 0; f < o.frames; f++) {
    if (o.frameSegments[f] !== segment) continue;
    const fraction = new Uint8Array(n);
    let any = false;
    for (let p = 0; p < n; p++) {
      const v = Math.min(storedValue(o, f, p), o.maxFractionalValue!);
      fraction[p] = Math.round((v * 255) / o.maxFractionalValue!);
      any ||= v > 0;
    }
    if (any) out.set(o.frameSources[f] ?? `frame ${f + 1}`, fraction);
  }
  return out;
}
