import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { DeidentifyRefusal, deidentifyInstance } from '../../common/deidentify/deidentifyInstance';
import type { DeidentifyOptions } from '../../common/deidentify/deidentifyOptions';
import type { DeidentifyProject } from './deidentifyProject';

export interface DeidentifyFilesResult {
  written: Array<{ input: string; output: string; sopInstanceUid: string; originalSopInstanceUid: string }>;
  refused: Array<{ input: string; reason: string }>;
  /** Files that are not DICOM or could not be read. */
  failed: Array<{ input: string; reason: string }>;
}

async function listFiles(inputs: string[]): Promise<string[]> {
  const out: string[] = [];
  const walk = async (p: string): Promise<void> => {
    const s = await stat(p);
    if (s.isDirectory()) {
      for (const name of (await readdir(p)).sort()) await walk(path.join(p, name));
    } else if (s.isFile()) out.push(p);
  };
  for (const input of inputs) await walk(input);
  return out;
}

function isPart10(bytes: Uint8Array): boolean {
  return bytes.length >= 132 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d;
}

/**
 * De-identifies files and folders into `outDir/<pseudonym>/<new SOP Instance UID>.dcm`. All inputs
 * of one run share the project key, so UIDs and every reference to them stay consistent across the
 * set (and with earlier runs of the same project). Refused instances are reported, not written.
 */
export async function deidentifyFiles(inputs: string[], outDir: string, project: DeidentifyProject, options: DeidentifyOptions): Promise<DeidentifyFilesResult> {
  const result: DeidentifyFilesResult = { written: [], refused: [], failed: [] };
  const context = {
    ...options,
    hash: project.hash,
    pseudonymFor: project.pseudonymFor,
    inflateRaw: (b: Uint8Array) => new Uint8Array(inflateRawSync(b)),
    deflateRaw: (b: Uint8Array) => new Uint8Array(deflateRawSync(b)),
  };
  try {
    for (const input of await listFiles(inputs)) {
      const bytes = new Uint8Array(await readFile(input));
      if (!isPart10(bytes)) {
        result.failed.push({ input, reason: 'not a DICOM Part 10 file' });
        continue;
      }
      try {
        const done = deidentifyInstance(bytes, input, context);
        const dir = path.join(outDir, done.pseudonym);
        await mkdir(dir, { recursive: true });
        const output = path.join(dir, `${done.sopInstanceUid}.dcm`);
        await writeFile(output, done.bytes);
        result.written.push({ input, output, sopInstanceUid: done.sopInstanceUid, originalSopInstanceUid: done.originalSopInstanceUid });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        (error instanceof DeidentifyRefusal ? result.refused : result.failed).push({ input, reason });
      }
    }
  } finally {
    project.save();
  }
  return result;
}
