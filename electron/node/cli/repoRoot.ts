import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout the CLI runs from (bin/lightbox.js runs the TypeScript sources in place). */
export function repoRoot(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
}
