import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { KeyedHash } from '../../common/deidentify/replacementValues';

/**
 * One de-identification project in the data folder (`DATA_DIR/deidentify/<name>/`, owner-only):
 * its secret key, from which replacement UIDs and date offsets derive, and its pseudonym table
 * (original patient → pseudonym). Both stay local: with them, a second export of the same patient
 * gets the same pseudonym and the same UIDs; without them, neither can be recomputed.
 */
export interface DeidentifyProject {
  name: string;
  dir: string;
  hash: KeyedHash;
  pseudonymFor(patientId: string, patientName: string): string;
  /** Writes the pseudonym table if it changed (0600, replaced atomically). */
  save(): void;
}

interface PseudonymFile {
  version: 1;
  /** Original Patient ID (or `name:` + Patient's Name when there is no ID) → pseudonym. */
  pseudonyms: Record<string, string>;
}

const PROJECT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

function writeOwnerOnly(file: string, data: string | Uint8Array): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, data, { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, file);
}

export function openDeidentifyProject(dataDir: string, name = 'default'): DeidentifyProject {
  if (!PROJECT_NAME.test(name)) throw new Error(`project name "${name}": use letters, digits, '.', '_' and '-' (at most 64)`);
  const dir = path.join(dataDir, 'deidentify', name);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const keyFile = path.join(dir, 'secret.key');
  if (!existsSync(keyFile)) writeOwnerOnly(keyFile, randomBytes(32));
  const key = readFileSync(keyFile);
  if (key.length !== 32) throw new Error(`${keyFile} is not a 32-byte key`);
  const tableFile = path.join(dir, 'pseudonyms.json');
  const table: PseudonymFile = existsSync(tableFile) ? (JSON.parse(readFileSync(tableFile, 'utf8')) as PseudonymFile) : { version: 1, pseudonyms: {} };
  let dirty = false;
  const hash: KeyedHash = (message) => new Uint8Array(createHmac('sha256', key).update(message, 'utf8').digest());
  return {
    name,
    dir,
    hash,
    pseudonymFor(patientId, patientName) {
      const original = patientId || `name:${patientName}`;
      const known = table.pseudonyms[original];
      if (known) return known;
      // Derived from the key, so it is the same even if the table were lost; kept in the table so
      // that the mapping can be looked up (re-identification by whoever holds the data folder).
      const digest = Buffer.from(hash(`pseudonym:${original}`)).toString('hex').toUpperCase();
      const pseudonym = `LB-${digest.slice(0, 12)}`;
      table.pseudonyms[original] = pseudonym;
      dirty = true;
      return pseudonym;
    },
    save() {
      if (!dirty && existsSync(tableFile)) return;
      writeOwnerOnly(tableFile, `${JSON.stringify(table, null, 2)}\n`);
      dirty = false;
    },
  };
}
