// Packs the decoder-pool scaling run for a lent device machine (no Node there) into .device-pool/
// (ignored by git): Node itself (zstd), the bundled main + worker, the native addon with
// libopenjp2, the WASM codec packages, and the encoded frames the codec benchmarks made
// (run `npm run bench decode-jpeg-ls-pool-scaling …` here first). Carry `.device-pool` and `.gpu/zbin`.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const out = path.join(root, '.device-pool');
const KEYS = ['jpeg-ls', 'jpeg2000-lossless', 'jpeg-lossless-sv1', 'rle'];
for (const part of ['app', 'native', 'lib', 'node_modules', 'data']) rmSync(path.join(out, part), { recursive: true, force: true });
mkdirSync(path.join(out, 'app'), { recursive: true });
await build({
  entryPoints: { main: path.join(root, 'bench/device/poolScalingMain.ts'), imagingWorker: path.join(root, 'electron/node/imaging/imagingWorker.ts') },
  bundle: true, platform: 'node', format: 'esm', target: 'node20', outdir: path.join(out, 'app'), outExtension: { '.js': '.mjs' },
  external: ['@cornerstonejs/*'], logLevel: 'error',
  // CommonJS dependencies (dicom-parser) require Node built-ins: give the ESM bundle a require.
  banner: { js: "import { createRequire as __lbCreateRequire } from 'node:module'; const require = __lbCreateRequire(import.meta.url);" },
});
// A bundle looks the addon up at ../native/ from its own folder, as the app's out/node does.
cpSync(path.join(root, 'native-codecs/native/build/Release/lightbox_codecs.node'), path.join(out, 'native/lightbox_codecs.node'));
mkdirSync(path.join(out, 'lib'));
cpSync(execFileSync('sh', ['-c', "ldd native-codecs/native/build/Release/lightbox_codecs.node | awk '/libopenjp2/{print $3}'"], { cwd: root, encoding: 'utf8' }).trim(), path.join(out, 'lib/libopenjp2.so.7'));
for (const pkg of ['codec-charls', 'codec-openjpeg', 'codec-openjph']) cpSync(path.join(root, 'node_modules/@cornerstonejs', pkg), path.join(out, 'node_modules/@cornerstonejs', pkg), { recursive: true });
for (const key of KEYS) {
  const from = path.join(os.tmpdir(), 'lightbox-bench-data', `codec-${key}`);
  if (!existsSync(from)) throw new Error(`${from} is missing: run npm run bench decode-${key}-pool-scaling first`);
  cpSync(from, path.join(out, 'data', key), { recursive: true });
}
if (!existsSync(path.join(out, 'node.zst'))) execFileSync('zstd', ['-19', '-T0', '-q', '-o', path.join(out, 'node.zst'), process.execPath]);
writeFileSync(path.join(out, 'run.sh'), `#!/usr/bin/env bash
# On the device: unpack Node, then the pool with 2 workers vs 1 on two cores (taskset), and on all cores.
set -u
here=$(cd "$(dirname "$0")" && pwd)
[ -x /tmp/node ] || PATH=$here/../.gpu/zbin:$PATH LD_LIBRARY_PATH=$here/../.gpu/zbin zstd -d -q -o /tmp/node "$here/node.zst" && chmod +x /tmp/node
export LD_LIBRARY_PATH=$here/lib
nproc; lscpu | grep -m1 'Model name'
# Two CPUs on different physical cores (cloud vCPUs 0 and 1 are often one core's two hyperthreads).
cpus=\${CPUS:-$(lscpu -p=CPU,CORE | grep -v '^#' | sort -t, -k2,2n -u | head -2 | cut -d, -f1 | paste -sd,)}
echo "cpus: $cpus"; lscpu -p=CPU,CORE,SOCKET | grep -v '^#' | head -4 | paste -sd' '
timeout \${LIMIT:-200} taskset -c "$cpus" /tmp/node "$here/app/main.mjs" "$here/data" 2 \${KEYS:-${KEYS.join(' ')}} | tee "\${OUT:-/tmp}/pool-2cores.txt"
[ -n "\${KEYS:-}" ] || timeout 120 /tmp/node "$here/app/main.mjs" "$here/data" "$(nproc)" jpeg-ls jpeg2000-lossless | tee "\${OUT:-/tmp}/pool-allcores.txt"
`);
execFileSync('du', ['-sh', out], { stdio: 'inherit' });
