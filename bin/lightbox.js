#!/usr/bin/env node
// The `lightbox` CLI: runs the built CLI (out/node/cli.mjs) — no TypeScript is compiled per call.
// In a checkout whose sources are newer than that build, or that has none yet, it rebuilds the
// Node bundles first (esbuild, about a second), so `npx lightbox` needs no build step and never
// runs stale code. A packaged app has no sources beside it and skips the check.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = `${root}out/node/cli.mjs`;
const SOURCE_DIRS = ['electron', 'native-codecs'];

/** The newest modification time among the sources a Node bundle is built from (a few ms for ~500 files). */
function newestSource() {
  let newest = 0;
  for (const dir of SOURCE_DIRS) {
    if (!existsSync(`${root}${dir}`)) continue;
    for (const entry of readdirSync(`${root}${dir}`, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !/\.(ts|mjs|json)$/.test(entry.name)) continue;
      newest = Math.max(newest, statSync(`${entry.parentPath}/${entry.name}`).mtimeMs);
    }
  }
  return newest;
}

const newest = existsSync(`${root}electron`) ? newestSource() : 0;
if (newest && (!existsSync(bundle) || statSync(bundle).mtimeMs < newest)) {
  const { buildNodeBundles } = await import('../build/build.mjs');
  await buildNodeBundles({ keepIfNewerThan: newest });
}
await import(bundle);
