import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { HostEvent } from '../../common/contract/hostContract';
import { missingHere } from '../../../testing/node/requiredInCi';
import { samplePath, sharedSamplesAvailable } from '../../../testing/node/sharedSamples';
import { StudyCache } from '../cache/studyCache';
import { PacsService } from './pacsService';
import { savePacsSettings, loadPacsSettings, settingsFile } from './pacsSettings';

// The running app (its PacsService) and `lightbox nodes …` change one settings file. A node the
// CLI added did not show in the PACS dialog, and adding one in the dialog then overwrote the file,
// dropping the CLI's (issue 23). Both now read-modify-write under a lock, and the app rereads the
// file when another process changed it.
const BIN = path.resolve(import.meta.dirname, '../../../bin/lightbox.js');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function run(cmd: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args);
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => resolve({ code, output }));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe.skipIf(missingHere(sharedSamplesAvailable(), 'the shared DICOM samples (for storescu)'))('PACS settings shared by the app and the CLI', () => {
  it('a node added by the CLI shows in the running app and may store to its SCP at once; the dialog keeps it; 8 concurrent adds all land', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lightbox-pacs-shared-'));
    dirs.push(dataDir);
    const scpPort = await freePort();
    savePacsSettings(dataDir, { ...loadPacsSettings(dataDir), scpPort });
    const cache = new StudyCache(dataDir);
    const events: HostEvent[] = [];
    const pacs = new PacsService({ cache, dataDir, emit: (e) => events.push(e), heartbeatMs: 3_600_000, outboxMs: 3_600_000 });
    await pacs.start();
    try {
      const added = await run(process.execPath, [BIN, '--data-dir', dataDir, 'nodes', 'add', 'modality', 'CT_ROOM_2@127.0.0.1:104']);
      expect(added.code, added.output).toBe(0);
      // The app sees it without a restart, and tells the UI.
      expect(pacs.status().nodes.map((n) => n.name)).toEqual(['modality']);
      expect(events.some((e) => e.type === 'onDidChangePacs')).toBe(true);
      // Its AE title stores to the running SCP.
      const sent = await run('storescu', ['-aet', 'CT_ROOM_2', '-aec', 'LIGHTBOX', '127.0.0.1', String(scpPort), samplePath('pixel-formats/CT_small.dcm')]);
      expect(sent.code, sent.output).toBe(0);
      // The PACS dialog adds another: the CLI's node stays in the file.
      pacs.saveNode('archive', { kind: 'dimse', aeTitle: 'ARCHIVE', host: '127.0.0.1', port: 4242 });
      expect(loadPacsSettings(dataDir).nodes.map((n) => n.name).sort()).toEqual(['archive', 'modality']);
      // Eight CLI processes and the dialog at once: every node lands.
      const adds = Array.from({ length: 8 }, (_, k) => run(process.execPath, [BIN, '--data-dir', dataDir, 'nodes', 'add', `ws${k}`, `WS${k}@127.0.0.1:${11000 + k}`]));
      pacs.saveNode('archive2', { kind: 'dimse', aeTitle: 'ARCHIVE2', host: '127.0.0.1', port: 4243 });
      for (const a of await Promise.all(adds)) expect(a.code, a.output).toBe(0);
      const names = JSON.parse(readFileSync(settingsFile(dataDir), 'utf8')).nodes.map((n: { name: string }) => n.name).sort();
      expect(names).toEqual(['archive', 'archive2', 'modality', ...Array.from({ length: 8 }, (_, k) => `ws${k}`)].sort());
      expect(pacs.status().nodes.map((n) => n.name).sort()).toEqual(names);
    } finally {
      await pacs.stop();
      cache.close();
    }
  }, 60_000);
});
