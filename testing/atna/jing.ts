import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** DICOM PS3.15 A.5.1's schema, transcribed (see its header). */
export const AUDIT_SCHEMA = path.join(import.meta.dirname, 'dicomAuditMessage.rnc');

export const JING = process.env.LIGHTBOX_JING ?? '/usr/bin/jing';

export function jingAvailable(): boolean {
  return existsSync(JING);
}

/**
 * Validates XML files against the audit schema with jing (compact syntax). Resolves when every
 * file is valid; rejects with jing's report (which it prints on stdout, one `file:line:col: error`
 * per problem) otherwise.
 */
export function validateAuditMessages(files: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(JING, ['-c', AUDIT_SCHEMA, ...files], { maxBuffer: 1 << 24 }, (error, stdout, stderr) => {
      if (!error) resolve();
      // Debian's wrapper warns about optional jars on stderr: the report is stdout.
      else reject(new Error(`jing: ${stdout.trim() || stderr.trim() || error.message}`));
    });
  });
}
