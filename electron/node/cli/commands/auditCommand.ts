import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { atnaAuditMessage } from '../../../common/audit/atnaAuditMessage';
import type { AuditAction } from '../../../common/audit/auditEntry';
import { atnaSource, atnaSyslogMessages } from '../../audit/atnaExport';
import { describeTarget, parseSyslogUrl, sendSyslog } from '../../audit/syslogSender';
import { StudyCache } from '../../cache/studyCache';
import { CliUsageError, type CliCommand } from '../cliTypes';

const ACTIONS: AuditAction[] = ['open', 'wado', 'import', 'export', 'receive', 'retrieve', 'send', 'query', 'delete', 'evict', 'verify', 'edit', 'status'];

export const auditCommand: CliCommand = {
  name: 'audit',
  summary: 'the audit trail (who, what, when, with whom): print it, write it as DICOM PS3.15 A.5 audit messages, or send those to an ATNA repository',
  usage:
    `lightbox audit [--study UID] [--action ${ACTIONS.join('|')}] [--since ISO-DATE] [--limit N] [--json]\n` +
    '       lightbox audit --atna [filters] [--out DIR] [--send syslog+tls://HOST[:6514] | syslog+tcp://HOST[:601] | syslog+udp://HOST[:514]] [--tls-ca FILE] [--tls-cert FILE --tls-key FILE]',
  async run(ctx) {
    const { values } = parseArgs({
      args: ctx.args,
      options: {
        study: { type: 'string' },
        action: { type: 'string' },
        since: { type: 'string' },
        limit: { type: 'string' },
        json: { type: 'boolean', default: false },
        atna: { type: 'boolean', default: false },
        out: { type: 'string' },
        send: { type: 'string' },
        'tls-ca': { type: 'string' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
      },
      strict: true,
    });
    if (values.action && !ACTIONS.includes(values.action as AuditAction)) throw new CliUsageError(`--action must be one of ${ACTIONS.join(', ')}`);
    const limit = values.limit === undefined ? undefined : Number(values.limit);
    if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) throw new CliUsageError('--limit takes a positive number of rows');
    if ((values.out || values.send) && !values.atna) throw new CliUsageError('--out and --send write ATNA messages: add --atna');
    if (values.atna && values.json) throw new CliUsageError('give --atna or --json, not both');
    let target;
    try {
      target = values.send ? parseSyslogUrl(values.send) : undefined;
    } catch (error) {
      throw new CliUsageError((error as Error).message);
    }
    if ((values['tls-cert'] === undefined) !== (values['tls-key'] === undefined)) throw new CliUsageError('--tls-cert and --tls-key go together');
    const cache = new StudyCache(ctx.dataDir, 'lightbox-cli');
    let entries;
    try {
      entries = cache.index.auditTrail({ studyUid: values.study, action: values.action, since: values.since, limit });
    } finally {
      cache.close();
    }
    if (!values.atna) {
      if (values.json) ctx.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
      else
        for (const e of entries) {
          const party = [e.peer, e.peerAddress && `(${e.peerAddress})`].filter(Boolean).join(' ');
          ctx.stdout.write(
            `${e.at}  ${e.action.padEnd(8)} ${e.outcome.padEnd(8)} ${e.user}@${e.source}  patient ${e.patientId || '-'}  study ${e.studyUid || '-'}${e.instances ? `  ${e.instances} instance(s)` : ''}${party ? `  with ${party}` : ''}  ${e.detail}\n`,
          );
        }
      return 0;
    }
    // ATNA: oldest first, as a repository would have received them.
    const rows = [...entries].reverse();
    const source = atnaSource(ctx.env);
    if (values.out) {
      await mkdir(values.out, { recursive: true });
      for (const e of rows) await writeFile(path.join(values.out, `audit-${String(e.id).padStart(8, '0')}-${e.action}.xml`), `${atnaAuditMessage(e, source)}\n`);
      ctx.stderr.write(`${rows.length} audit message(s) written to ${values.out}\n`);
    }
    if (target) {
      const read = (file: string | undefined): Buffer | undefined => (file ? readFileSync(file) : undefined);
      const tls = { ca: read(values['tls-ca']), cert: read(values['tls-cert']), key: read(values['tls-key']) };
      await sendSyslog(target, atnaSyslogMessages(rows, source), { tls: Object.fromEntries(Object.entries(tls).filter(([, v]) => v)) });
      ctx.stderr.write(`${rows.length} audit message(s) sent to ${describeTarget(target)}\n`);
    }
    if (!values.out && !target) for (const e of rows) ctx.stdout.write(`${atnaAuditMessage(e, source)}\n`);
    return 0;
  },
};
