import Database from 'better-sqlite3';
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import type { AiRequest, ReadingStatus, StudyReadingStatus, StudySearchQuery, StudySummary } from '../../common/contract/hostContract';
import { foldText, studySearchWhere } from './studySearchSql';
import type { DicomJsonDataset } from '../../common/dicom/model/dicomJson';
import type { FrameSource } from '../imaging/frameSource';
import { MIGRATIONS, SCHEMA_VERSION } from './cacheIndexSchema';
import type { RejectionNote } from '../../common/results/keyObjects/rejectionNote';
import { RESULT_SOP_CLASSES } from '../../common/results/resultObjects';
import { defaultOutcomeCode, type AuditEntry, type AuditInput, type AuditOutcomeCode } from '../../common/audit/auditEntry';

/**
 * better-sqlite3 is a native module built for one ABI: Node's in a checkout, Electron's in the
 * packaged app (electron-builder rebuilds it). `npm start` launching Electron from a checkout
 * builds an Electron copy beside (build/electronNative.mjs) and names it here.
 */
function nativeBinding(): { nativeBinding?: string } {
  const binding = process.env.LIGHTBOX_SQLITE_BINDING;
  return binding && process.versions.electron ? { nativeBinding: binding } : {};
}


// The audit trail's types live in common/ (the ATNA message writer reads them there).
export type { AuditAction, AuditEntry, AuditInput } from '../../common/audit/auditEntry';


/** How long a writer waits for another process's write transaction before giving up. */
export const BUSY_TIMEOUT_MS = 20_000;

/**
 * The instances a query, retrieve or hanging may show: not rejected by an IOCM rejection note
 * (IHE RAD TF-2 4.66: rejected instances are not returned). Stored files and rows stay: verify,
 * eviction and deletion still see them, and a rejected instance that arrives later stays hidden.
 */
const VISIBLE = 'NOT EXISTS (SELECT 1 FROM rejections r WHERE r.sop_uid = i.sop_uid)';

/** What ingest records for one stored instance (the file is already durable when this is written). */
export interface InstanceRecord {
  patient: { id: string; issuer: string; name: string; birthDate: string; sex: string };
  study: { uid: string; date: string; time: string; accession: string; description: string };
  series: { uid: string; modality: string; number?: number; description: string; bodyPart: string };
  instance: {
    sopUid: string;
    sopClassUid: string;
    number?: number;
    transferSyntax: string;
    frames: number;
    sizeBytes: number;
    sha256: string;
    objectPath: string;
    metadata: DicomJsonDataset;
    /** Where its frames are in the file; absent when the header did not say (then worked out on first use). */
    frameSource?: FrameSource;
    /** Known damage, each problem named (stored anyway unless the site refuses damaged instances). */
    damage?: string[];
    /** When the instance is an IOCM rejection note: the instances it rejects, and why. */
    rejects?: RejectionNote;
    /** A result object (SR, SEG …) made by another system: it answers pending AI requests for its study. */
    answersAiRequests?: boolean;
  };
}

/** An instance as the imaging side reads it: its file, header and frame source. */
export interface CachedInstanceRow {
  objectPath: string;
  /** The stored header, parsed when asked for: a volume slice's decode never needs it. */
  metadata(): DicomJsonDataset;
  transferSyntax: string;
  frameSource?: FrameSource;
}

export interface StoredInstance {
  sopUid: string;
  seriesUid: string;
  studyUid: string;
  sha256: string;
  objectPath: string;
  sizeBytes: number;
}

/** Case- and accent-insensitive form used for name search (the search's query building lives in studySearchSql.ts). */
export { foldText };

/**
 * The local cache's SQLite index (better-sqlite3, WAL): patients, studies, series, instances,
 * with each instance's header as DICOM JSON so that metadata never needs the files.
 */
export class CacheIndex {
  readonly db: Database.Database;

  constructor(file: string, readOnly = false) {
    if (readOnly) {
      this.db = new Database(file, { readonly: true, fileMustExist: true, ...nativeBinding() });
      return;
    }
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    // Every patient's name and IDs: owner-only whatever the umask. SQLite gives its -wal and -shm
    // files the mode of the database file, so creating that one right covers all three.
    closeSync(openSync(file, 'a', 0o600));
    chmodSync(file, 0o600);
    this.db = new Database(file, nativeBinding());
    // The app's host, CLI imports, the SCP and retrieves write to one index at once: a writer waits
    // its turn (bounded), instead of failing with SQLITE_BUSY.
    this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    this.db.pragma('journal_mode = WAL');
    // FULL: a transaction reported committed survives power loss too, not only a process crash.
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.migrate();
  }

  private readonly statements = new Map<string, Database.Statement>();

  /** A prepared statement, compiled once: ingest runs the same few statements per instance. */
  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /**
   * Runs `fn` in a write transaction that takes the write lock when it begins (BEGIN IMMEDIATE).
   * A deferred transaction that reads and then writes fails with SQLITE_BUSY_SNAPSHOT when another
   * process committed in between, and no wait helps it; an immediate one waits its turn.
   */
  write<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  private migrate(): void {
    // Several processes may open a new or older index at once: each migration step re-reads the
    // version under the write lock, so exactly one of them applies it.
    for (;;) {
      const done = this.write(() => {
        const current = this.db.pragma('user_version', { simple: true }) as number;
        if (current > SCHEMA_VERSION) throw new Error(`cache index schema ${current} is newer than this Lightbox (${SCHEMA_VERSION})`);
        if (current === SCHEMA_VERSION) return true;
        this.db.exec(MIGRATIONS[current]!);
        this.db.pragma(`user_version = ${current + 1}`);
        return false;
      });
      if (done) return;
    }
  }

  close(): void {
    // Leave a self-contained database file (no -wal/-shm), so that a read-only copy or mount of
    // the cache can still be opened; the next writer switches back to WAL.
    if (!this.db.readonly) {
      try {
        // Only possible when no other process has the index open: do not wait for that.
        this.db.pragma('busy_timeout = 0');
        this.db.pragma('journal_mode = DELETE');
      } catch {
        // busy or read-only: the WAL stays, which is still consistent
      }
    }
    this.db.close();
  }

  findInstance(sopUid: string): StoredInstance | undefined {
    return this
      .statement(
        `SELECT i.sop_uid sopUid, se.series_uid seriesUid, st.study_uid studyUid, i.sha256, i.object_path objectPath, i.size_bytes sizeBytes
         FROM instances i JOIN series se ON se.id = i.series_ref JOIN studies st ON st.id = se.study_ref WHERE i.sop_uid = ?`,
      )
      .get(sopUid) as StoredInstance | undefined;
  }

  /**
   * Inserts or replaces instances and the patient/study/series rows above them, in one
   * transaction. `deferSync`: commit without waiting for the disk (WAL, synchronous NORMAL); the
   * caller flushes the WAL later.
   */
  upsertInstances(records: InstanceRecord[], deferSync = false, underLock?: () => void): void {
    if (deferSync) this.db.pragma('synchronous = NORMAL');
    try {
      this.write(() => {
        underLock?.();
        for (const r of records) this.upsertOne(r);
      });
    } finally {
      if (deferSync) this.db.pragma('synchronous = FULL');
    }
  }

  upsertInstance(r: InstanceRecord, deferSync = false): void {
    this.upsertInstances([r], deferSync);
  }

  /** The series row last written with its patient and study: a series arrives instance by instance with the same parents. */
  private lastParents: { key: string; seriesRef: number } | undefined;

  private seriesRefFor(r: InstanceRecord): number {
    const key = JSON.stringify([r.patient, r.study, r.series]);
    if (this.lastParents?.key === key) {
      // Still there (another process may have deleted the study since): then nothing above it changed.
      const row = this.statement('SELECT 1 FROM series WHERE id = ? AND series_uid = ?').get(this.lastParents.seriesRef, r.series.uid);
      if (row) return this.lastParents.seriesRef;
    }
    this.statement(
      `INSERT INTO patients (patient_id, issuer, name, name_folded, birth_date, sex) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (patient_id, issuer) DO UPDATE SET name = excluded.name, name_folded = excluded.name_folded, birth_date = excluded.birth_date, sex = excluded.sex`,
    ).run(r.patient.id, r.patient.issuer, r.patient.name, foldText(r.patient.name), r.patient.birthDate, r.patient.sex);
    const patientRef = (this.statement('SELECT id FROM patients WHERE patient_id = ? AND issuer = ?').get(r.patient.id, r.patient.issuer) as { id: number }).id;
    this.statement(
      `INSERT INTO studies (study_uid, patient_ref, study_date, study_time, accession, description) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (study_uid) DO UPDATE SET patient_ref = excluded.patient_ref, study_date = excluded.study_date, study_time = excluded.study_time,
         accession = excluded.accession, description = excluded.description`,
    ).run(r.study.uid, patientRef, r.study.date, r.study.time, r.study.accession, r.study.description);
    const study = this.statement('SELECT id, modalities FROM studies WHERE study_uid = ?').get(r.study.uid) as { id: number; modalities: string };
    if (r.series.modality && !study.modalities.includes(`\\${r.series.modality}\\`)) {
      this.statement('UPDATE studies SET modalities = ? WHERE id = ?').run(`${study.modalities}${r.series.modality}\\`, study.id);
    }
    this.statement(
      `INSERT INTO series (series_uid, study_ref, modality, series_number, description, body_part) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (series_uid) DO UPDATE SET study_ref = excluded.study_ref, modality = excluded.modality, series_number = excluded.series_number,
         description = excluded.description, body_part = excluded.body_part`,
    ).run(r.series.uid, study.id, r.series.modality, r.series.number ?? null, r.series.description, r.series.bodyPart);
    const seriesRef = (this.statement('SELECT id FROM series WHERE series_uid = ?').get(r.series.uid) as { id: number }).id;
    this.lastParents = { key, seriesRef };
    return seriesRef;
  }

  private upsertOne(r: InstanceRecord): void {
    const seriesRef = this.seriesRefFor(r);
    const i = r.instance;
    this.statement(
      `INSERT INTO instances (sop_uid, series_ref, sop_class_uid, instance_number, transfer_syntax, frames, size_bytes, sha256, object_path, metadata, stored_at, frame_source, damage)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (sop_uid) DO UPDATE SET series_ref = excluded.series_ref, sop_class_uid = excluded.sop_class_uid, instance_number = excluded.instance_number,
         transfer_syntax = excluded.transfer_syntax, frames = excluded.frames, size_bytes = excluded.size_bytes, sha256 = excluded.sha256,
         object_path = excluded.object_path, metadata = excluded.metadata, stored_at = excluded.stored_at, frame_source = excluded.frame_source,
         damage = excluded.damage`,
    ).run(
      i.sopUid,
      seriesRef,
      i.sopClassUid,
      i.number ?? null,
      i.transferSyntax,
      i.frames,
      i.sizeBytes,
      i.sha256,
      i.objectPath,
      JSON.stringify(i.metadata),
      new Date().toISOString(),
      i.frameSource ? JSON.stringify(i.frameSource) : null,
      (i.damage ?? []).join('\n'),
    );
    if (i.answersAiRequests) {
      this.statement(`UPDATE ai_requests SET answered_at = ?, answered_by = ? WHERE study_uid = ? AND answered_at = ''`).run(new Date().toISOString(), i.sopUid, r.study.uid);
    }
    if (i.rejects) {
      const insert = this.statement('INSERT OR IGNORE INTO rejections (sop_uid, note_sop_uid, reason_code, reason, at) VALUES (?, ?, ?, ?, ?)');
      const at = new Date().toISOString();
      for (const sop of i.rejects.rejectedSopInstanceUids) insert.run(sop, i.sopUid, i.rejects.reasonCode, i.rejects.reason, at);
    }
  }

  /** Records that a study was sent to an AI service node (answered by the next foreign result stored for it). */
  recordAiRequest(node: string, studyUid: string): void {
    this.write(() => this.statement('INSERT INTO ai_requests (node, study_uid, requested_at) VALUES (?, ?, ?)').run(node, studyUid, new Date().toISOString()));
  }

  /** A study's requests to AI services, oldest first. */
  aiRequests(studyUid: string): AiRequest[] {
    const rows = this.statement('SELECT node, requested_at requestedAt, answered_at answeredAt, answered_by answeredBy FROM ai_requests WHERE study_uid = ? ORDER BY id').all(studyUid) as Array<{ node: string; requestedAt: string; answeredAt: string; answeredBy: string }>;
    return rows.map((r) => (r.answeredAt ? { node: r.node, requestedAt: r.requestedAt, state: 'answered', answeredAt: r.answeredAt, answeredBy: r.answeredBy } : { node: r.node, requestedAt: r.requestedAt, state: 'pending' }));
  }

  /** Instances rejected by IOCM rejection notes, optionally of one study (by the note's study). */
  rejectedInstances(studyUid?: string): Array<{ sopUid: string; noteSopUid: string; reasonCode: string; reason: string }> {
    return this.statement(
      `SELECT r.sop_uid sopUid, r.note_sop_uid noteSopUid, r.reason_code reasonCode, r.reason FROM rejections r
         WHERE ? IS NULL OR r.note_sop_uid IN (SELECT i.sop_uid FROM instances i JOIN series se ON se.id = i.series_ref JOIN studies st ON st.id = se.study_ref WHERE st.study_uid = ?)
         ORDER BY r.sop_uid`,
    ).all(studyUid ?? null, studyUid ?? null) as Array<{ sopUid: string; noteSopUid: string; reasonCode: string; reason: string }>;
  }

  /** Adds problems found later (verify: a frame that does not decode) to an instance's known damage. */
  recordDamage(sopUid: string, problems: string[]): void {
    this.write(() => {
      const row = this.statement('SELECT damage FROM instances WHERE sop_uid = ?').get(sopUid) as { damage: string } | undefined;
      if (!row) return;
      const damage = [...new Set([...(row.damage ? row.damage.split('\n') : []), ...problems])];
      this.statement('UPDATE instances SET damage = ? WHERE sop_uid = ?').run(damage.join('\n'), sopUid);
    });
  }

  /** Instances stored with known damage, and what it is. */
  damagedInstances(): Array<{ sopUid: string; objectPath: string; damage: string[] }> {
    return (this.statement(`SELECT sop_uid sopUid, object_path objectPath, damage FROM instances WHERE damage != ''`).all() as Array<{ sopUid: string; objectPath: string; damage: string }>).map((r) => ({
      ...r,
      damage: r.damage.split('\n'),
    }));
  }

  /** The study list: studies with a visible instance matching the query (studySearchSql.ts), newest first. */
  searchStudies(query: StudySearchQuery): StudySummary[] {
    const { where, args } = studySearchWhere(query);
    const sql = `SELECT s.study_uid studyInstanceUid, p.name patientName, p.patient_id patientId, s.accession accessionNumber, s.study_date studyDate,
        s.description studyDescription, s.modalities, s.pinned, coalesce(rs.status, 'unread') readingStatus,
        (SELECT count(DISTINCT se.id) FROM series se JOIN instances i ON i.series_ref = se.id WHERE se.study_ref = s.id AND ${VISIBLE}) seriesCount,
        (SELECT count(*) FROM series se JOIN instances i ON i.series_ref = se.id WHERE se.study_ref = s.id AND ${VISIBLE}) instanceCount,
        (SELECT coalesce(sum(i.size_bytes), 0) FROM series se JOIN instances i ON i.series_ref = se.id WHERE se.study_ref = s.id) sizeBytes
      FROM studies s JOIN patients p ON p.id = s.patient_ref LEFT JOIN ${this.readingStatusTable()} rs ON rs.study_uid = s.study_uid
      WHERE EXISTS (SELECT 1 FROM series se JOIN instances i ON i.series_ref = se.id WHERE se.study_ref = s.id AND ${VISIBLE})
      ${where.length ? `AND ${where.join(' AND ')}` : ''}
      ORDER BY s.study_date DESC, s.study_time DESC LIMIT ?`;
    args.push(query.limit ?? 1000);
    const rows = this.db.prepare(sql).all(...args) as Array<Omit<StudySummary, 'modalities' | 'pinned'> & { modalities: string; pinned: number; readingStatus: ReadingStatus }>;
    return rows.map((r) => ({ ...r, modalities: r.modalities.split('\\').filter(Boolean), pinned: r.pinned === 1 }));
  }

  /**
   * The reading status table, or an empty stand-in in an index opened read-only (media, a locked
   * share) that an older Lightbox wrote before it had one: its studies list as unread.
   */
  private readingStatusTable(): string {
    const exists = this.statement(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'reading_status'`).get() !== undefined;
    return exists ? 'reading_status' : `(SELECT '' study_uid, 'unread' status WHERE 0)`;
  }

  /** A study's reading status and who set it when (no row: unread, never set). */
  readingStatus(studyUid: string): StudyReadingStatus {
    if (this.readingStatusTable() !== 'reading_status') return { studyInstanceUid: studyUid, status: 'unread', changedAt: '', changedBy: '' };
    const row = this.statement('SELECT status, changed_at changedAt, changed_by changedBy FROM reading_status WHERE study_uid = ?').get(studyUid) as Omit<StudyReadingStatus, 'studyInstanceUid'> | undefined;
    return { studyInstanceUid: studyUid, ...(row ?? { status: 'unread', changedAt: '', changedBy: '' }) };
  }

  /** Records a reading status (the caller audits it, in the same transaction). */
  setReadingStatus(studyUid: string, status: ReadingStatus, changedBy: string, changedAt = new Date().toISOString()): StudyReadingStatus {
    this.statement(
      `INSERT INTO reading_status (study_uid, status, changed_at, changed_by) VALUES (?, ?, ?, ?)
       ON CONFLICT (study_uid) DO UPDATE SET status = excluded.status, changed_at = excluded.changed_at, changed_by = excluded.changed_by`,
    ).run(studyUid, status, changedAt, changedBy);
    return { studyInstanceUid: studyUid, status, changedAt, changedBy };
  }

  /** Headers of every instance of a study (from the index: no file is read). */
  studyMetadata(studyUid: string): DicomJsonDataset[] | undefined {
    const rows = this.db
      .prepare(
        `SELECT i.metadata FROM instances i JOIN series se ON se.id = i.series_ref JOIN studies st ON st.id = se.study_ref
         WHERE st.study_uid = ? AND ${VISIBLE} ORDER BY se.series_number, i.instance_number`,
      )
      .all(studyUid) as Array<{ metadata: string }>;
    return rows.length ? rows.map((r) => JSON.parse(r.metadata) as DicomJsonDataset) : undefined;
  }

  /**
   * Headers of a study's result objects only (reports, key objects, presentation states, SEG,
   * RTSTRUCT …), chosen by SOP class in SQL: listing them at study open parses no image header.
   */
  resultMetadata(studyUid: string): DicomJsonDataset[] {
    const like = RESULT_SOP_CLASSES.prefixes.map(() => 'i.sop_class_uid LIKE ?').join(' OR ');
    const exact = RESULT_SOP_CLASSES.exact.map(() => '?').join(', ');
    const rows = this.statement(
      `SELECT i.metadata FROM instances i JOIN series se ON se.id = i.series_ref JOIN studies st ON st.id = se.study_ref
         WHERE st.study_uid = ? AND ${VISIBLE} AND (${like} OR i.sop_class_uid IN (${exact})) ORDER BY se.series_number, i.instance_number`,
    ).all(studyUid, ...RESULT_SOP_CLASSES.prefixes.map((p) => `${p}%`), ...RESULT_SOP_CLASSES.exact) as Array<{ metadata: string }>;
    return rows.map((r) => JSON.parse(r.metadata) as DicomJsonDataset);
  }

  /**
   * Headers of a study's (or one series') instances as the index holds them, JSON text, with
   * the UIDs that make their bulk data references absolute; undefined: no such study (series).
   */
  metadataRows(studyUid: string, seriesUid?: string): Array<{ seriesUid: string; sopUid: string; metadata: string }> | undefined {
    const rows = this.statement(
      `SELECT se.series_uid seriesUid, i.sop_uid sopUid, i.metadata FROM instances i JOIN series se ON se.id = i.series_ref JOIN studies st ON st.id = se.study_ref
         WHERE st.study_uid = ? AND (? IS NULL OR se.series_uid = ?) AND ${VISIBLE} ORDER BY se.series_number, i.instance_number`,
    ).all(studyUid, seriesUid ?? null, seriesUid ?? null) as Array<{ seriesUid: string; sopUid: string; metadata: string }>;
    return rows.length ? rows : undefined;
  }

  /** Series of a study with their instance counts and first instance's header (undefined: no such study). */
  seriesOfStudy(studyUid: string): Array<{ seriesUid: string; instances: number; first: DicomJsonDataset }> | undefined {
    const rows = this.db
      .prepare(
        `SELECT se.series_uid seriesUid, count(i.id) instances,
           (SELECT i.metadata FROM instances i WHERE i.series_ref = se.id AND ${VISIBLE} ORDER BY i.instance_number LIMIT 1) first
         FROM series se JOIN studies st ON st.id = se.study_ref JOIN instances i ON i.series_ref = se.id
         WHERE st.study_uid = ? AND ${VISIBLE} GROUP BY se.id ORDER BY se.series_number`,
      )
      .all(studyUid) as Array<{ seriesUid: string; instances: number; first: string }>;
    return rows.length ? rows.map((r) => ({ ...r, first: JSON.parse(r.first) as DicomJsonDataset })) : undefined;
  }

  /** Headers of a series' instances, in instance-number order (undefined: no such series in that study). */
  instancesOfSeries(studyUid: string, seriesUid: string): DicomJsonDataset[] | undefined {
    const rows = this.db
      .prepare(
        `SELECT i.metadata FROM instances i JOIN series se ON se.id = i.series_ref JOIN studies st ON st.id = se.study_ref
         WHERE st.study_uid = ? AND se.series_uid = ? AND ${VISIBLE} ORDER BY i.instance_number`,
      )
      .all(studyUid, seriesUid) as Array<{ metadata: string }>;
    return rows.length ? rows.map((r) => JSON.parse(r.metadata) as DicomJsonDataset) : undefined;
  }

  /** The SOP Instance UID of a series' middle instance in instance-number order (its thumbnail), without reading headers. */
  middleInstanceOfSeries(studyUid: string, seriesUid: string): string | undefined {
    const from = `FROM instances i JOIN series se ON se.id = i.series_ref JOIN studies st ON st.id = se.study_ref WHERE st.study_uid = ? AND se.series_uid = ? AND ${VISIBLE}`;
    const { n } = this.statement(`SELECT count(*) n ${from}`).get(studyUid, seriesUid) as { n: number };
    if (n === 0) return undefined;
    return (this.statement(`SELECT i.sop_uid sop ${from} ORDER BY i.instance_number LIMIT 1 OFFSET ?`).get(studyUid, seriesUid, Math.floor(n / 2)) as { sop: string }).sop;
  }

  patientOfStudy(studyUid: string): string | undefined {
    return (
      this.db.prepare('SELECT p.patient_id id FROM studies s JOIN patients p ON p.id = s.patient_ref WHERE s.study_uid = ?').get(studyUid) as { id: string } | undefined
    )?.id;
  }

  studyByAccession(accession: string): string | undefined {
    return (this.db.prepare('SELECT study_uid FROM studies WHERE accession = ? LIMIT 1').get(accession) as { study_uid: string } | undefined)?.study_uid;
  }

  instanceObject(studyUid: string, seriesUid: string, sopUid: string): CachedInstanceRow | undefined {
    const row = this.statement(
      `SELECT i.object_path objectPath, i.metadata, i.transfer_syntax transferSyntax, i.frame_source frameSource FROM instances i JOIN series se ON se.id = i.series_ref
         JOIN studies st ON st.id = se.study_ref WHERE st.study_uid = ? AND se.series_uid = ? AND i.sop_uid = ? AND ${VISIBLE}`,
    ).get(studyUid, seriesUid, sopUid) as { objectPath: string; metadata: string; transferSyntax: string; frameSource: string | null } | undefined;
    if (!row) return undefined;
    return {
      objectPath: row.objectPath,
      transferSyntax: row.transferSyntax,
      metadata: () => JSON.parse(row.metadata) as DicomJsonDataset,
      ...(row.frameSource ? { frameSource: JSON.parse(row.frameSource) as FrameSource } : {}),
    };
  }

  /** Records where an instance's frames are (worked out on its first use, for instances indexed before v5). */
  setFrameSource(sopUid: string, source: FrameSource): void {
    this.statement('UPDATE instances SET frame_source = ? WHERE sop_uid = ?').run(JSON.stringify(source), sopUid);
  }

  /** Whether the cache holds any instance of the study (answers without reading a header). */
  hasStudy(studyUid: string): boolean {
    return this.statement(
      `SELECT 1 FROM studies st JOIN series se ON se.study_ref = st.id JOIN instances i ON i.series_ref = se.id WHERE st.study_uid = ? AND ${VISIBLE} LIMIT 1`,
    ).get(studyUid) !== undefined;
  }

  counts(): { patients: number; studies: number; series: number; instances: number; bytes: number } {
    const one = (sql: string): number => (this.db.prepare(sql).get() as { n: number }).n;
    return {
      patients: one('SELECT count(*) n FROM patients'),
      studies: one('SELECT count(*) n FROM studies'),
      series: one('SELECT count(*) n FROM series'),
      instances: one('SELECT count(*) n FROM instances'),
      bytes: one('SELECT coalesce(sum(size_bytes), 0) n FROM instances'),
    };
  }

  markStudyUsed(studyUid: string): void {
    this.db.prepare('UPDATE studies SET last_used = ? WHERE study_uid = ?').run(new Date().toISOString(), studyUid);
  }

  setPinned(studyUid: string, pinned: boolean): boolean {
    return this.db.prepare('UPDATE studies SET pinned = ? WHERE study_uid = ?').run(pinned ? 1 : 0, studyUid).changes === 1;
  }

  recordPixelBlock(seriesUid: string, bytes: number): void {
    this.db
      .prepare('INSERT INTO pixel_blocks (series_uid, bytes, last_used) VALUES (?, ?, ?) ON CONFLICT (series_uid) DO UPDATE SET bytes = excluded.bytes, last_used = excluded.last_used')
      .run(seriesUid, bytes, new Date().toISOString());
  }

  forgetPixelBlock(seriesUid: string): void {
    this.db.prepare('DELETE FROM pixel_blocks WHERE series_uid = ?').run(seriesUid);
  }

  /** Pixel blocks, least recently used first. */
  pixelBlocksByAge(): Array<{ seriesUid: string; bytes: number }> {
    return this.db.prepare('SELECT series_uid seriesUid, bytes FROM pixel_blocks ORDER BY last_used').all() as Array<{ seriesUid: string; bytes: number }>;
  }

  /** Unpinned studies, least recently used (opened, else stored) first, with their size. */
  evictableStudies(): Array<{ studyUid: string; bytes: number; used: string }> {
    return this.db
      .prepare(
        `SELECT s.study_uid studyUid, coalesce(sum(i.size_bytes), 0) bytes,
           CASE WHEN s.last_used != '' THEN s.last_used ELSE max(i.stored_at) END used
         FROM studies s JOIN series se ON se.study_ref = s.id JOIN instances i ON i.series_ref = se.id
         WHERE s.pinned = 0 GROUP BY s.id ORDER BY used`,
      )
      .all() as Array<{ studyUid: string; bytes: number; used: string }>;
  }

  /** The stored instances of a study (to delete it). */
  instancesOfStudy(studyUid: string): StoredInstance[] {
    return this.allInstances().filter((i) => i.studyUid === studyUid);
  }

  pixelBlockBytes(): number {
    return (this.db.prepare('SELECT coalesce(sum(bytes), 0) n FROM pixel_blocks').get() as { n: number }).n;
  }

  /** Appends to the audit trail (never updated or deleted by the application). */
  audit(entry: AuditInput & { at?: string }): void {
    this.statement(
      `INSERT INTO audit (at, action, outcome, outcome_code, user, source, patient_id, patient_name, study_uid, accession, study_description, peer, peer_address, local_ae, instances, sop_classes, detail)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      entry.at ?? new Date().toISOString(),
      entry.action,
      entry.outcome,
      entry.outcomeCode ?? defaultOutcomeCode(entry.outcome),
      entry.user,
      entry.source,
      entry.patientId,
      entry.patientName ?? '',
      entry.studyUid,
      entry.accession ?? '',
      entry.studyDescription ?? '',
      entry.peer ?? '',
      entry.peerAddress ?? '',
      entry.localAe ?? '',
      entry.instances ?? 0,
      entry.sopClasses && Object.keys(entry.sopClasses).length ? JSON.stringify(entry.sopClasses) : '',
      entry.detail,
    );
  }

  /** Audit rows, newest first (`afterId`: only rows written after that one). */
  auditTrail(filter: { studyUid?: string; action?: string; since?: string; afterId?: number; limit?: number } = {}): AuditEntry[] {
    const where: string[] = [];
    const args: unknown[] = [];
    const add = (clause: string, value: unknown): void => {
      where.push(clause);
      args.push(value);
    };
    if (filter.studyUid) add('study_uid = ?', filter.studyUid);
    if (filter.action) add('action = ?', filter.action);
    if (filter.since) add('at >= ?', filter.since);
    if (filter.afterId !== undefined) add('id > ?', filter.afterId);
    args.push(filter.limit ?? 1000);
    const rows = this.db
      .prepare(
        `SELECT id, at, action, outcome, outcome_code outcomeCode, user, source, patient_id patientId, patient_name patientName, study_uid studyUid,
           accession, study_description studyDescription, peer, peer_address peerAddress, local_ae localAe, instances, sop_classes sopClasses, detail
         FROM audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`,
      )
      .all(...args) as Array<Omit<AuditEntry, 'outcomeCode' | 'sopClasses'> & { outcomeCode: AuditOutcomeCode | null; sopClasses: string }>;
    return rows.map((r) => ({ ...r, outcomeCode: r.outcomeCode ?? defaultOutcomeCode(r.outcome), sopClasses: r.sopClasses ? (JSON.parse(r.sopClasses) as Record<string, number>) : {} }));
  }

  /** What an audit row says of a study beyond its UID (read before a deletion removes it). */
  auditSubject(studyUid: string): { patientId: string; patientName: string; accession: string; studyDescription: string } | undefined {
    return this.statement(
      `SELECT p.patient_id patientId, p.name patientName, s.accession, s.description studyDescription FROM studies s JOIN patients p ON p.id = s.patient_ref WHERE s.study_uid = ?`,
    ).get(studyUid) as { patientId: string; patientName: string; accession: string; studyDescription: string } | undefined;
  }

  /**
   * Instances per SOP Class UID of a study, for the audit trail; with `only`, just the instances
   * named and those of the series named (what a coalesced WADO window read).
   */
  sopClassCounts(studyUid: string, only?: { sopUids: Set<string>; seriesUids: Set<string> }): Record<string, number> {
    const rows = this.statement(
      `SELECT i.sop_uid sopUid, i.sop_class_uid sopClassUid, se.series_uid seriesUid FROM instances i JOIN series se ON se.id = i.series_ref JOIN studies st ON st.id = se.study_ref WHERE st.study_uid = ?`,
    ).all(studyUid) as Array<{ sopUid: string; sopClassUid: string; seriesUid: string }>;
    const counts: Record<string, number> = {};
    for (const r of rows) {
      if (only && !only.sopUids.has(r.sopUid) && !only.seriesUids.has(r.seriesUid)) continue;
      const key = r.sopClassUid;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
  }

  /** Instances per SOP Class UID among these SOP Instance UIDs (those in the cache). */
  sopClassesOf(sopUids: Iterable<string>): Record<string, number> {
    const statement = this.statement('SELECT sop_class_uid c FROM instances WHERE sop_uid = ?');
    const counts: Record<string, number> = {};
    for (const sop of sopUids) {
      const row = statement.get(sop) as { c: string } | undefined;
      if (row) counts[row.c] = (counts[row.c] ?? 0) + 1;
    }
    return counts;
  }

  /** Removes an instance row (and series/studies/patients left empty). */
  removeInstance(sopUid: string): void {
    this.write(() => {
      this.db.prepare('DELETE FROM instances WHERE sop_uid = ?').run(sopUid);
      this.db.exec(`DELETE FROM series WHERE id NOT IN (SELECT DISTINCT series_ref FROM instances);
        DELETE FROM studies WHERE id NOT IN (SELECT DISTINCT study_ref FROM series);
        DELETE FROM patients WHERE id NOT IN (SELECT DISTINCT patient_ref FROM studies);`);
    });
  }

  /** Whether any instance row names this stored file. */
  objectReferenced(objectPath: string): boolean {
    return this.statement('SELECT 1 FROM instances WHERE object_path = ? LIMIT 1').get(objectPath) !== undefined;
  }

  /** Every stored instance (for verification). */
  allInstances(): StoredInstance[] {
    return this.db
      .prepare(
        `SELECT i.sop_uid sopUid, se.series_uid seriesUid, st.study_uid studyUid, i.sha256, i.object_path objectPath, i.size_bytes sizeBytes
         FROM instances i JOIN series se ON se.id = i.series_ref JOIN studies st ON st.id = se.study_ref`,
      )
      .all() as StoredInstance[];
  }
}
