import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { DicomParseError } from '../../common/dicom/dicomErrors';
import { numberValue, stringValue, Tag } from '../../common/dicom/model/dicomJsonAccess';
import { isPixelDataTag } from '../../common/dicom/parse/datasetToDicomJson';
import { parseDicom } from '../../common/dicom/parse/parseDicom';
import { tagToKey } from '../../common/dicom/dictionary/dataDictionary';
import os from 'node:os';
import { CacheIndex, type AuditAction, type InstanceRecord, type StoredInstance } from './cacheIndex';
import { cachePaths, objectPathFor, type CachePaths } from './cachePaths';
import { FlushBatch, moveFileInto, writeFileDurably } from './durableFile';
import { IncomingInstance, type ReceivedFile } from './incomingInstance';
import { StorageError, type StoreOutcome } from './storeOutcome';
import { evictSeriesVolume } from './pixelCache';
import { claimAbandonedIncoming, finishedFilesIn } from './incomingRecovery';


/** An instance's index record before it has a place in the cache. */
export type PreparedRecord = Omit<InstanceRecord, 'instance'> & { instance: Omit<InstanceRecord['instance'], 'sha256' | 'objectPath' | 'sizeBytes'> };

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

  /** Who and what appears in audit entries: the OS user, and the application part acting. */
  private readonly auditUser = (() => {
    try {
      return os.userInfo().username;
    } catch {
      return 'unknown';
    }
  })();

  constructor(
    dataDir: string,
    readonly auditSource = 'lightbox',
  ) {
    const shared = cachePaths(dataDir);
    let recovered: string[] = [];
    // Each open cache writes its temporary files in its own folder: the app, the CLI and the SCP
    // share a data folder, and one opening must never remove another's writes in progress.
    this.paths = { ...shared, incoming: path.join(shared.incoming, `${process.pid}-${randomBytes(4).toString('hex')}`) };
    try {
      mkdirSync(this.paths.objects, { recursive: true });
      mkdirSync(shared.incoming, { recursive: true });
      recovered = claimAbandonedIncoming(shared.incoming, this.paths.incoming);
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
    this.storeRecovered(recovered);
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

  close(): void {
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
  store(bytes: Uint8Array, source: string, batch?: FlushBatch): StoreOutcome {
    const prepared = this.prepareRecord(bytes, source);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    return this.commit(prepared, sha256, bytes.length, source, batch, (target) => writeFileDurably(target, bytes, this.paths.incoming, batch));
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
  storeReceived(files: ReceivedFile<PreparedRecord>[], batch?: FlushBatch): Array<StoreOutcome | StorageError> {
    const results: Array<StoreOutcome | StorageError> = [];
    const placed: Array<{ index: number; record: InstanceRecord; target: string; existing?: StoredInstance }> = [];
    const thisBatch = new Map<string, StoredInstance>();
    for (const [index, received] of files.entries()) {
      const { record: prepared, sha256, sizeBytes, source } = received;
      const { sopUid } = prepared.instance;
      const studyUid = prepared.study.uid;
      const existing = thisBatch.get(sopUid) ?? this.index.findInstance(sopUid);
      if (existing && existing.sha256 === sha256 && existsSync(path.join(this.paths.objects, existing.objectPath))) {
        rmSync(received.file, { force: true });
        results.push({ status: 'duplicate', sopInstanceUid: sopUid, studyInstanceUid: studyUid });
        continue;
      }
      const objectPath = objectPathFor(prepared.series.uid, sopUid);
      const target = path.join(this.paths.objects, objectPath);
      try {
        moveFileInto(received.file, target, batch);
      } catch (error) {
        results.push(new StorageError(source, error));
        continue;
      }
      const record = { ...prepared, instance: { ...prepared.instance, sizeBytes, sha256, objectPath } };
      thisBatch.set(sopUid, { sopUid, seriesUid: prepared.series.uid, studyUid, sha256, objectPath, sizeBytes });
      placed.push({ index, record, target, ...(existing ? { existing } : {}) });
      results.push({ status: existing ? 'replaced' : 'stored', sopInstanceUid: sopUid, studyInstanceUid: studyUid });
    }
    try {
      if (placed.length) this.index.upsertInstances(placed.map((p) => p.record), batch !== undefined);
    } catch (error) {
      // Not indexed: back to the incoming folder, so that nothing answered as stored is lost.
      for (const p of placed) {
        renameSync(p.target, files[p.index]!.file);
        results[p.index] = new StorageError(files[p.index]!.source, error);
      }
      return results;
    }
    // Replaced by one filed elsewhere (another series, an earlier layout): the old file has no row now.
    for (const p of placed) if (p.existing && p.existing.objectPath !== p.record.instance.objectPath) this.removeObject(p.existing.objectPath);
    return results;
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
    return {
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
      },
    };
  }

  /** Places the file (durable before indexed) and indexes it; an identical instance already stored is a duplicate. */
  private commit(
    prepared: PreparedRecord,
    sha256: string,
    sizeBytes: number,
    source: string,
    batch: FlushBatch | undefined,
    place: (target: string) => void,
  ): StoreOutcome {
    const { sopUid } = prepared.instance;
    const studyUid = prepared.study.uid;
    const existing = this.index.findInstance(sopUid);
    if (existing && existing.sha256 === sha256 && existsSync(path.join(this.paths.objects, existing.objectPath))) {
      return { status: 'duplicate', sopInstanceUid: sopUid, studyInstanceUid: studyUid };
    }
    const objectPath = objectPathFor(prepared.series.uid, sopUid);
    const target = path.join(this.paths.objects, objectPath);
    try {
      place(target);
    } catch (error) {
      throw new StorageError(source, error);
    }
    try {
      this.index.upsertInstance({ ...prepared, instance: { ...prepared.instance, sizeBytes, sha256, objectPath } }, batch !== undefined);
    } catch (error) {
      // The index could not record it (disk full, read-only): a new file must not stay behind unindexed.
      if (!existing || existing.objectPath !== objectPath) rmSync(target, { force: true });
      throw new StorageError(source, error);
    }
    // Replaced by one filed elsewhere (another series, an earlier layout): the old file has no row now.
    if (existing && existing.objectPath !== objectPath) this.removeObject(existing.objectPath);
    return { status: existing ? 'replaced' : 'stored', sopInstanceUid: sopUid, studyInstanceUid: studyUid };
  }

  /** Appends an audit entry; the patient is looked up from the study. */
  audit(entry: { action: AuditAction; outcome: string; studyUid: string; detail: string }): void {
    const patientId = entry.studyUid ? (this.index.patientOfStudy(entry.studyUid) ?? '') : '';
    this.index.audit({ ...entry, patientId, user: this.auditUser, source: this.auditSource });
  }

  /** Deletes a study: its index rows first (so nothing claims a file being removed), then its files. Audited. */
  deleteStudy(studyUid: string, reason: string): number {
    const instances = this.index.instancesOfStudy(studyUid);
    const patientId = this.index.patientOfStudy(studyUid) ?? '';
    for (const series of new Set(instances.map((i) => i.seriesUid))) evictSeriesVolume(this, series);
    for (const i of instances) this.index.removeInstance(i.sopUid);
    for (const i of instances) this.removeObject(i.objectPath);
    this.index.audit({ action: 'delete', outcome: 'success', user: this.auditUser, source: this.auditSource, patientId, studyUid, detail: `${instances.length} instances: ${reason}` });
    return instances.length;
  }

  /** Deletes a stored file that no index row names (verify's repair). */
  removeObject(objectPath: string): void {
    rmSync(path.join(this.paths.objects, objectPath), { force: true });
  }

  /** The stored file of an instance (byte-exact original). */
  readObject(objectPath: string): Uint8Array {
    return new Uint8Array(readFileSync(path.join(this.paths.objects, objectPath)));
  }
}
