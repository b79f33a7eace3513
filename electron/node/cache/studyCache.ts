import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { DicomParseError } from '../../common/dicom/dicomErrors';
import { numberValue, stringValue, Tag } from '../../common/dicom/model/dicomJsonAccess';
import { isPixelDataTag } from '../../common/dicom/parse/datasetToDicomJson';
import { parseDicom } from '../../common/dicom/parse/parseDicom';
import type { ParsedDicom } from '../../common/dicom/parse/parsedDicom';
import { tagToKey } from '../../common/dicom/dictionary/dataDictionary';
import os from 'node:os';
import { CacheIndex, type AuditAction, type AuditInput, type InstanceRecord, type StoredInstance } from './cacheIndex';
import { cachePaths, objectPathFor, type CachePaths } from './cachePaths';
import { FlushBatch } from './durableFile';
import { cacheKeyFromEnv, type CacheKey } from './cacheKey';
import { cacheKeyFor } from './cacheEncryption';
import { openStoredFile, openStoredFileSync, readStoredFileSync, type StoredFile, type StoredFileSync } from './storedFile';
import { placeStoredFile, writeStoredFileDurably } from './writeStoredFile';
import { IncomingInstance, type ReceivedFile } from './incomingInstance';
import { DamagedInstanceError, StorageError, type StoreFailure, type StoreOutcome } from './storeOutcome';
import { damageOf } from '../../common/dicom/validate/pixelDamage';
import { evictSeriesVolume } from './pixelCache';
import { annotationFile, suvOverridesFile } from './annotationStore';
import { claimAbandonedIncoming, finishedFilesIn, type Abandoned } from './incomingRecovery';
import { PlacementJournal } from './placementJournal';
import { recoverPlacements } from './recoverPlacements';
import { frameSourceOfBytes, type FrameSource } from '../imaging/frameSource';
import { rejectionNoteOf, type RejectionNote } from '../../common/results/keyObjects/rejectionNote';
import { LIGHTBOX_MANUFACTURER, resultKindOf } from '../../common/results/resultObjects';
import type { DicomJsonDataset } from '../../common/dicom/model/dicomJson';


/** An instance's index record before it has a place in the cache. */
export type PreparedRecord = Omit<InstanceRecord, 'instance'> & {
  instance: Omit<InstanceRecord['instance'], 'sha256' | 'objectPath' | 'sizeBytes'>;
  /** The known damage for the whole file's size (a record made from a head while the file still arrives is completed with it). */
  damageAt(fileSize: number): string[];
};

/** One instance to store, however its bytes arrived: how to put its file in place, and what to do with what arrived afterwards. */
interface Placement {
  record: PreparedRecord;
  sha256: string;
  sizeBytes: number;
  source: string;
  /** Puts the file at `target`, which is not there (yet, or any more); false when another writer created it meanwhile. Throws when it cannot. */
  place(target: string): boolean;
  /** Indexed, or a duplicate: what arrived is not needed any more. */
  release(): void;
}

/** Who stored what, for the audit trail: one entry per study the first time this run stores into it, in the same transaction. */
export interface StoreAudit {
  action: AuditAction;
  detail: string;
  /** Studies already audited in this run (filled in as they are). */
  studies: Set<string>;
  /** The other party (node, caller, folder imported from), its address, our AE title: see AuditEntry. */
  peer?: string;
  peerAddress?: string;
  localAe?: string;
}

export const MEDIA_STORAGE_DIRECTORY = '1.2.840.10008.1.3.10';

/** Inline binaries up to this size stay in the stored metadata; larger ones become BulkDataURIs. */
const INLINE_MAX = 4096;

/**
 * The local study cache: original files kept byte-exact under hash-derived names, indexed in
 * SQLite. A store is durable before it is indexed, and indexed before it is reported, so a crash
 * at any point loses nothing that was reported and never leaves an index row without its file.
 */
export class StudyCache {
  readonly paths: CachePaths;
  readonly index: CacheIndex;
  /** True when the cache folder cannot be written: searches and reads work, stores fail with a StorageError. */
  readonly readOnly: boolean = false;
  /** Site policy: refuse instances with known damage (`DamagedInstanceError`) instead of storing them with their damage recorded. */
  rejectDamaged = false;

  /**
   * Who and what appears in audit entries: the person (LIGHTBOX_AUDIT_USER where a site names its
   * users itself, e.g. a shared reading-room login; else the OS user), and the application part acting.
   */
  readonly auditUser = (() => {
    if (process.env.LIGHTBOX_AUDIT_USER) return process.env.LIGHTBOX_AUDIT_USER;
    try {
      return os.userInfo().username;
    } catch {
      return 'unknown';
    }
  })();

  /**
   * The encrypted cache's key (`cache/encryption.json` says the cache is encrypted): every file
   * stored is sealed with it. Undefined for an unencrypted cache.
   */
  readonly key: CacheKey | undefined;

  /** What this writer is placing or removing, for whoever opens the cache after a crash. */
  private journal!: PlacementJournal;

  /**
   * `options.key`: the key of an encrypted cache (the desktop app's, from the OS keychain); else
   * the key file named by LIGHTBOX_CACHE_KEY_FILE in `options.env` (default: this process's).
   * An encrypted cache without its key, or with another, refuses to open (CacheLockedError).
   */
  constructor(
    dataDir: string,
    readonly auditSource = 'lightbox',
    options: { key?: CacheKey; env?: NodeJS.ProcessEnv } = {},
  ) {
    const shared = cachePaths(dataDir);
    // Before anything is recovered or stored: an encrypted cache must never gain a plaintext file.
    this.key = cacheKeyFor(shared.root, () => options.key ?? cacheKeyFromEnv(options.env ?? process.env));
    let recovered: Abandoned = { ready: [], journal: [] };
    // Each open cache writes its temporary files in its own folder: the app, the CLI and the SCP
    // share a data folder, and one opening must never remove another's writes in progress.
    this.paths = { ...shared, incoming: path.join(shared.incoming, `${process.pid}-${randomBytes(4).toString('hex')}`) };
    try {
      makePrivateDirs(dataDir, shared.root, this.paths.objects, shared.incoming);
      recovered = claimAbandonedIncoming(shared.incoming, this.paths.incoming);
      this.journal = new PlacementJournal(this.paths.incoming);
    } catch (error) {
      // A read-only cache (media, a locked share, a remounted full disk) still serves what it holds.
      // (A recursive mkdir there reports ENOENT rather than EROFS.)
      const code = (error as NodeJS.ErrnoException).code;
      if (!['EROFS', 'EACCES', 'EPERM', 'ENOENT'].includes(code ?? '') || !existsSync(this.paths.index)) throw new StorageError(dataDir, error);
      this.readOnly = true;
    }
    try {
      this.index = new CacheIndex(this.paths.index, this.readOnly);
    } catch (error) {
      throw new StorageError(dataDir, error);
    }
    if (!this.readOnly) {
      recoverPlacements(this, recovered.journal);
      this.storeRecovered(recovered.ready);
    }
  }

  /** Stores files a crashed process had answered as received but not yet placed; one that cannot be stored now stays for the next opening. */
  private storeRecovered(files: string[]): void {
    for (const file of files) {
      try {
        this.store(new Uint8Array(readFileSync(file)), file);
        rmSync(file, { force: true });
      } catch (error) {
        // Its header was checked when it arrived: a parse failure now is damage, kept out of the cache.
        if (error instanceof DicomParseError) rmSync(file, { force: true });
        console.warn(`lightbox: could not store a recovered received file: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  private readonly willClose: Array<() => void> = [];

  /** Runs `listener` before the index closes: what is buffered for the audit trail is written then. */
  onWillClose(listener: () => void): void {
    this.willClose.push(listener);
  }

  close(): void {
    for (const listener of this.willClose.splice(0)) {
      try {
        listener();
      } catch (error) {
        console.warn(`lightbox: before closing the cache: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    this.index.close();
    if (this.readOnly) return;
    // Files answered as received but not stored (an index failure) stay for the next opening.
    if (finishedFilesIn(this.paths.incoming, true).length === 0) rmSync(this.paths.incoming, { recursive: true, force: true });
  }

  /** A batch for deferred flushing whose flush also forces the index's write-ahead log to disk. */
  flushBatch(): FlushBatch {
    return new FlushBatch([`${this.paths.index}-wal`]);
  }

  /**
   * Stores one DICOM file's bytes. Throws `DicomParseError` (naming `source`) for non-DICOM or
   * broken input. With `batch` (network receive), the fsyncs wait for the batch's flush: the
   * instance is stored and indexed when this returns (a crash or kill of Lightbox loses nothing),
   * and on disk, safe from a power cut too, once the batch flushed.
   */
  store(bytes: Uint8Array, source: string, batch?: FlushBatch, audit?: StoreAudit): StoreOutcome {
    const record = this.prepareRecord(bytes, source);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const [outcome] = this.placeAndIndex(
      [
        {
          record,
          sha256,
          sizeBytes: bytes.length,
          source,
          place: (target) => {
            writeStoredFileDurably(target, bytes, this.paths.incoming, this.key, batch);
            return true;
          },
          release: () => undefined,
        },
      ],
      batch,
      audit,
    );
    if (outcome instanceof Error) throw outcome;
    return outcome!;
  }

  /** A file being received: write its parts as they arrive, then `finish` (or `abort`) and `storeReceived`. */
  beginIncoming(source: string): IncomingInstance<PreparedRecord> {
    if (this.readOnly) throw new StorageError(source, Object.assign(new Error('read-only'), { code: 'EROFS' }));
    return new IncomingInstance(this, source);
  }

  /**
   * Places and indexes received files (moved, never copied), all in one index transaction. Each
   * gets its outcome, or the error that kept it out (its file then stays in the incoming folder,
   * recovered when the cache is next opened).
   */
  storeReceived(files: ReceivedFile<PreparedRecord>[], batch?: FlushBatch, audit?: StoreAudit): Array<StoreOutcome | StoreFailure> {
    return this.placeAndIndex(
      files.map((received) => ({
        ...received,
        // Linked (or sealed into a copy), not moved: the received file stays in the incoming folder
        // until the index names its copy, so that nothing answered as stored is lost if the index refuses it.
        place: (target) => placeStoredFile(received.file, target, this.paths.incoming, this.key, batch),
        release: () => rmSync(received.file, { force: true }),
      })),
      batch,
      audit,
    );
  }

  /**
   * The one store path, shared by every process that writes to the cache: an identical instance
   * already stored is a duplicate; every other one is placed under a content-derived name (durable
   * before indexed), then all are indexed in one transaction, which first checks, under the write
   * lock, that each file is still there (a writer removes a file only under that lock, and only
   * while no row names it). A replaced instance's old file goes once no row names it. What the
   * writer places or removes is journalled, so a crash in between leaves work for recovery, never
   * an orphan or a row without its file.
   */
  private placeAndIndex(items: Placement[], batch: FlushBatch | undefined, audit?: StoreAudit): Array<StoreOutcome | StoreFailure> {
    const results: Array<StoreOutcome | StoreFailure> = [];
    const placed: Array<{ index: number; item: Placement; record: InstanceRecord; target: string; created: boolean; existing?: StoredInstance }> = [];
    const thisBatch = new Map<string, StoredInstance>();
    const pending = items.map((item) => {
      const { sopUid } = item.record.instance;
      const existing = thisBatch.get(sopUid) ?? this.index.findInstance(sopUid);
      const objectPath = objectPathFor(item.record.series.uid, sopUid, item.sha256);
      thisBatch.set(sopUid, { sopUid, seriesUid: item.record.series.uid, studyUid: item.record.study.uid, sha256: item.sha256, objectPath, sizeBytes: item.sizeBytes });
      return { item, existing, objectPath };
    });
    this.journal.record(pending.map((p) => ({ op: 'place', objectPath: p.objectPath })));
    for (const [index, { item, existing, objectPath }] of pending.entries()) {
      const { record: prepared, sha256, sizeBytes, source } = item;
      const { sopUid } = prepared.instance;
      const studyUid = prepared.study.uid;
      if (existing && existing.sha256 === sha256 && existsSync(path.join(this.paths.objects, existing.objectPath))) {
        item.release();
        results.push({ status: 'duplicate', sopInstanceUid: sopUid, studyInstanceUid: studyUid });
        continue;
      }
      const damage = prepared.instance.damage ?? [];
      if (damage.length && this.rejectDamaged) {
        item.release();
        results.push(new DamagedInstanceError(source, damage));
        continue;
      }
      const target = path.join(this.paths.objects, objectPath);
      let created = false;
      try {
        // Same name, same bytes: a file already there (another writer's) is used as it is.
        if (!existsSync(target)) created = item.place(target);
      } catch (error) {
        results.push(new StorageError(source, error));
        continue;
      }
      const record = { ...prepared, instance: { ...prepared.instance, sizeBytes, sha256, objectPath } };
      placed.push({ index, item, record, target, created, ...(existing ? { existing } : {}) });
      results.push({ status: existing ? 'replaced' : 'stored', sopInstanceUid: sopUid, studyInstanceUid: studyUid, ...(damage.length ? { damage } : {}) });
    }
    const newStudies = audit ? [...new Set(placed.map((p) => p.record.study.uid))].filter((uid) => !audit.studies.has(uid)) : [];
    try {
      if (placed.length) {
        this.index.upsertInstances(
          placed.map((p) => p.record),
          batch !== undefined,
          () => {
            for (const p of placed) if (!existsSync(p.target)) p.item.place(p.target);
            for (const studyUid of newStudies) {
              const { patient, study } = placed.find((p) => p.record.study.uid === studyUid)!.record;
              const { peer, peerAddress, localAe } = audit!;
              this.index.audit({ action: audit!.action, outcome: 'success', user: this.auditUser, source: this.auditSource, patientId: patient.id, patientName: patient.name, studyUid, accession: study.accession, studyDescription: study.description, peer, peerAddress, localAe, detail: audit!.detail });
            }
          },
        );
      }
    } catch (error) {
      // Files this writer created and no row names go (best effort: under the lock the index may be refusing now);
      // what arrived over the network stays in the incoming folder, stored when the cache is next opened.
      const removed = this.removeObjectsIfUnreferenced(placed.filter((p) => p.created).map((p) => p.record.instance.objectPath), false);
      for (const p of placed) results[p.index] = new StorageError(p.item.source, error);
      // Files that could not be removed stay journalled: recovery adopts or removes them.
      if (removed) this.journal.clear();
      return results;
    }
    for (const uid of newStudies) audit!.studies.add(uid);
    for (const p of placed) p.item.release();
    const replaced = placed.filter((p) => p.existing && p.existing.objectPath !== p.record.instance.objectPath).map((p) => p.existing!.objectPath);
    this.removeObjectsIfUnreferenced(replaced, true);
    this.journal.clear();
    return results;
  }

  /**
   * Removes stored files that no index row names, under the index's write lock (so that no writer
   * commits a row for one of them meanwhile). `mustTry`: journalled first, so that a crash before
   * the removal leaves it to recovery; otherwise a failure leaves the files to recovery or verify.
   */
  removeObjectsIfUnreferenced(objectPaths: string[], mustTry: boolean): boolean {
    if (objectPaths.length === 0) return true;
    if (mustTry) this.journal.record(objectPaths.map((objectPath) => ({ op: 'remove', objectPath })));
    try {
      this.index.write(() => {
        for (const objectPath of objectPaths) if (!this.index.objectReferenced(objectPath)) this.removeObject(objectPath);
      });
      return true;
    } catch (error) {
      if (mustTry) console.warn(`lightbox: stored files left for the next opening to remove: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
  }

  /** Completes a record made while its file was still arriving (IncomingTarget). */
  completeRecord(record: PreparedRecord, fileSize: number): PreparedRecord {
    return withDamageAt(record.damageAt, { ...record, instance: { ...record.instance, damage: record.damageAt(fileSize) } });
  }

  /**
   * Parses the header and checks the instance can be stored; builds its index record. `fileSize`:
   * the whole file's when `bytes` is its head (Infinity while it is still being received).
   */
  prepareRecord(bytes: Uint8Array, source: string, fileSize?: number): PreparedRecord {
    const parsed = parseDicom(bytes, {
      source,
      headerOnly: true,
      inflateRaw: (b) => inflateRawSync(b),
      ...(fileSize !== undefined && fileSize > bytes.length ? { isPartial: true, fileSize } : {}),
      // Bulk data is referenced relative to the instance; the DICOMweb layer makes these absolute.
      bulkDataUri: (tagPath, offset, length) =>
        isPixelDataTag(tagPath[tagPath.length - 1]!) || length > INLINE_MAX
          ? `bulkdata/${tagPath.map(tagToKey).join('.')}?offset=${offset}&length=${length === 0xffffffff ? -1 : length}`
          : undefined,
    });
    const ds = parsed.dataset;
    if (this.readOnly) throw new StorageError(source, Object.assign(new Error('read-only'), { code: 'EROFS' }));
    if (stringValue(parsed.meta, '00020002') === MEDIA_STORAGE_DIRECTORY) {
      throw new DicomParseError(source, 'bad-structure', `a DICOMDIR (${MEDIA_STORAGE_DIRECTORY}) indexes media; it is not an instance to store`);
    }
    const sopUid = stringValue(ds, Tag.SOPInstanceUID) ?? stringValue(parsed.meta, '00020003');
    const studyUid = stringValue(ds, Tag.StudyInstanceUID);
    const seriesUid = stringValue(ds, Tag.SeriesInstanceUID);
    if (!sopUid || !studyUid || !seriesUid) {
      throw new DicomParseError(source, 'bad-structure', `missing ${!sopUid ? 'SOP Instance' : !studyUid ? 'Study Instance' : 'Series Instance'} UID: not a storable instance`);
    }
    const damageAt = (size: number): string[] => damageOf(parsed, size);
    return withDamageAt(damageAt, {
      patient: {
        id: stringValue(ds, Tag.PatientID) ?? '',
        issuer: stringValue(ds, Tag.IssuerOfPatientID) ?? '',
        name: stringValue(ds, Tag.PatientName) ?? '',
        birthDate: stringValue(ds, Tag.PatientBirthDate) ?? '',
        sex: stringValue(ds, Tag.PatientSex) ?? '',
      },
      study: {
        uid: studyUid,
        date: stringValue(ds, Tag.StudyDate) ?? '',
        time: stringValue(ds, Tag.StudyTime) ?? '',
        accession: stringValue(ds, Tag.AccessionNumber) ?? '',
        description: stringValue(ds, Tag.StudyDescription) ?? '',
      },
      series: {
        uid: seriesUid,
        modality: stringValue(ds, Tag.Modality) ?? '',
        number: numberValue(ds, Tag.SeriesNumber),
        description: stringValue(ds, Tag.SeriesDescription) ?? '',
        bodyPart: stringValue(ds, Tag.BodyPartExamined) ?? '',
      },
      instance: {
        sopUid,
        sopClassUid: stringValue(ds, Tag.SOPClassUID) ?? '',
        number: numberValue(ds, Tag.InstanceNumber),
        transferSyntax: parsed.transferSyntaxUid,
        frames: Math.max(1, numberValue(ds, Tag.NumberOfFrames) ?? 1),
        metadata: ds,
        damage: fileSize === Infinity ? [] : damageAt(fileSize ?? bytes.length),
        ...withFrameSource(parsed, bytes),
        ...withRejections(ds),
        ...(isForeignResult(ds) ? { answersAiRequests: true } : {}),
      },
    });
  }

  /**
   * Appends an audit entry by this cache's user and application part; the patient, accession and
   * description are looked up from the study where the entry does not give them.
   */
  audit(entry: Omit<AuditInput, 'user' | 'source' | 'patientId'> & { patientId?: string }): void {
    const subject = entry.studyUid ? this.index.auditSubject(entry.studyUid) : undefined;
    this.index.audit({ ...subject, ...entry, patientId: entry.patientId ?? subject?.patientId ?? '', user: this.auditUser, source: this.auditSource });
  }

  /** Deletes a study: its index rows first (so nothing claims a file being removed), then its files. Audited. */
  deleteStudy(studyUid: string, reason: string, action: 'delete' | 'evict' = 'delete'): number {
    const instances = this.index.instancesOfStudy(studyUid);
    // Read before the rows go: the audit row keeps who the study belonged to and what it held.
    const subject = this.index.auditSubject(studyUid);
    const sopClasses = this.index.sopClassCounts(studyUid);
    for (const series of new Set(instances.map((i) => i.seriesUid))) evictSeriesVolume(this, series);
    for (const i of instances) this.index.removeInstance(i.sopUid);
    this.removeObjectsIfUnreferenced(instances.map((i) => i.objectPath), true);
    // A deleted study's measurements go with it (they name its images); an evicted one keeps them:
    // eviction only makes room, and the reader's work must be there when the study comes back.
    if (action === 'delete') {
      rmSync(annotationFile(this.paths, studyUid), { force: true });
      rmSync(suvOverridesFile(this.paths, studyUid), { force: true });
    }
    this.journal.clear();
    this.index.audit({ ...subject, action, outcome: 'success', user: this.auditUser, source: this.auditSource, patientId: subject?.patientId ?? '', studyUid, instances: instances.length, sopClasses, detail: `${instances.length} instances: ${reason}` });
    return instances.length;
  }

  /** Deletes a stored file (callers make sure no index row names it: see `removeObjectsIfUnreferenced`). */
  removeObject(objectPath: string): void {
    rmSync(path.join(this.paths.objects, objectPath), { force: true });
  }

  /** The stored file of an instance (byte-exact original), deciphered when the cache is encrypted. */
  readObject(objectPath: string, name = objectPath): Uint8Array {
    return readStoredFileSync(path.join(this.paths.objects, objectPath), this.key, name);
  }

  /** A stored file to read at offsets (see StoredFile); `name` says which in errors (an instance, never a local path in answers). */
  openObject(objectPath: string, name = objectPath): Promise<StoredFile> {
    return openStoredFile(path.join(this.paths.objects, objectPath), this.key, name);
  }

  openObjectSync(objectPath: string, name = objectPath): StoredFileSync {
    return openStoredFileSync(path.join(this.paths.objects, objectPath), this.key, name);
  }
}

/**
 * Attaches `damageAt` as a method that is not part of the record's data (not enumerable: records
 * are compared and copied as data; a copy no longer needs it once its damage is known).
 */
function withDamageAt(damageAt: (fileSize: number) => string[], record: Omit<PreparedRecord, 'damageAt'>): PreparedRecord {
  return Object.defineProperty(record, 'damageAt', { value: damageAt, enumerable: false }) as PreparedRecord;
}

/** The frame source when the parsed bytes hold what it needs (every fragment's first bytes). */
/** A result object (report, segmentation, structure set …) that Lightbox did not make. */
function isForeignResult(ds: DicomJsonDataset): boolean {
  const kind = resultKindOf(stringValue(ds, Tag.SOPClassUID) ?? '');
  return kind !== undefined && kind !== 'rejection' && stringValue(ds, '00080070') !== LIGHTBOX_MANUFACTURER;
}

/** An IOCM rejection note names what it rejects: the index hides those from every query. */
function withRejections(ds: DicomJsonDataset): { rejects?: RejectionNote } {
  const note = rejectionNoteOf(ds);
  return note ? { rejects: note } : {};
}

function withFrameSource(parsed: ParsedDicom, bytes: Uint8Array): { frameSource?: FrameSource } {
  const frameSource = frameSourceOfBytes(parsed, bytes);
  return frameSource ? { frameSource } : {};
}

/**
 * The data folder and the cache's folders, readable by their owner only whatever the umask: they
 * hold every patient's images. A data folder chosen by the user is tightened too (it is ours).
 */
function makePrivateDirs(...dirs: string[]): void {
  for (const dir of dirs) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
  }
}
