import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, connect, type Server, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StudyCache } from '../cache/studyCache';
import { startReceiver, type Receiver } from '../pacs/storeReceiver';
import { freePort } from '../../../testing/node/orthancPeer';
import { runTool } from '../../../testing/node/runTool';
import { samplePath, sharedSamplesAvailable } from '../../../testing/node/sharedSamples';
import { CommandField } from './commandSet';
import { echo, find, store } from './dimseScu';
import { DimseError } from './dimseErrors';
import { decodePdu, encodePdu } from './pdu';
import { PduReader } from './pduStream';
import { readFileMeta } from './part10';
import { requestAssociation, type DimsePeer } from './requestAssociation';
import type { ScpEvent } from './storeScp';
import { encodeCommandSet } from './commandSet';
import { missingHere } from '../../../testing/node/requiredInCi';

// Peers that misbehave: each gives a clear, typed error naming the peer, within its timeout, and
// leaves nothing half-stored in the cache; our SCP keeps serving afterwards.

let dir: string;
let cache: StudyCache;
let receiver: Receiver;
let us: DimsePeer;
const events: ScpEvent[] = [];
const servers: Server[] = [];
const CT = samplePath('transfer-syntaxes/dicomparser-ct/CT1_UNC.explicit_little_endian.dcm');

async function failure(work: Promise<unknown>): Promise<DimseError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DimseError);
  return error as DimseError;
}

/** A TCP server run by the test, acting as a broken peer. */
async function fakePeer(onSocket: (socket: Socket) => void): Promise<number> {
  const server = createServer(onSocket);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as { port: number }).port;
}

describe.skipIf(missingHere(sharedSamplesAvailable(), 'the shared DICOM samples (../shared/dicom-samples)'))('bad peers', () => {
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-bad-peers-'));
    cache = new StudyCache(path.join(dir, 'data'));
    receiver = await startReceiver(cache, { aeTitle: 'LIGHTBOX', port: 0, host: '127.0.0.1', idleTimeoutMs: 500, allowedCallingAes: ['GOOD_SCU', 'STORESCU'], onEvent: (e) => events.push(e) });
    us = { aeTitle: 'LIGHTBOX', host: '127.0.0.1', port: receiver.port, timeoutMs: 2000 };
  });
  afterAll(async () => {
    for (const s of servers) s.close();
    await receiver?.stop();
    cache?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('wrong called AE title: rejected, with the reason (ours and dcmtk echoscu)', async () => {
    const error = await failure(echo({ ...us, aeTitle: 'NOT_US' }, 'GOOD_SCU'));
    expect(error.failure).toBe('rejected');
    expect(error.message).toMatch(/LIGHTBOX|NOT_US@127\.0\.0\.1.*called AE title not recognized/);
    await expect(runTool('echoscu', ['-aec', 'NOT_US', '-aet', 'GOOD_SCU', '127.0.0.1', String(receiver.port)])).rejects.toThrow(/Called AE Title Not Recognized/i);
    expect(await echo(us, 'GOOD_SCU')).toBeGreaterThan(0);
  });

  it('calling AE title not allowed: rejected', async () => {
    const error = await failure(echo(us, 'STRANGER'));
    expect(error.message).toMatch(/calling AE title not recognized/);
    expect(events.some((e) => e.type === 'rejected' && e.callingAe === 'STRANGER')).toBe(true);
  });

  it('refused association (nobody listening): a refused error at once', async () => {
    const port = await freePort();
    const started = Date.now();
    const error = await failure(echo({ aeTitle: 'ANY', host: '127.0.0.1', port }, 'GOOD_SCU'));
    expect(error.failure).toBe('refused');
    expect(error.message).toContain(`ANY@127.0.0.1:${port}`);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('a peer that accepts the connection and never answers: timeout, no hang', async () => {
    const port = await fakePeer(() => undefined);
    const started = Date.now();
    const error = await failure(echo({ aeTitle: 'SILENT', host: '127.0.0.1', port, timeoutMs: 400 }, 'GOOD_SCU'));
    expect(error.failure).toBe('timeout');
    expect(error.message).toMatch(/SILENT@127\.0\.0\.1:\d+: no answer for 0 s: the peer stalled/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('a peer that stalls mid-C-FIND (answers the association, then nothing): timeout', async () => {
    const port = await fakePeer((socket) => {
      const reader = new PduReader(1 << 20);
      socket.on('data', (chunk: Buffer) => {
        for (const pdu of reader.push(chunk)) {
          if (pdu.type !== 'associate-rq') continue;
          socket.write(encodePdu({ type: 'associate-ac', calledAe: pdu.calledAe, callingAe: pdu.callingAe, applicationContext: pdu.applicationContext, presentationContexts: pdu.presentationContexts.map((pc) => ({ id: pc.id, result: 0, transferSyntax: pc.transferSyntaxes[0]! })), userInfo: { maxPduLength: 16384, implementationClassUid: '1.2.3', roleSelections: [] } }));
        }
      });
    });
    const error = await failure(find({ aeTitle: 'STALLS', host: '127.0.0.1', port, timeoutMs: 400 }, 'GOOD_SCU', 'STUDY', {}));
    expect(error.failure).toBe('timeout');
  });

  it('a peer that answers C-FIND with a malformed data set: a protocol error naming it', async () => {
    const port = await fakePeer((socket) => {
      const reader = new PduReader(1 << 20);
      socket.on('data', (chunk: Buffer) => {
        for (const pdu of reader.push(chunk)) {
          if (pdu.type === 'associate-rq') {
            socket.write(encodePdu({ type: 'associate-ac', calledAe: pdu.calledAe, callingAe: pdu.callingAe, applicationContext: pdu.applicationContext, presentationContexts: pdu.presentationContexts.map((pc) => ({ id: pc.id, result: 0, transferSyntax: '1.2.840.10008.1.2.1' })), userInfo: { maxPduLength: 16384, implementationClassUid: '1.2.3', roleSelections: [] } }));
          } else if (pdu.type === 'p-data' && pdu.pdvs.some((p) => !p.isCommand && p.isLast)) {
            const command = encodeCommandSet({ commandField: CommandField.CFindRsp, messageIdBeingRespondedTo: 1, status: 0xff00, hasDataset: true });
            // An element claiming 4 GB, in a 12-byte data set.
            const garbage = Uint8Array.of(0x10, 0x00, 0x10, 0x00, 0x50, 0x4e, 0xff, 0xff, 0x41, 0x42, 0x43, 0x44);
            socket.write(encodePdu({ type: 'p-data', pdvs: [{ contextId: pdu.pdvs[0]!.contextId, isCommand: true, isLast: true, data: command }] }));
            socket.write(encodePdu({ type: 'p-data', pdvs: [{ contextId: pdu.pdvs[0]!.contextId, isCommand: false, isLast: true, data: garbage }] }));
          }
        }
      });
    });
    const error = await find({ aeTitle: 'GARBLED', host: '127.0.0.1', port, timeoutMs: 1000 }, 'GOOD_SCU', 'STUDY', {}).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toMatch(/C-FIND response from GARBLED@127\.0\.0\.1:\d+/);
  });

  it('an SCU that stalls mid-transfer: aborted after the idle timeout, nothing stored', async () => {
    const bytes = new Uint8Array(readFileSync(CT));
    const meta = readFileMeta(bytes, CT);
    const association = await requestAssociation(us, 'GOOD_SCU', [{ abstractSyntax: meta.sopClassUid, transferSyntaxes: [meta.transferSyntaxUid] }]);
    const context = association.accepted[0]!;
    const command = encodeCommandSet({ commandField: CommandField.CStoreRq, affectedSopClassUid: meta.sopClassUid, affectedSopInstanceUid: meta.sopInstanceUid, messageId: 1, priority: 0, hasDataset: true });
    const socket = association.connection.socket;
    socket.write(encodePdu({ type: 'p-data', pdvs: [{ contextId: context.id, isCommand: true, isLast: true, data: command }] }));
    // Half the data set, then silence.
    socket.write(encodePdu({ type: 'p-data', pdvs: [{ contextId: context.id, isCommand: false, isLast: false, data: bytes.subarray(meta.datasetOffset, meta.datasetOffset + 4000) }] }));
    await association.connection.closed;
    const closed = events.find((e) => e.type === 'closed' && e.callingAe === 'GOOD_SCU' && e.error);
    expect(closed && 'error' in closed ? closed.error : '').toMatch(/stalled/);
    expect(cache.index.findInstance(meta.sopInstanceUid)).toBeUndefined();
    expect(await echo(us, 'GOOD_SCU')).toBeGreaterThan(0);
  });

  it('a malformed data set: a failure status naming the problem, nothing stored, the SCP keeps serving', async () => {
    const good = new Uint8Array(readFileSync(CT));
    const meta = readFileMeta(good, CT);
    // The header cut inside an element: not parseable as a data set.
    const truncated = good.slice(0, meta.datasetOffset + 301);
    const [result] = await store(us, 'GOOD_SCU', [{ source: 'truncated.dcm', bytes: truncated }]);
    expect(result!.status).toBe(0xc000);
    expect(result!.error).toMatch(/0xC000.*(truncated|malformed|length)/i);
    expect(cache.index.findInstance(meta.sopInstanceUid)).toBeUndefined();
    // The whole file afterwards stores fine.
    const [ok] = await store(us, 'GOOD_SCU', [{ source: CT, bytes: good }]);
    expect(ok!.status).toBe(0);
    expect(cache.index.findInstance(meta.sopInstanceUid)).toBeDefined();
  });

  it('garbage instead of PDUs: the connection is dropped, the SCP keeps serving', async () => {
    const socket = connect({ host: '127.0.0.1', port: receiver.port });
    await new Promise((r) => socket.once('connect', r));
    socket.write(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
    const answer = await new Promise<Buffer>((resolve) => {
      const chunks: Buffer[] = [];
      socket.on('data', (c: Buffer) => chunks.push(c));
      socket.once('close', () => resolve(Buffer.concat(chunks)));
    });
    // Either nothing or an A-ABORT (type 7), never anything else.
    if (answer.length > 0) expect(decodePdu(answer[0]!, answer.subarray(6)).type).toBe('abort');
    expect(await echo(us, 'GOOD_SCU')).toBeGreaterThan(0);
  });
});
