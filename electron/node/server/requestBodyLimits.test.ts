import { request as httpRequest, type IncomingMessage } from 'node:http';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDicomFile } from '../../common/dicom/write/dicomWriter';
import { startServedHost, type ServedHost } from '../../../testing/node/servedHost';
import { canReadProcessMemory, residentMemory } from '../../../testing/node/processMemory';
import { missingHere } from '../../../testing/node/requiredInCi';

// Request bodies from outside, against `lightbox serve` in a process of its own (as it runs for a
// user), whose memory is read from /proc: issue 19, where a 512 MiB STOW-RS took the server from
// 92 MiB to 1.6 GiB before it was refused, and a JSON body got its 413 only once read whole.
const MiB = 1024 * 1024;
const BOUNDARY = 'lightbox-test-boundary';
const STOW_TYPE = `multipart/related; type="application/dicom"; boundary=${BOUNDARY}`;

interface Upload {
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
  /** Body bytes written when the answer's headers arrived. */
  sentAtAnswer: number;
  /** Whether the server closed the connection within a few seconds of answering. */
  closed: boolean;
}

/**
 * Sends `total` body bytes made by `chunkAt` (1 MiB at a time, with backpressure), chunked or
 * with `content-length`, and stops sending as soon as an answer arrives.
 */
function upload(host: ServedHost, options: { method: string; path: string; contentType: string; total: number; contentLength?: number; chunkAt(offset: number, size: number): Uint8Array }): Promise<Upload> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const headers: Record<string, string> = { authorization: `Bearer ${host.token}`, 'content-type': options.contentType };
    if (options.contentLength !== undefined) headers['content-length'] = String(options.contentLength);
    const req = httpRequest(`${host.origin}${options.path}`, { method: options.method, headers, agent: false });
    req.on('error', (error) => {
      if (!answered) reject(error); // after the answer, a refused rest (EPIPE, ECONNRESET) is expected
    });
    req.on('response', (res) => {
      answered = true;
      const sentAtAnswer = sent;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => {
        const socket = req.socket;
        const closed = new Promise<boolean>((done) => {
          if (!socket || socket.destroyed) return done(true);
          socket.once('close', () => done(true));
          setTimeout(() => done(false), 5000).unref();
        });
        void closed.then((isClosed) => {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, sentAtAnswer, closed: isClosed });
        });
      });
    });
    const pump = (): void => {
      while (!answered && sent < options.total) {
        const chunk = options.chunkAt(sent, Math.min(MiB, options.total - sent));
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!answered && sent >= options.total) req.end();
    };
    pump();
  });
}

/** A multi-frame 16-bit instance whose pixel data is `pixelBytes` long, sent as one STOW-RS part (head, pixels, tail). */
function bigInstanceStow(pixelBytes: number, sopInstanceUid: string): { total: number; chunkAt(offset: number, size: number): Uint8Array } {
  const frames = pixelBytes / (512 * 512 * 2);
  const header = writeDicomFile(
    [
      { tag: 0x00080016, vr: 'UI', strings: ['1.2.840.10008.5.1.4.1.1.7.3'] },
      { tag: 0x00080018, vr: 'UI', strings: [sopInstanceUid] },
      { tag: 0x00080060, vr: 'CS', strings: ['OT'] },
      { tag: 0x00100010, vr: 'PN', strings: ['LIMITS^STOW'] },
      { tag: 0x00100020, vr: 'LO', strings: ['STOW-512'] },
      { tag: 0x0020000d, vr: 'UI', strings: [`${sopInstanceUid}.1`] },
      { tag: 0x0020000e, vr: 'UI', strings: [`${sopInstanceUid}.2`] },
      { tag: 0x00280002, vr: 'US', numbers: [1] },
      { tag: 0x00280004, vr: 'CS', strings: ['MONOCHROME2'] },
      { tag: 0x00280008, vr: 'IS', strings: [String(frames)] },
      { tag: 0x00280010, vr: 'US', numbers: [512] },
      { tag: 0x00280011, vr: 'US', numbers: [512] },
      { tag: 0x00280100, vr: 'US', numbers: [16] },
      { tag: 0x00280101, vr: 'US', numbers: [16] },
      { tag: 0x00280102, vr: 'US', numbers: [15] },
      { tag: 0x00280103, vr: 'US', numbers: [0] },
    ],
    { sopClassUid: '1.2.840.10008.5.1.4.1.1.7.3', sopInstanceUid },
  );
  const pixelHeader = new Uint8Array(12);
  const view = new DataView(pixelHeader.buffer);
  view.setUint16(0, 0x7fe0, true);
  view.setUint16(2, 0x0010, true);
  pixelHeader.set([0x4f, 0x57], 4); // OW, 2 reserved bytes, 4-byte length
  view.setUint32(8, pixelBytes, true);
  const head = new Uint8Array([...new TextEncoder().encode(`--${BOUNDARY}\r\nContent-Type: application/dicom\r\n\r\n`), ...header, ...pixelHeader]);
  const tail = new TextEncoder().encode(`\r\n--${BOUNDARY}--\r\n`);
  const total = head.length + pixelBytes + tail.length;
  const ramp = Uint8Array.from({ length: MiB }, (_, i) => (i * 7) & 0xff);
  return {
    total,
    chunkAt(offset, size) {
      const out = new Uint8Array(size);
      for (let i = 0; i < size; ) {
        const at = offset + i;
        const [from, start] = at < head.length ? [head, at] : at < head.length + pixelBytes ? [ramp, (at - head.length) % MiB] : [tail, at - head.length - pixelBytes];
        const n = Math.min(size - i, from.length - start);
        out.set(from.subarray(start, start + n), i);
        i += n;
      }
      return out;
    },
  };
}

const zeros = (_offset: number, size: number): Uint8Array => new Uint8Array(size).fill(0x20);

describe.skipIf(missingHere(canReadProcessMemory, "a process's memory in /proc (Linux)"))('request bodies from outside, against `lightbox serve` in its own process', () => {
  let dir: string;
  let small: ServedHost;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-limits-'));
    // A site's own STOW limit (LIGHTBOX_MAX_STOW_BYTES), small so that refusals are quick to reach.
    small = await startServedHost({ dataDir: path.join(dir, 'small'), env: { LIGHTBOX_MAX_STOW_BYTES: '64MiB' } });
  }, 60_000);
  afterAll(async () => {
    await small?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers a STOW-RS whose Content-Length is over the limit with 413 at once, without waiting for its body', async () => {
    const before = residentMemory(small.pid).now;
    const answer = await upload(small, { method: 'POST', path: '/dicomweb/studies', contentType: STOW_TYPE, contentLength: 10 * 1024 * MiB, total: 64 * 1024, chunkAt: zeros });
    expect(answer.status).toBe(413);
    expect(answer.sentAtAnswer).toBeLessThanOrEqual(64 * 1024); // all we ever sent of a 10 GiB body
    expect(answer.headers.connection).toBe('close');
    expect(answer.closed).toBe(true);
    expect(JSON.parse(answer.body)).toEqual({ code: 'too-large', error: 'the multipart request body is larger than the 64 MiB this host takes' });
    expect(residentMemory(small.pid).now - before).toBeLessThan(32 * MiB);
  });

  it('stops a chunked STOW-RS as soon as it passes the limit, answers 413 and closes the connection', async () => {
    const answer = await upload(small, { method: 'POST', path: '/dicomweb/studies', contentType: STOW_TYPE, total: 1024 * MiB, chunkAt: zeros });
    expect(answer.status).toBe(413);
    // The limit, plus what the sockets' buffers held in flight when the answer came.
    expect(answer.sentAtAnswer).toBeGreaterThan(64 * MiB);
    expect(answer.sentAtAnswer).toBeLessThan(96 * MiB);
    expect(answer.headers.connection).toBe('close');
    expect(answer.closed).toBe(true);
  });

  it('refuses a chunked JSON body once it passes 1 MiB, not after reading it whole', async () => {
    const answer = await upload(small, { method: 'PUT', path: '/api/displays/roles', contentType: 'application/json', total: 256 * MiB, chunkAt: zeros });
    expect(answer.status).toBe(413);
    expect(answer.sentAtAnswer).toBeLessThan(33 * MiB);
    expect(JSON.parse(answer.body)).toMatchObject({ code: 'too-large' });
    expect(answer.closed).toBe(true);
  });

  it('still answers normally on a new connection after refusing', async () => {
    const response = await fetch(`${small.origin}/api/host`, { headers: { authorization: `Bearer ${small.token}` } });
    expect(response.status).toBe(200);
  });

  it('streams a 512 MiB STOW-RS (one instance) to disk with the server under +200 MiB of memory', async () => {
    // The default limit (2 GiB) takes it.
    const host = await startServedHost({ dataDir: path.join(dir, 'big') });
    try {
      const auth = { authorization: `Bearer ${host.token}` };
      expect((await fetch(`${host.origin}/api/host`, { headers: auth })).status).toBe(200);
      const baseline = residentMemory(host.pid).now;
      const sop = '2.25.512512512512';
      const stow = bigInstanceStow(512 * MiB, sop);
      const answer = await upload(host, { method: 'POST', path: '/dicomweb/studies', contentType: STOW_TYPE, contentLength: stow.total, ...stow });
      const { peak } = residentMemory(host.pid);
      console.log(`512 MiB STOW-RS: server resident memory ${(baseline / MiB).toFixed(0)} MiB before, peak ${(peak / MiB).toFixed(0)} MiB (+${((peak - baseline) / MiB).toFixed(0)} MiB)`);
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)['00081199'].Value[0]['00081155'].Value).toEqual([sop]);
      expect(peak - baseline).toBeLessThan(200 * MiB);
      const instances = (await (await fetch(`${host.origin}/dicomweb/studies/${sop}.1/series/${sop}.2/instances`, { headers: auth })).json()) as Array<Record<string, { Value: unknown[] }>>;
      expect(instances.map((i) => i['00080018']!.Value[0])).toEqual([sop]);
      // Nothing of it is left in the incoming folder.
      const left = await readdir(path.join(dir, 'big', 'cache', 'incoming'), { recursive: true, withFileTypes: true });
      expect(left.filter((e) => e.isFile() && /\.(part|ready)$/.test(e.name)).map((e) => e.name)).toEqual([]);
    } finally {
      await host.close();
    }
  }, 180_000);
});
