import { execFile } from 'node:child_process';
import dgram from 'node:dgram';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { promisify } from 'node:util';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StudyCache } from '../cache/studyCache';
import { runCli } from '../cli/main';
import { sampleAuditEntries } from '../../../testing/atna/auditEntryFixtures';
import { jingAvailable, validateAuditMessages } from '../../../testing/atna/jing';
import { parseRfc5424, splitOctetCounted } from '../../../testing/atna/parseRfc5424';
import { missingHere } from '../../../testing/node/requiredInCi';
import { parseSyslogUrl } from './syslogSender';

const OPENSSL = '/usr/bin/openssl';
let dir: string;
let dataDir: string;
const entries = sampleAuditEntries();

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-syslog-'));
  dataDir = path.join(dir, 'data');
  // The audit trail as the product writes it: rows in the cache index (ids and times from the index's own order).
  const cache = new StudyCache(dataDir, 'lightbox-test');
  try {
    for (const { id: _id, ...entry } of entries) cache.index.audit(entry);
  } finally {
    cache.close();
  }
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const sink = (append: (s: string) => void): Writable => new Writable({ write: (chunk, _e, done) => (append(String(chunk)), done()) });
  const code = await runCli(['--data-dir', dataDir, ...argv], { stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)), env: {}, untilStopped: Promise.resolve() });
  return { code, stdout, stderr };
}

/** What a repository would check of each message: RFC 5424 framing and header, then the XML against the schema. */
async function checkReceived(messages: Buffer[], label: string): Promise<void> {
  expect(messages).toHaveLength(entries.length);
  const parsed = messages.map((m) => parseRfc5424(m));
  // Oldest first, each with its row's time, outcome severity and IHE's MSGID.
  expect(parsed.map((p) => p.timestamp)).toEqual(entries.map((e) => e.at));
  for (const [i, p] of parsed.entries()) {
    const severity = { 0: 5, 4: 4, 8: 3, 12: 2 }[entries[i]!.outcomeCode];
    expect(p).toMatchObject({ facility: 10, severity, version: 1, hostname: os.hostname().replace(/[^\x21-\x7e]/g, '_'), appName: 'lightbox', procId: String(process.pid), msgId: 'IHE+RFC-3881', structuredData: '-', bom: true });
    expect(p.msg).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><AuditMessage>.*<\/AuditMessage>$/);
  }
  expect(parsed.map((p) => /<EventID csd-code="(\d+)"/.exec(p.msg)![1])).toEqual(['110103', '110104', '110104', '110104', '110104', '110104', '110107', '110106', '110105', '110105', '110112', '110112', '110103', '110111', '110110', '110107']);
  if (!jingAvailable()) return;
  const files = await Promise.all(parsed.map(async (p, i) => {
    const file = path.join(dir, `${label}-${i}.xml`);
    await writeFile(file, p.msg);
    return file;
  }));
  await validateAuditMessages(files);
}

/** A loopback stream listener that keeps all it receives per connection. */
function streamListener(server: net.Server, event: 'connection' | 'secureConnection' = 'connection'): { port: () => number; received: Promise<Buffer> } {
  const received = new Promise<Buffer>((resolve) => {
    server.on(event, (socket: net.Socket) => {
      const chunks: Buffer[] = [];
      socket.on('data', (c: Buffer) => chunks.push(c));
      socket.on('end', () => resolve(Buffer.concat(chunks)));
    });
  });
  return { port: () => (server.address() as net.AddressInfo).port, received };
}

const listen = (server: net.Server): Promise<void> => new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));

describe('audit messages sent to a syslog audit repository (IHE ATNA)', () => {
  it('parses the three transports, with their default ports', () => {
    expect(parseSyslogUrl('syslog+tls://arr.example.org')).toEqual({ transport: 'tls', host: 'arr.example.org', port: 6514 });
    expect(parseSyslogUrl('syslog+tcp://10.0.0.1:1468')).toEqual({ transport: 'tcp', host: '10.0.0.1', port: 1468 });
    expect(parseSyslogUrl('syslog+udp://[::1]')).toEqual({ transport: 'udp', host: '::1', port: 514 });
    expect(() => parseSyslogUrl('tcp://host:514')).toThrow(/syslog\+tls:\/\/HOST/);
  });

  it('over TCP: octet-counted RFC 5424 messages whose XML validates', async () => {
    const server = net.createServer();
    const listener = streamListener(server);
    await listen(server);
    try {
      const result = await cli(['audit', '--atna', '--send', `syslog+tcp://127.0.0.1:${listener.port()}`]);
      expect(result).toMatchObject({ code: 0, stderr: `${entries.length} audit message(s) sent to syslog+tcp://127.0.0.1:${listener.port()}\n` });
      await checkReceived(splitOctetCounted(await listener.received), 'tcp');
    } finally {
      server.close();
    }
  });

  it('over UDP: one RFC 5424 message per datagram', async () => {
    const socket = dgram.createSocket('udp4');
    const datagrams: Buffer[] = [];
    const all = new Promise<void>((resolve) =>
      socket.on('message', (m) => {
        datagrams.push(m);
        if (datagrams.length === entries.length) resolve();
      }),
    );
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    try {
      expect((await cli(['audit', '--atna', '--send', `syslog+udp://127.0.0.1:${socket.address().port}`])).code).toBe(0);
      await all;
      await checkReceived(datagrams, 'udp');
    } finally {
      socket.close();
    }
  });

  describe.skipIf(missingHere(existsSync(OPENSSL), 'openssl (for a self-signed test certificate)'))('over TLS (RFC 5425)', () => {
    const run = promisify(execFile);
    const makeCert = async (name: string, san: string): Promise<{ cert: string; key: string }> => {
      const cert = path.join(dir, `${name}.crt`);
      const key = path.join(dir, `${name}.key`);
      await run(OPENSSL, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', `/CN=${name}`, '-addext', `subjectAltName=${san}`]);
      return { cert, key };
    };

    it('with mutual authentication: the repository checks our certificate, we check its', async () => {
      const repository = await makeCert('audit-repository', 'IP:127.0.0.1');
      const node = await makeCert('lightbox-node', 'DNS:lightbox-node');
      let clientAuthorized = false;
      const server = tls.createServer({ cert: await readFile(repository.cert), key: await readFile(repository.key), ca: await readFile(node.cert), requestCert: true, rejectUnauthorized: true });
      server.on('secureConnection', (socket) => (clientAuthorized = socket.authorized));
      // TLS data arrives on the secure socket, after the handshake.
      const listener = streamListener(server, 'secureConnection');
      await listen(server);
      const url = `syslog+tls://127.0.0.1:${listener.port()}`;
      try {
        // Without the repository's CA, the self-signed certificate is refused: nothing is sent in clear.
        const refused = await cli(['audit', '--atna', '--send', url]);
        expect(refused).toMatchObject({ code: 1, stderr: expect.stringMatching(/self[- ]signed|certificate/i) });
        const result = await cli(['audit', '--atna', '--send', url, '--tls-ca', repository.cert, '--tls-cert', node.cert, '--tls-key', node.key]);
        expect(result.code).toBe(0);
        await checkReceived(splitOctetCounted(await listener.received), 'tls');
        expect(clientAuthorized).toBe(true);
      } finally {
        server.close();
      }
    });
  });
});
