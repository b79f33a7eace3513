// `npm start` with a real Electron from a checkout: node_modules/better-sqlite3 is built for Node
// (the CLI and the tests use it), and Electron's utility process needs one built for Electron's
// ABI. A copy of the package is given Electron's prebuilt binary (prebuild-install, as the
// package's own install does; node-gyp against Electron's headers if there is none) in
// out/electron-native/, and the host process is told to load it (LIGHTBOX_SQLITE_BINDING).
// Both need the internet once, as downloading Electron itself does. The packaged app needs none
// of this: electron-builder rebuilds the packaged copy.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** The path of a better_sqlite3.node built for this Electron version (built once, then reused). */
export function electronSqliteBinding(root, electronVersion) {
  const dir = path.join(root, 'out', 'electron-native', `better-sqlite3-electron-${electronVersion}-${process.platform}-${process.arch}`);
  const binding = path.join(dir, 'build', 'Release', 'better_sqlite3.node');
  if (existsSync(binding)) return binding;
  rmSync(dir, { recursive: true, force: true });
  cpSync(path.dirname(require.resolve('better-sqlite3/package.json')), dir, { recursive: true });
  rmSync(path.join(dir, 'build'), { recursive: true, force: true });
  const target = ['--runtime', 'electron', '--target', electronVersion, '--arch', process.arch];
  try {
    execFileSync(process.execPath, [require.resolve('prebuild-install/bin.js'), ...target], { cwd: dir, stdio: 'inherit' });
  } catch {
    execFileSync(process.execPath, [require.resolve('node-gyp/bin/node-gyp.js'), 'rebuild', `--target=${electronVersion}`, `--arch=${process.arch}`, '--dist-url=https://electronjs.org/headers', '--release'], { cwd: dir, stdio: 'inherit' });
  }
  if (!existsSync(binding)) throw new Error(`no better-sqlite3 binary for Electron ${electronVersion} could be made in ${dir}`);
  return binding;
}
