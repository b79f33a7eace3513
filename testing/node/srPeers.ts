import { execFile } from 'node:child_process';

/**
 * Peer tools for structured reports in tests: dicom3tools' dciodvfy (IOD validation), dcmtk's
 * dsrdump (SR reader, checks relationship content constraints of the SR IOD) and dcm2json (a
 * content tree independent of our parser, walked here).
 */

export interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a tool whatever its exit status (dciodvfy exits 1 when it finds errors). */
export function runCaptured(cmd: string, args: string[]): Promise<Captured> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { maxBuffer: 1 << 27, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') reject(error);
      else resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
    });
  });
}

export async function dciodvfy(file: string): Promise<{ errors: string[]; warnings: string[]; iod: string }> {
  const r = await runCaptured('dciodvfy', [file]);
  const lines = `${r.stdout}\n${r.stderr}`.split('\n').map((l) => l.trim()).filter(Boolean);
  return {
    errors: lines.filter((l) => l.startsWith('Error')),
    warnings: lines.filter((l) => l.startsWith('Warning')),
    iod: lines.find((l) => !l.startsWith('Error') && !l.startsWith('Warning')) ?? '',
  };
}

/** dsrdump with verbose warnings, all codes (+Pc), long values (+Pl) and referenced UIDs (+Pu). */
export async function dsrdump(file: string): Promise<Captured & { content: string[]; problems: string[] }> {
  const r = await runCaptured('dsrdump', ['-v', '+Pc', '+Pl', '+Pu', file]);
  const all = `${r.stdout}\n${r.stderr}`.split('\n');
  return { ...r, content: r.stdout.split('\n').filter((l) => l.trim().startsWith('<')), problems: all.filter((l) => /^[EWF]: /.test(l)) };
}

/** dsrdump's warning about UTF-8 (dcmtk 3.6.7's VR checker knows no ISO_IR 192): a limit of the tool, not of the file. */
export const DSRDUMP_UTF8_NOTE = 'W: The VR checker does not support this Specific Character Set: ISO_IR 192';

/** dsrdump's note on every Key Object Selection (a template-bound IOD): dcmtk 3.6.7 does not check TID 2010. */
export const DSRDUMP_TEMPLATE_NOTE = 'W: Check for template constraints not yet supported';

type Json = Record<string, { vr: string; Value?: unknown[] }>;

export interface JsonContentItem {
  depth: number;
  valueType: string;
  relationship?: string;
  concept?: string;
  /** NUM */
  numericValue?: number;
  unit?: string;
  /** SCOORD / SCOORD3D */
  graphicType?: string;
  graphicData?: number[];
  frameOfReferenceUid?: string;
  /** IMAGE / COMPOSITE */
  sopInstanceUid?: string;
  segmentNumbers?: number[];
  text?: string;
}

const codeOf = (item: Json | undefined): string | undefined => {
  const v = item?.['00080100']?.Value?.[0] ?? item?.['00080119']?.Value?.[0];
  return v === undefined ? undefined : `${String(v)}|${String(item?.['00080102']?.Value?.[0] ?? '')}`;
};
const first = (ds: Json, tag: string): Json | undefined => ds[tag]?.Value?.[0] as Json | undefined;

/** Every content item of dcm2json's tree, document order, written without our parser or model. */
export async function dcm2jsonContentItems(file: string): Promise<JsonContentItem[]> {
  const r = await runCaptured('dcm2json', [file]);
  if (r.code !== 0) throw new Error(`dcm2json ${file}: ${r.stderr}`);
  const root = JSON.parse(r.stdout) as Json;
  const out: JsonContentItem[] = [];
  const walk = (ds: Json, depth: number): void => {
    const item: JsonContentItem = { depth, valueType: String(ds['0040A040']?.Value?.[0] ?? '') };
    const rel = ds['0040A010']?.Value?.[0];
    if (rel) item.relationship = String(rel);
    const concept = codeOf(first(ds, '0040A043'));
    if (concept) item.concept = concept;
    const measured = first(ds, '0040A300');
    if (measured) {
      item.numericValue = Number(measured['0040A161']?.Value?.[0] ?? measured['0040A30A']?.Value?.[0]);
      const unit = codeOf(first(measured, '004008EA'));
      if (unit) item.unit = unit;
    }
    if (ds['00700023']) item.graphicType = String(ds['00700023'].Value?.[0]);
    if (ds['00700022']) item.graphicData = (ds['00700022'].Value ?? []).map(Number);
    if (ds['30060024']) item.frameOfReferenceUid = String(ds['30060024'].Value?.[0]);
    const sop = first(ds, '00081199');
    if (sop) {
      item.sopInstanceUid = String(sop['00081155']?.Value?.[0] ?? '');
      if (sop['0062000B']) item.segmentNumbers = (sop['0062000B'].Value ?? []).map(Number);
    }
    if (ds['0040A160']) item.text = String(ds['0040A160'].Value?.[0] ?? '');
    out.push(item);
    for (const child of (ds['0040A730']?.Value ?? []) as Json[]) walk(child, depth + 1);
  };
  walk(root, 0);
  return out;
}
