import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplePath, sharedSamplesAvailable } from '../../../testing/node/sharedSamples';
import { IncomingInstance } from './incomingInstance';
import { StudyCache, type PreparedRecord } from './studyCache';
import { missingHere } from '../../../testing/node/requiredInCi';

const NATIVE = 'transfer-syntaxes/dicomparser-ct/CT1_UNC.explicit_little_endian.dcm';
const ENCAPSULATED = 'transfer-syntaxes/dicomparser-ct/CT1_UNC.fragmented_bot_jpeg_ls.80.dcm';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-incoming-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Feeds `bytes` in network-sized parts, noting each header parse the instance asks for. */
function receive(cache: StudyCache, bytes: Uint8Array, parses: Array<{ headLength: number; fileSize?: number; receivedSoFar: number }>) {
  let received = 0;
  const incoming = new IncomingInstance<PreparedRecord>(
    {
      paths: cache.paths,
      prepareRecord: (head, source, fileSize) => {
        parses.push({ headLength: head.length, receivedSoFar: received, ...(fileSize !== undefined ? { fileSize } : {}) });
        return cache.prepareRecord(head, source, fileSize);
      },
    },
    'test sender',
  );
  // As a socket delivers them: views of one read buffer, overwritten by the next read.
  const readBuffer = new Uint8Array(16_384);
  for (let at = 0; at < bytes.length; at += 16_384) {
    const part = readBuffer.subarray(0, Math.min(16_384, bytes.length - at));
    part.set(bytes.subarray(at, at + part.length));
    received += part.length;
    incoming.write(part);
    readBuffer.fill(0xee);
  }
  return incoming.finish();
}

describe.skipIf(missingHere(sharedSamplesAvailable(), 'the shared DICOM samples (../shared/dicom-samples)'))('receiving into the cache', () => {
  it('reads the header while native pixel data still arrive, and the record equals a whole-file parse', () => {
    const cache = new StudyCache(path.join(dir, 'early'));
    const bytes = new Uint8Array(readFileSync(samplePath(NATIVE)));
    const parses: Array<{ headLength: number; fileSize?: number; receivedSoFar: number }> = [];
    const received = receive(cache, bytes, parses);
    const successful = parses.at(-1)!;
    expect(successful.fileSize).toBe(Infinity);
    expect(successful.receivedSoFar).toBeLessThan(bytes.length);
    expect(received.record).toEqual(cache.prepareRecord(bytes, 'whole'));
    expect(cache.storeReceived([received])).toMatchObject([{ status: 'stored' }]);
    expect(Buffer.from(cache.readObject(cache.index.allInstances()[0]!.objectPath)).equals(bytes)).toBe(true);
    cache.close();
  });

  it('reads the header of encapsulated pixel data once the whole data set is in', () => {
    const cache = new StudyCache(path.join(dir, 'encapsulated'));
    const bytes = new Uint8Array(readFileSync(samplePath(ENCAPSULATED)));
    const parses: Array<{ headLength: number; fileSize?: number; receivedSoFar: number }> = [];
    const received = receive(cache, bytes, parses);
    expect(parses.at(-1)!.fileSize).toBe(bytes.length);
    expect(received.record).toEqual(cache.prepareRecord(bytes, 'whole'));
    cache.close();
  });

  it('stores at the next opening what a process that died had answered as received but not placed', () => {
    const data = path.join(dir, 'crashed');
    const bytes = new Uint8Array(readFileSync(samplePath(NATIVE)));
    const crashed = new StudyCache(data);
    const answered = crashed.beginIncoming('test sender');
    answered.write(bytes);
    const ready = answered.finish();
    const partial = crashed.beginIncoming('test sender');
    partial.write(bytes.subarray(0, 1000));
    // The process dies here: its index is closed by the OS, its incoming folder stays, named by a PID no longer running.
    crashed.index.close();
    const deadPid = spawnSync('true').pid;
    const abandoned = path.join(path.dirname(crashed.paths.incoming), `${deadPid}-dead0000`);
    renameSync(crashed.paths.incoming, abandoned);
    expect(readdirSync(abandoned).map((f) => path.extname(f)).sort()).toEqual(['.part', '.ready']);
    expect(path.basename(ready.file).endsWith('.ready')).toBe(true);

    const reopened = new StudyCache(data);
    expect(reopened.index.counts().instances).toBe(1);
    const stored = reopened.index.allInstances()[0]!;
    expect(Buffer.from(reopened.readObject(stored.objectPath)).equals(bytes)).toBe(true);
    expect(existsSync(abandoned)).toBe(false);
    reopened.close();
    expect(readdirSync(path.dirname(reopened.paths.incoming))).toEqual([]);
  });

  it('leaves the folder of a process still running alone', () => {
    const data = path.join(dir, 'alive');
    const first = new StudyCache(data);
    mkdirSync(first.paths.incoming, { recursive: true });
    writeFileSync(path.join(first.paths.incoming, 'x.part'), 'in progress');
    new StudyCache(data).close();
    expect(existsSync(path.join(first.paths.incoming, 'x.part'))).toBe(true);
    first.close();
  });
});
