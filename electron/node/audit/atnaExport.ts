import os from 'node:os';
import { atnaAuditMessage, type AtnaSource } from '../../common/audit/atnaAuditMessage';
import type { AuditEntry } from '../../common/audit/auditEntry';
import { ATNA_MSGID, AUTHPRIV, severityForOutcome, syslogMessage } from '../../common/audit/syslogMessage';

/** This installation as the audit source: `lightbox@HOST`, and the site when LIGHTBOX_AUDIT_SITE names one. */
export function atnaSource(env: NodeJS.ProcessEnv = process.env): AtnaSource {
  return { auditSourceId: `lightbox@${os.hostname()}`, ...(env.LIGHTBOX_AUDIT_SITE ? { enterpriseSiteId: env.LIGHTBOX_AUDIT_SITE } : {}) };
}

/**
 * Audit rows as IHE ATNA syslog messages (ITI-20): RFC 5424 with facility authpriv, a severity by
 * outcome, APP-NAME "lightbox", MSGID "IHE+RFC-3881", the event's own time as TIMESTAMP, and the
 * PS3.15 A.5 XML as MSG.
 */
export function atnaSyslogMessages(entries: AuditEntry[], source: AtnaSource): Uint8Array[] {
  const hostname = os.hostname();
  return entries.map((entry) =>
    syslogMessage(
      { timestamp: entry.at, hostname, appName: 'lightbox', procId: String(process.pid), msgId: ATNA_MSGID, facility: AUTHPRIV, severity: severityForOutcome(entry.outcomeCode) },
      atnaAuditMessage(entry, source),
    ),
  );
}
