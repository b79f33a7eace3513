import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Whether this code runs from the TypeScript sources (tsx, vitest) or from the build: every Node
 * bundle (host process, CLI, worker threads) is emitted flat into out/node/ by build/build.mjs,
 * so one rule finds the app's files from either.
 */
export const runsFromSources = import.meta.url.endsWith('.ts');

/** The folder holding package.json and out/: the checkout, or the packaged app's root. */
export function appRoot(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), runsFromSources ? '../../..' : '../..');
}

/** The built renderer (Vite's output). */
export function builtRendererDir(): string {
  return path.join(appRoot(), 'out', 'renderer');
}
