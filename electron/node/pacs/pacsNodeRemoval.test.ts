import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { StudyCache } from '../cache/studyCache';
import { PacsService } from './pacsService';
import { loadPacsSettings, savePacsSettings } from './pacsSettings';

// A node removed while an echo to it was still running: the echo's outcome went to a status that
// no longer existed, threw inside a heartbeat nothing awaited, and the unhandled rejection ended
// the host (CI: the PACS e2e's page found the server gone after the settings test removed a node).
// The peer here is a TCP listener that accepts and holds the association request until the test
// drops it, so the echo is certainly still running when the node goes.

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

it('removing a node while its echo runs: the echo says the node was removed, the service keeps running, nothing is left unhandled', async () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  const sockets: net.Socket[] = [];
  const peer = net.createServer((socket) => void sockets.push(socket));
  await new Promise<void>((resolve) => peer.listen(0, '127.0.0.1', resolve));
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lightbox-pacs-removal-'));
  dirs.push(dataDir);
  savePacsSettings(dataDir, { ...loadPacsSettings(dataDir), scpPort: 0 });
  const cache = new StudyCache(dataDir);
  const pacs = new PacsService({ cache, dataDir, emit: () => undefined, heartbeatMs: 3_600_000, outboxMs: 3_600_000, receive: false });
  try {
    const port = (peer.address() as net.AddressInfo).port;
    pacs.saveNode('slow', { kind: 'dimse', aeTitle: 'SLOW', host: '127.0.0.1', port, timeoutMs: 60_000 }); // starts an echo
    const echoed = pacs.echo('slow');
    await expect.poll(() => sockets.length).toBe(2); // both echoes wait on the peer
    pacs.removeNode('slow');
    for (const s of sockets) s.destroy();
    await expect(echoed).rejects.toThrow('PACS node "slow" was removed while its echo ran');
    await new Promise((resolve) => setTimeout(resolve, 100)); // the saveNode echo's outcome lands too
    expect(pacs.status().nodes).toEqual([]);
    // Still working: a node added now is echoed and marked.
    pacs.saveNode('slow', { kind: 'dimse', aeTitle: 'SLOW', host: '127.0.0.1', port, timeoutMs: 60_000 });
    await expect.poll(() => sockets.length).toBe(3);
    sockets[2]!.destroy();
    await expect.poll(() => pacs.status().nodes[0]?.state).toBe('offline');
    expect(unhandled).toEqual([]);
  } finally {
    process.off('unhandledRejection', onUnhandled);
    await pacs.stop();
    cache.close();
    peer.close();
  }
});
