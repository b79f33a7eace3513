// `npm start`: build, then launch the desktop app. Without an Electron binary, try Electron's own
// installer once; if that fails too, say so in one line and start browser mode instead.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { electronPackageDir, findElectronBinary } from './electronBinary.mjs';
import { electronSqliteBinding } from './electronNative.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const passThrough = process.argv.slice(2);

function run(cmd, args, opts = {}) {
  const child = spawn(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const built = spawnSync(process.execPath, [path.join(root, 'build/build.mjs')], { stdio: 'inherit', cwd: root });
if (built.status !== 0) process.exit(built.status ?? 1);

let binary = findElectronBinary();
let reason = 'the electron package is not installed';
const pkgDir = electronPackageDir();
if (!binary && pkgDir) {
  const install = spawnSync(process.execPath, [path.join(pkgDir, 'install.js')], {
    cwd: pkgDir,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '' },
  });
  binary = findElectronBinary();
  // The installer prints a stack trace; its first line (`TypeError: fetch failed`) is the reason.
  const firstLine = `${install.stderr ?? ''}${install.stdout ?? ''}`.trim().split('\n').find((l) => l.trim());
  reason = install.error?.message ?? firstLine?.trim() ?? `installer exited with ${install.status}`;
}

if (binary) {
  const electronVersion = JSON.parse(readFileSync(path.join(pkgDir ?? path.join(root, 'node_modules/electron'), 'package.json'), 'utf8')).version;
  const binding = electronSqliteBinding(root, electronVersion);
  run(binary, ['.', ...passThrough], { env: { ...process.env, LIGHTBOX_SQLITE_BINDING: binding } });
} else {
  const short = reason.slice(0, 160);
  const notice = `Desktop shell unavailable: Electron binary missing (${short}) — browser mode`;
  console.log(`Lightbox: the Electron binary is not installed and its download failed (${short}); starting browser mode instead.`);
  run(process.execPath, [path.join(root, 'bin/lightbox.js'), 'serve', '--notice', notice, ...passThrough]);
}
