import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** A real PACS for tests: Debian's Orthanc with its DICOMweb plugin, on loopback, its own storage. */
export interface OrthancPeer {
  httpUrl: string;
  dicomWebUrl: string;
  dicomPort: number;
  aeTitle: string;
  upload(file: string): Promise<void>;
  /** GET on its REST API, as JSON. */
  rest<T>(pathAndQuery: string): Promise<T>;
  /** Kills it (SIGKILL: an outage, not a shutdown); its storage stays for `restart`. */
  kill(): Promise<void>;
  /** Starts it again on the same ports and storage. */
  restart(): Promise<void>;
  /** The end of its log (verbose DICOM): what a failing test prints. */
  logTail(lines?: number): Promise<string>;
  stop(): Promise<void>;
}

export interface OrthancOptions {
  /** DicomModalities: name → [AE title, host, port] (C-MOVE destinations). */
  modalities?: Record<string, [string, string, number]>;
  /** LuaScripts: Lua files Orthanc runs (its callbacks see every instance it receives, duplicates too). */
  luaScripts?: string[];
  /** Further configuration entries, e.g. `{ SyncStorageArea: false }` (they override the ones above). */
  config?: Record<string, unknown>;
}

const ORTHANC = '/usr/sbin/Orthanc';
const DICOMWEB_PLUGIN = '/usr/share/orthanc/plugins/libOrthancDicomWeb.so';

export function orthancAvailable(): boolean {
  return existsSync(ORTHANC) && existsSync(DICOMWEB_PLUGIN);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A free port outside the kernel's ephemeral range (32768–60999 on Linux), for a listener chosen
 * now and bound later (our SCP, named in Orthanc's config before it starts): no client socket
 * opened meanwhile (hundreds of uploads) can be handed the same port.
 */
export async function freeServicePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    const ok = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '0.0.0.0', () => server.close(() => resolve(true)));
    });
    if (ok) return port;
  }
  throw new Error('no free port in 20000–32000');
}

export async function startOrthanc(options: OrthancOptions = {}): Promise<OrthancPeer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-orthanc-'));
  const httpPort = await freePort();
  const dicomPort = await freePort();
  const config = {
    Name: 'LIGHTBOX_TEST',
    StorageDirectory: path.join(dir, 'storage'),
    IndexDirectory: path.join(dir, 'index'),
    HttpPort: httpPort,
    DicomPort: dicomPort,
    RemoteAccessAllowed: false,
    AuthenticationEnabled: false,
    Plugins: [DICOMWEB_PLUGIN],
    DicomWeb: { Enable: true, Root: '/dicom-web/', StudiesMetadata: 'Full', SeriesMetadata: 'Full' },
    DicomAet: 'ORTHANC',
    DicomAlwaysAllowEcho: true,
    DicomAlwaysAllowStore: true,
    DicomAlwaysAllowFind: true,
    DicomAlwaysAllowGet: true,
    DicomAlwaysAllowMove: true,
    DicomModalities: options.modalities ?? {},
    LuaScripts: options.luaScripts ?? [],
    // Answer at most this many C-FIND matches (0: all).
    LimitFindResults: 0,
    LimitFindInstances: 0,
    ...options.config,
  };
  await writeFile(path.join(dir, 'orthanc.json'), JSON.stringify(config));
  const httpUrl = `http://127.0.0.1:${httpPort}`;
  let child: ChildProcess;
  const launch = async (): Promise<void> => {
    child = spawn(ORTHANC, ['--verbose-dicom', `--logfile=${path.join(dir, 'orthanc.log')}`, path.join(dir, 'orthanc.json')], { stdio: 'ignore' });
    const deadline = Date.now() + 20_000;
    for (;;) {
      try {
        if ((await fetch(`${httpUrl}/system`)).ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline || child.exitCode !== null) throw new Error('Orthanc did not start');
      await new Promise((r) => setTimeout(r, 150));
    }
  };
  await launch();
  const exited = (): Promise<unknown> => (child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', r)));
  return {
    httpUrl,
    dicomWebUrl: `${httpUrl}/dicom-web`,
    dicomPort,
    aeTitle: 'ORTHANC',
    async rest<T>(pathAndQuery: string) {
      const response = await fetch(`${httpUrl}${pathAndQuery}`);
      if (!response.ok) throw new Error(`Orthanc ${pathAndQuery}: HTTP ${response.status}`);
      return (await response.json()) as T;
    },
    async kill() {
      child.kill('SIGKILL');
      await exited();
    },
    restart: launch,
    async logTail(lines = 40) {
      const text = await readFile(path.join(dir, 'orthanc.log'), 'utf8').catch(() => '(no log)');
      return text.split('\n').slice(-lines).join('\n');
    },
    async upload(file) {
      const response = await fetch(`${httpUrl}/instances`, { method: 'POST', body: await readFile(file) });
      if (!response.ok) throw new Error(`Orthanc refused ${file}: HTTP ${response.status}`);
    },
    async stop() {
      child.kill('SIGTERM');
      await exited();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
