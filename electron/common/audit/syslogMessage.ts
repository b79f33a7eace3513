import type { AuditOutcomeCode } from './auditEntry';

/** RFC 5424 facility 10: security/authorization messages (authpriv), as IHE ATNA (ITI-20) asks. */
export const AUTHPRIV = 10;

/** IHE ITI-20 MSGID for DICOM / RFC 3881 audit messages. */
export const ATNA_MSGID = 'IHE+RFC-3881';

/**
 * Severity for an outcome (RFC 5424 6.2.1): a success is 5 "notice" (ITI-20: "normal but
 * significant"), a minor failure 4 "warning", a serious one 3 "error", a major one 2 "critical".
 */
export function severityForOutcome(code: AuditOutcomeCode): number {
  return code === 0 ? 5 : code === 4 ? 4 : code === 8 ? 3 : 2;
}

export interface SyslogHeader {
  /** When the event happened (ISO 8601 UTC). */
  timestamp: string;
  hostname: string;
  appName: string;
  procId: string;
  msgId: string;
  facility: number;
  severity: number;
}

/** PRINTUSASCII only (RFC 5424 6), at most `max` characters; empty becomes the NILVALUE "-". */
function headerField(value: string, max: number): string {
  const printable = value.replace(/[^\x21-\x7e]/g, '_').slice(0, max);
  return printable || '-';
}

const BOM = new Uint8Array([0xef, 0xbb, 0xbf]);

/**
 * One RFC 5424 message: `<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID - BOM MSG`, without
 * structured data; MSG is UTF-8 (the XML audit message), marked by the BOM as RFC 5424 6.4 asks.
 */
export function syslogMessage(header: SyslogHeader, message: string): Uint8Array {
  const pri = header.facility * 8 + header.severity;
  const head = `<${pri}>1 ${headerField(header.timestamp, 64)} ${headerField(header.hostname, 255)} ${headerField(header.appName, 48)} ${headerField(header.procId, 128)} ${headerField(header.msgId, 32)} - `;
  const headBytes = new TextEncoder().encode(head);
  const body = new TextEncoder().encode(message);
  const out = new Uint8Array(headBytes.length + BOM.length + body.length);
  out.set(headBytes, 0);
  out.set(BOM, headBytes.length);
  out.set(body, headBytes.length + BOM.length);
  return out;
}

/** RFC 5425 4.3 (TLS) and RFC 6587 3.4.1 (TCP) framing: `MSG-LEN SP SYSLOG-MSG`, the length in octets. */
export function octetCountedFrame(message: Uint8Array): Uint8Array {
  const prefix = new TextEncoder().encode(`${message.length} `);
  const out = new Uint8Array(prefix.length + message.length);
  out.set(prefix, 0);
  out.set(message, prefix.length);
  return out;
}
