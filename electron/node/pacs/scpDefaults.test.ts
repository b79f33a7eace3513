import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { missingHere } from '../../../testing/node/requiredInCi';
import { samplePath, sharedSamplesAvailable } from '../../../testing/node/sharedSamples';

// The Storage SCP as the product runs it (`lightbox scp`, the same receiver the app's host runs),
// against dcmtk's storescu: by default it listens on the loopback only and accepts only the
// configured DIMSE nodes' AE titles; the administrator opens it on purpose.
const BIN = path.resolve(import.meta.dirname, '../../../bin/lightbox.js');
const dcmtk = spawnSync('storescu', ['--version']).status === 0;
const dirs: string[] = [];
const children: ChildProcess[] = [];
afterAll(async () => {
  // Each SCP finishes closing its cache (its incoming folder) before the folders go.
  await Promise.all(children.map((c) => (c.exitCode !== null || c.signalCode !== null ? undefined : new Promise((resolve) => (c.once('exit', resolve), c.kill('SIGTERM'))))));
  for (const d of dirs) rmSync(d, { recursive: true, force: true, maxRetries: 5 });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function lightbox(dataDir: string, args: string[]): string {
  const run = spawnSync(process.execPath, [BIN, '--data-dir', dataDir, ...args], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`lightbox ${args.join(' ')}: ${run.stderr}`);
  return run.stdout;
}

/** Starts `lightbox scp` and resolves with its first log line (where it listens, whom it accepts). */
function startScp(dataDir: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, '--data-dir', dataDir, 'scp', '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    child.on('exit', (code) => reject(new Error(`lightbox scp exited ${code}`)));
  });
}

function storescu(callingAe: string, host: string, port: number): { ok: boolean; output: string } {
  const run = spawnSync('storescu', ['-aet', callingAe, '-aec', 'LIGHTBOX', host, String(port), samplePath('pixel-formats/CT_small.dcm')], { encoding: 'utf8' });
  return { ok: run.status === 0 && !/rejected|refused|Failed/i.test(run.stderr), output: `${run.stdout}${run.stderr}` };
}

/** An address of this machine that is not the loopback, if it has one. */
function externalAddress(): string | undefined {
  return Object.values(os.networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
}

describe.skipIf(missingHere(dcmtk && sharedSamplesAvailable(), 'dcmtk storescu and the shared samples'))('the Storage SCP is safe by default', () => {
  it('listens on the loopback only and refuses a calling AE title that is not a configured node', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lightbox-scp-default-'));
    dirs.push(dataDir);
    const port = await freePort();
    const banner = await startScp(dataDir, port);
    expect(banner).toMatch(/listening on 127\.0\.0\.1 port \d+, accepting no calling AE title yet/);
    const refused = storescu('STRANGER', '127.0.0.1', port);
    expect(refused.ok, refused.output).toBe(false);
    expect(refused.output).toMatch(/Association Rejected|Calling AE Title Not Recognized/i);
    expect(JSON.parse(lightbox(dataDir, ['cache', 'stats', '--json']))).toMatchObject({ instances: 0 });
    const external = externalAddress();
    if (external) expect(storescu('STRANGER', external, port).output).toMatch(/refused|cannot connect|Association Request Failed|Failed/i);
  }, 60_000);

  it('accepts a configured node, and any AE title only once the administrator allows any', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lightbox-scp-nodes-'));
    dirs.push(dataDir);
    lightbox(dataDir, ['nodes', 'add', 'ct1', 'CT_SCANNER@127.0.0.1:104']);
    const port = await freePort();
    expect(await startScp(dataDir, port)).toMatch(/accepting CT_SCANNER\b/);
    const fromNode = storescu('CT_SCANNER', '127.0.0.1', port);
    expect(fromNode.ok, fromNode.output).toBe(true);
    expect(storescu('STRANGER', '127.0.0.1', port).ok).toBe(false);
    const first = children.pop()!;
    await new Promise((resolve) => (first.once('exit', resolve), first.kill('SIGTERM')));

    expect(lightbox(dataDir, ['nodes', 'local', '--allow-any'])).toMatch(/accepts from any calling AE title/);
    const port2 = await freePort();
    expect(await startScp(dataDir, port2)).toMatch(/accepting any calling AE title/);
    const fromAnyone = storescu('STRANGER', '127.0.0.1', port2);
    expect(fromAnyone.ok, fromAnyone.output).toBe(true);
  }, 60_000);
});
