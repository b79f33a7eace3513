import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { textSink } from '../../../testing/node/textSink';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './main';
import { GENERATE_PRESETS, generateSyntheticStudies } from '../synthetic/generateSyntheticStudies';


async function cli(argv: string[]) {
  const out = textSink();
  const err = textSink();
  const code = await runCli(argv, { stdout: out.stream, stderr: err.stream, env: {}, untilStopped: Promise.resolve() });
  return { code, stdout: out.text(), stderr: err.text() };
}

describe('lightbox CLI', () => {
  it('prints help listing the subcommands and the global --data-dir', async () => {
    const { code, stdout } = await cli(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\s+serve\s/m);
    expect(stdout).toContain('--data-dir DIR');
  });

  it('exits 2 with a message on stderr for an unknown command or bad options', async () => {
    expect(await cli(['frobnicate'])).toMatchObject({ code: 2, stdout: '', stderr: expect.stringContaining('unknown command "frobnicate"') });
    const bad = await cli(['serve', '--port', 'http']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--port must be 0–65535');
    expect(bad.stderr).toContain('Usage: lightbox serve');
    expect((await cli(['serve', '--bogus'])).code).toBe(2);
  });

  it('runs from the checkout as `npx lightbox`: serve prints a tokened loopback URL', async () => {
    const bin = path.resolve(import.meta.dirname, '../../../bin/lightbox.js');
    const child = spawn(process.execPath, [bin, '--data-dir', path.join(import.meta.dirname, '../../../.lightbox-test/cli'), 'serve', '--no-demo', '--token', 'cli-test-token-0123456789'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /Open: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
      });
      expect(url).toMatch(/token=cli-test-token-0123456789$/);
      const origin = new URL(url).origin;
      expect((await fetch(`${origin}/api/host`)).status).toBe(401);
      const info = await (await fetch(`${origin}/api/host`, { headers: { authorization: 'Bearer cli-test-token-0123456789' } })).json();
      expect(info.dataDir).toMatch(/\.lightbox-test\/cli$/);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('imports a generated study folder (with the generator\'s own JSON beside the images) with exit 0, the JSON skipped as not DICOM', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-cli-genimport-'));
    try {
      await generateSyntheticStudies({ outDir: path.join(dir, 'gen'), preset: GENERATE_PRESETS.tiny!, onlySeries: ['scout'], seed: 'cli-genimport' });
      const imported = await cli(['--data-dir', path.join(dir, 'data'), 'import', path.join(dir, 'gen')]);
      expect(imported.code, imported.stderr).toBe(0);
      expect(imported.stderr).toMatch(/skipped: .*lightbox-phantom\.json: not DICOM/);
      expect(imported.stdout).toMatch(/ 0 failed;/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('cache delete removes a study, audited with the reason; an unknown study is an error', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-cli-delete-'));
    try {
      const manifest = await generateSyntheticStudies({ outDir: path.join(dir, 'gen'), preset: GENERATE_PRESETS.tiny!, onlySeries: ['scout'], seed: 'cli-delete' });
      const data = path.join(dir, 'data');
      const study = manifest.studies[0]!;
      expect((await cli(['--data-dir', data, 'import', path.join(dir, 'gen', study.folder)])).code).toBe(0);
      const uid = study.studyInstanceUid;
      const deleted = await cli(['--data-dir', data, 'cache', 'delete', uid, '--reason', 'test cleanup']);
      expect(deleted).toMatchObject({ code: 0, stdout: `deleted ${uid}: 1 instances\n` });
      expect(JSON.parse((await cli(['--data-dir', data, 'cache', 'stats', '--json'])).stdout)).toMatchObject({ studies: 0, instances: 0 });
      const again = await cli(['--data-dir', data, 'cache', 'delete', uid]);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain(`study ${uid} is not in the cache`);
      expect((await cli(['--data-dir', data, 'audit', '--json'])).stdout).toContain('test cleanup');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

