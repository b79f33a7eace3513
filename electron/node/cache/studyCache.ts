import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { DicomParseError } from '../../common/dicom/dicomErrors';
import { numberValue, stringValue, Tag } from '../../common/dicom/model/dicomJsonAccess';
import { isPixelDataTag } from '../../common/dicom/parse/datasetToDicomJson';
import { parseDicom } from '../../common/dicom/parse/parseDicom';
import type { ParsedDicom } from '../../common/dicom/parse/parsedDicom';
import { tagToKey } from '../../common/dicom/dictionary/dataDictionary';
import os from 'node:os';
import { CacheIndex, type AuditAction, type InstanceRecord, type StoredInstance } from './cacheIndex';
import { cachePaths, objectPathFor, type CachePaths } from './cachePaths';
import { FlushBatch, moveFileInto, writeFileDurably } from './durableFile';
import { IncomingInstance, type ReceivedFile } from './incomingInstance';
import { StorageError, type StoreOutcome } from './storeOutcome';
import { evictSeriesVolume } from './pixelCache';
import { claimAbandonedIncoming, finishedFilesIn } from './incomingRecovery';
import { frameSourceOfBytes, type FrameSource } from '../imaging/frameSource';


/** An instance's index record before it has a place in the cache. */
export type PreparedRecord = Omit<InstanceRecord, 'instance'> & { instance: Omit<InstanceRecord['instance'], 'sha256' | 'objectPath' | 'sizeBytes'> };

/** One instance to store, however its bytes arrived: how to put its file in place, drop it, or take it back. */
interface Placement {
  record: PreparedRecord;
  sha256: string;
  sizeBytes: number;
  source: string;
  place(target: string): void;
  /** A duplicate: what arrived is not needed. */
  discard(): void;
  /** The index refused it: undo `place`. */
  unplace(target: string, existing: StoredInstance | undefined): void;
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
    const record = this.prepareRecord(bytes, source);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const [outcome] = this.placeAndIndex(
      [
        {
          record,
          sha256,
          sizeBytes: bytes.length,
          source,
          place: (target) => writeFileDurably(target, bytes, this.paths.incoming, batch),
          discard: () => undefined,
          // A file written over an older one at the same path stays (its row is the old one's);
          // a new file without its row must not stay behind.
          unplace: (target, existing) => {
            if (existing?.objectPath !== path.relative(this.paths.objects, target)) rmSync(target, { force: true });
          },
        },
      ],
      batch,
    );
    if (outcome instanceof StorageError) throw outcome;
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
  storeReceived(files: ReceivedFile<PreparedRecord>[], batch?: FlushBatch): Array<StoreOutcome | StorageError> {
    return this.placeAndIndex(
      files.map((received) => ({
        ...received,
        place: (target) => moveFileInto(received.file, target, batch),
        discard: () => rmSync(received.file, { force: true }),
        // Not indexed: back to the incoming folder, so that nothing answered as stored is lost.
        unplace: (target) => renameSync(target, received.file),
      })),
      batch,
    );
  }

  /**
   * The one store path: an identical instance already stored is a duplicate; every other one is
   * placed (durable before indexed), then all are indexed in one transaction; if the index cannot
   * record them, each placement is undone. An instance replaced by one filed elsewhere loses its
   * old file once the index no longer names it.
   */
  private placeAndIndex(items: Placement[], batch: FlushBatch | undefined): Array<StoreOutcome | StorageError> {
    const results: Array<StoreOutcome | StorageError> = [];
    const placed: Array<{ index: number; item: Placement; record: InstanceRecord; target: string; existing?: StoredInstance }> = [];
    const thisBatch = new Map<string, StoredInstance>();
    for (const [index, item] of items.entries()) {
      const { record: prepared, sha256, sizeBytes, source } = item;
      const { sopUid } = prepared.instance;
      const studyUid = prepared.study.uid;
      const existing = thisBatch.get(sopUid) ?? this.index.findInstance(sopUid);
      if (existing && existing.sha256 === sha256 && existsSync(path.join(this.paths.objects, existing.objectPath))) {
        item.discard();
        results.push({ status: 'duplicate', sopInstanceUid: sopUid, studyInstanceUid: studyUid });
        continue;
      }
      const objectPath = objectPathFor(prepared.series.uid, sopUid);
      const target = path.join(this.paths.objects, objectPath);
      try {
        item.place(target);
      } catch (error) {
        results.push(new StorageError(source, error));
        continue;
      }
      const record = { ...prepared, instance: { ...prepared.instance, sizeBytes, sha256, objectPath } };
      thisBatch.set(sopUid, { sopUid, seriesUid: prepared.series.uid, studyUid, sha256, objectPath, sizeBytes });
      placed.push({ index, item, record, target, ...(existing ? { existing } : {}) });
      results.push({ status: existing ? 'replaced' : 'stored', sopInstanceUid: sopUid, studyInstanceUid: studyUid });
    }
    try {
      if (placed.length) this.index.upsertInstances(placed.map((p) => p.record), batch !== undefined);
    } catch (error) {
      for (const p of placed) {
        p.item.unplace(p.target, p.existing);
        results[p.index] = new StorageError(p.item.source, error);
      }
      return results;
    }
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
        ...withFrameSource(parsed, bytes),
      },
    };
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

/** The frame source when the parsed bytes hold what it needs (every fragment's first bytes). */
function withFrameSource(parsed: ParsedDicom, bytes: Uint8Array): { frameSource?: FrameSource } {
  const frameSource = frameSourceOfBytes(parsed, bytes);
  return frameSource ? { frameSource } : {};
}
