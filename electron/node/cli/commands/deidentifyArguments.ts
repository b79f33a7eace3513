import { readFile } from 'node:fs/promises';
import type { PixelCleaningRule } from '../../../common/deidentify/deidentifyOptions';
import { CliUsageError } from '../cliTypes';

/**
 * The de-identification arguments the commands that de-identify share (deidentify, export,
 * send): their option spellings parsed as usage errors, and the Clean Pixel Data rules file.
 */

/** What `parse` returns; what it throws (an unknown option, a bad spelling) as a usage error (exit 2). */
export function asUsage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new CliUsageError(error instanceof Error ? error.message : String(error));
  }
}

/** Clean Pixel Data rules from `--pixel-rules FILE.json`; undefined without it. */
export async function readPixelRules(file: string | undefined): Promise<PixelCleaningRule[] | undefined> {
  return file ? (JSON.parse(await readFile(file, 'utf8')) as PixelCleaningRule[]) : undefined;
}
