/** Schema migrations, applied in order; `PRAGMA user_version` records how many ran. */
export const MIGRATIONS: string[] = [
  `CREATE TABLE patients (
     id INTEGER PRIMARY KEY,
     patient_id TEXT NOT NULL,
     issuer TEXT NOT NULL DEFAULT '',
     name TEXT NOT NULL DEFAULT '',
     name_folded TEXT NOT NULL DEFAULT '',
     birth_date TEXT NOT NULL DEFAULT '',
     sex TEXT NOT NULL DEFAULT '',
     UNIQUE (patient_id, issuer));
   CREATE INDEX patients_name ON patients(name_folded);
   CREATE TABLE studies (
     id INTEGER PRIMARY KEY,
     study_uid TEXT NOT NULL UNIQUE,
     patient_ref INTEGER NOT NULL REFERENCES patients(id),
     study_date TEXT NOT NULL DEFAULT '',
     study_time TEXT NOT NULL DEFAULT '',
     accession TEXT NOT NULL DEFAULT '',
     description TEXT NOT NULL DEFAULT '',
     modalities TEXT NOT NULL DEFAULT '\\',
     pinned INTEGER NOT NULL DEFAULT 0);
   CREATE INDEX studies_patient ON studies(patient_ref);
   CREATE INDEX studies_date ON studies(study_date);
   CREATE INDEX studies_accession ON studies(accession);
   CREATE TABLE series (
     id INTEGER PRIMARY KEY,
     series_uid TEXT NOT NULL UNIQUE,
     study_ref INTEGER NOT NULL REFERENCES studies(id),
     modality TEXT NOT NULL DEFAULT '',
     series_number INTEGER,
     description TEXT NOT NULL DEFAULT '',
     body_part TEXT NOT NULL DEFAULT '');
   CREATE INDEX series_study ON series(study_ref);
   CREATE TABLE instances (
     id INTEGER PRIMARY KEY,
     sop_uid TEXT NOT NULL UNIQUE,
     series_ref INTEGER NOT NULL REFERENCES series(id),
     sop_class_uid TEXT NOT NULL DEFAULT '',
     instance_number INTEGER,
     transfer_syntax TEXT NOT NULL,
     frames INTEGER NOT NULL DEFAULT 1,
     size_bytes INTEGER NOT NULL,
     sha256 TEXT NOT NULL,
     object_path TEXT NOT NULL,
     metadata TEXT NOT NULL,
     stored_at TEXT NOT NULL);
   CREATE INDEX instances_series ON instances(series_ref);`,
  // v2: the audit trail (IHE ATNA-style: who did what to which study, when, from where).
  `CREATE TABLE audit (
     id INTEGER PRIMARY KEY,
     at TEXT NOT NULL,
     action TEXT NOT NULL,
     outcome TEXT NOT NULL,
     user TEXT NOT NULL,
     source TEXT NOT NULL,
     patient_id TEXT NOT NULL DEFAULT '',
     study_uid TEXT NOT NULL DEFAULT '',
     detail TEXT NOT NULL DEFAULT '');
   CREATE INDEX audit_at ON audit(at);
   CREATE INDEX audit_study ON audit(study_uid);`,
  // v3: what the cache policy needs: when a study was last opened, and the decode-once blocks by use.
  `ALTER TABLE studies ADD COLUMN last_used TEXT NOT NULL DEFAULT '';
   CREATE TABLE pixel_blocks (series_uid TEXT PRIMARY KEY, bytes INTEGER NOT NULL, last_used TEXT NOT NULL);`,
  // v4: the outbox: instances to send to remote nodes, kept until the node confirmed each.
  `CREATE TABLE outbox (
     id INTEGER PRIMARY KEY,
     node TEXT NOT NULL,
     sop_uid TEXT NOT NULL,
     state TEXT NOT NULL DEFAULT 'queued',
     attempts INTEGER NOT NULL DEFAULT 0,
     next_attempt_at INTEGER NOT NULL DEFAULT 0,
     last_error TEXT NOT NULL DEFAULT '',
     created_at TEXT NOT NULL,
     sent_at TEXT NOT NULL DEFAULT '',
     claimed_by INTEGER NOT NULL DEFAULT 0,
     UNIQUE (node, sop_uid));
   CREATE INDEX outbox_due ON outbox(state, next_attempt_at);`,
  // v5: where each frame is in the file (imaging/frameSource.ts), worked out once from the header:
  // a frame request reads the frame's bytes and parses nothing. NULL: not worked out yet.
  `ALTER TABLE instances ADD COLUMN frame_source TEXT;`,
  // v6: a stored file may be removed only while no row names it (StudyCache.removeObjectIfUnreferenced).
  // Known damage of a stored instance (common/dicom/validate/pixelDamage.ts), one message per line; '' when none.
  `CREATE INDEX instances_object_path ON instances(object_path);
   ALTER TABLE instances ADD COLUMN damage TEXT NOT NULL DEFAULT '';`,
  // v7: outbox claims are leases (owner token + expiry, renewed while a drain works) instead of a
  // process id that a zombie or a reused id kept "alive"; in_doubt: the node may hold it, ask before
  // re-sending; the study, for the audit trail. Items a v4 drain left 'sending' have lease 0: expired.
  `ALTER TABLE outbox ADD COLUMN lease_owner TEXT NOT NULL DEFAULT '';
   ALTER TABLE outbox ADD COLUMN lease_until INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE outbox ADD COLUMN in_doubt INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE outbox ADD COLUMN study_uid TEXT NOT NULL DEFAULT '';
   UPDATE outbox SET in_doubt = 1 WHERE state = 'sending';
   UPDATE outbox SET study_uid = coalesce((SELECT st.study_uid FROM instances i JOIN series se ON se.id = i.series_ref JOIN studies st ON st.id = se.study_ref
     WHERE i.sop_uid = outbox.sop_uid), '');
   CREATE INDEX outbox_node_study ON outbox(node, study_uid);`,
  // v8: the audit trail says with whom and how much (PS3.15 A.5.3 messages need it, and a deleted
  // study's patient and accession must still be readable there): the patient's name, the study's
  // accession and description, the other party and its address, our AE title, instances per SOP
  // class (JSON), and the outcome as EventOutcomeIndicator (NULL in older rows: derived from outcome).
  `ALTER TABLE audit ADD COLUMN outcome_code INTEGER;
   ALTER TABLE audit ADD COLUMN patient_name TEXT NOT NULL DEFAULT '';
   ALTER TABLE audit ADD COLUMN accession TEXT NOT NULL DEFAULT '';
   ALTER TABLE audit ADD COLUMN study_description TEXT NOT NULL DEFAULT '';
   ALTER TABLE audit ADD COLUMN peer TEXT NOT NULL DEFAULT '';
   ALTER TABLE audit ADD COLUMN peer_address TEXT NOT NULL DEFAULT '';
   ALTER TABLE audit ADD COLUMN local_ae TEXT NOT NULL DEFAULT '';
   ALTER TABLE audit ADD COLUMN instances INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE audit ADD COLUMN sop_classes TEXT NOT NULL DEFAULT '';`,
  // v9: IHE IOCM: instances a rejection note (a Key Object Selection titled Rejected for Quality
  // Reasons, …) rejects. Kept by SOP Instance UID, not as a flag on the instance: the note may
  // arrive before the instances it rejects, and those must stay hidden when they come.
  `CREATE TABLE rejections (
     sop_uid TEXT PRIMARY KEY,
     note_sop_uid TEXT NOT NULL,
     reason_code TEXT NOT NULL,
     reason TEXT NOT NULL,
     at TEXT NOT NULL);
   CREATE INDEX rejections_note ON rejections(note_sop_uid);`,
  // v10: studies sent to AI service nodes: pending until a result object for the study, made by
  // someone else, is stored after the request (by any path: SCP, STOW-RS, import, retrieve).
  `CREATE TABLE ai_requests (
     id INTEGER PRIMARY KEY,
     node TEXT NOT NULL,
     study_uid TEXT NOT NULL,
     requested_at TEXT NOT NULL,
     answered_at TEXT NOT NULL DEFAULT '',
     answered_by TEXT NOT NULL DEFAULT '');
   CREATE INDEX ai_requests_study ON ai_requests(study_uid);`,
  // v11: the reader's reading status of a study (unread / in-progress / read; no row: unread), kept
  // by Study Instance UID like rejections: it outlives an eviction and a re-retrieve of the study.
  // Who set it and when, for the study browser; every change is also an audit row ('status').
  `CREATE TABLE reading_status (
     study_uid TEXT PRIMARY KEY,
     status TEXT NOT NULL,
     changed_at TEXT NOT NULL,
     changed_by TEXT NOT NULL);
   CREATE INDEX reading_status_status ON reading_status(status);`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;
