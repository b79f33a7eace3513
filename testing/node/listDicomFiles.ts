import { readdir } from 'node:fs/promises';
import path from 'node:path';

/** Every `*.dcm` file below `dir`, sorted by path. */
export async function listDicomFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.dcm'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}
