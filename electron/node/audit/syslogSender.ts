import dgram from 'node:dgram';
import net from 'node:net';
import tls from 'node:tls';
import { octetCountedFrame } from '../../common/audit/syslogMessage';

/** Where audit messages go: an audit record repository (IHE ATNA) speaking syslog. */
export interface SyslogTarget {
  /** RFC 5425 (TLS, what ATNA requires between nodes), RFC 6587 (plain TCP), RFC 5426 (UDP). */
  transport: 'tls' | 'tcp' | 'udp';
  host: string;
  port: number;
}

/** IANA ports: syslog-tls 6514 (RFC 5425), syslog over TCP 601 (RFC 3195), syslog 514/udp (RFC 5426). */
const DEFAULT_PORTS = { tls: 6514, tcp: 601, udp: 514 } as const;

/** `syslog+tls://host[:port]`, `syslog+tcp://…`, `syslog+udp://…` → a target; a clear error otherwise. */
export function parseSyslogUrl(spec: string): SyslogTarget {
  const m = /^syslog\+(tls|tcp|udp):\/\/(\[[^\]]+\]|[^/:]+)(?::(\d+))?\/?$/i.exec(spec.trim());
  if (!m) throw new Error(`"${spec}" is not a syslog target: give syslog+tls://HOST[:PORT], syslog+tcp://HOST[:PORT] or syslog+udp://HOST[:PORT]`);
  const transport = m[1]!.toLowerCase() as SyslogTarget['transport'];
  const port = m[3] ? Number(m[3]) : DEFAULT_PORTS[transport];
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${spec}: ${m[3]} is not a port`);
  return { transport, host: m[2]!.replace(/^\[|\]$/g, ''), port };
}

/** TLS credentials: the repository's CA, and our certificate and key (ATNA's mutually authenticated node). */
export interface SyslogTls {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

/** The largest datagram payload over IPv4 (65535 − 8 UDP − 20 IP header bytes). */
const MAX_DATAGRAM = 65_507;

/**
 * Sends RFC 5424 messages. Over TLS and TCP each is framed `MSG-LEN SP SYSLOG-MSG` (RFC 5425 4.3,
 * RFC 6587 3.4.1) on one connection, closed once all are written and the peer has them; over UDP
 * each is one datagram (RFC 5426 3.1), which is why a message too large for one is an error
 * rather than cut short.
 */
export async function sendSyslog(target: SyslogTarget, messages: Uint8Array[], options: { tls?: SyslogTls; timeoutMs?: number } = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  if (target.transport === 'udp') return sendDatagrams(target, messages, timeoutMs);
  return new Promise<void>((resolve, reject) => {
    const onConnect = (): void => {
      for (const m of messages) socket.write(octetCountedFrame(m));
      socket.end();
    };
    const socket =
      target.transport === 'tls'
        ? tls.connect({ host: target.host, port: target.port, servername: net.isIP(target.host) ? undefined : target.host, ...options.tls }, onConnect)
        : net.connect({ host: target.host, port: target.port }, onConnect);
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`${describeTarget(target)}: no answer within ${timeoutMs} ms`)));
    socket.once('error', (error) => reject(new Error(`${describeTarget(target)}: ${error.message}`)));
    // Resolved when our side is flushed and the connection closed cleanly.
    socket.once('close', (hadError) => {
      if (!hadError) resolve();
    });
    socket.resume();
  });
}

async function sendDatagrams(target: SyslogTarget, messages: Uint8Array[], timeoutMs: number): Promise<void> {
  const tooLarge = messages.find((m) => m.length > MAX_DATAGRAM);
  if (tooLarge) throw new Error(`${describeTarget(target)}: a message of ${tooLarge.length} bytes does not fit one UDP datagram (at most ${MAX_DATAGRAM}); use syslog+tls://`);
  const socket = dgram.createSocket(net.isIPv6(target.host) ? 'udp6' : 'udp4');
  const timer = setTimeout(() => socket.close(), timeoutMs);
  try {
    for (const m of messages) {
      await new Promise<void>((resolve, reject) => socket.send(m, target.port, target.host, (error) => (error ? reject(new Error(`${describeTarget(target)}: ${error.message}`)) : resolve())));
    }
  } finally {
    clearTimeout(timer);
    socket.close();
  }
}

export function describeTarget(target: SyslogTarget): string {
  return `syslog+${target.transport}://${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}`;
}
