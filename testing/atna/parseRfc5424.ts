/** An RFC 5424 message taken apart (HEADER SP STRUCTURED-DATA [SP MSG]), as a test checks what a repository would receive. */
export interface Rfc5424Message {
  pri: number;
  facility: number;
  severity: number;
  version: number;
  timestamp: string;
  hostname: string;
  appName: string;
  procId: string;
  msgId: string;
  structuredData: string;
  /** Whether MSG began with the UTF-8 BOM (RFC 5424 6.4). */
  bom: boolean;
  msg: string;
}

/** Parses one message strictly: throws naming the part that does not follow RFC 5424 6. */
export function parseRfc5424(bytes: Uint8Array): Rfc5424Message {
  const text = Buffer.from(bytes).toString('utf8');
  const m = /^<(\d{1,3})>([1-9]\d{0,2}) (\S+) ([\x21-\x7e]{1,255}) ([\x21-\x7e]{1,48}) ([\x21-\x7e]{1,128}) ([\x21-\x7e]{1,32}) (-|(?:\[[^\]]*\])+)(?: ([\s\S]*))?$/.exec(text);
  if (!m) throw new Error(`not an RFC 5424 message: ${JSON.stringify(text.slice(0, 120))}`);
  const pri = Number(m[1]);
  if (pri > 191) throw new Error(`PRI ${pri} out of range`);
  const timestamp = m[3]!;
  // 6.2.3: FULL-DATE "T" PARTIAL-TIME TIME-OFFSET, at most 6 fraction digits.
  if (timestamp !== '-' && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/.test(timestamp)) throw new Error(`TIMESTAMP ${timestamp} is not RFC 5424's`);
  const msg = m[9] ?? '';
  const bom = msg.startsWith('\uFEFF');
  return {
    pri,
    facility: pri >> 3,
    severity: pri & 7,
    version: Number(m[2]),
    timestamp,
    hostname: m[4]!,
    appName: m[5]!,
    procId: m[6]!,
    msgId: m[7]!,
    structuredData: m[8]!,
    bom,
    msg: bom ? msg.slice(1) : msg,
  };
}

/** Splits an octet-counted stream (RFC 5425 4.3 / RFC 6587 3.4.1: `MSG-LEN SP SYSLOG-MSG`…) into messages; throws on a bad frame. */
export function splitOctetCounted(stream: Buffer): Buffer[] {
  const messages: Buffer[] = [];
  let at = 0;
  while (at < stream.length) {
    const space = stream.indexOf(0x20, at);
    const len = space > at ? stream.toString('ascii', at, space) : '';
    if (!/^[1-9]\d*$/.test(len)) throw new Error(`bad MSG-LEN at byte ${at}: ${JSON.stringify(stream.toString('latin1', at, at + 12))}`);
    const end = space + 1 + Number(len);
    if (end > stream.length) throw new Error(`frame at byte ${at} claims ${len} bytes, ${stream.length - space - 1} arrived`);
    messages.push(stream.subarray(space + 1, end));
    at = end;
  }
  return messages;
}
