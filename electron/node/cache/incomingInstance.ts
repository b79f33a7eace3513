import { createHash, randomBytes, type Hash } from 'node:crypto';
import { closeSync, openSync, renameSync, rmSync, writeSync, writevSync } from 'node:fs';
import path from 'node:path';
import { NeedMoreBytes } from '../../common/dicom/parse/parseDicom';
import { StorageError } from './storeOutcome';

/** A received file, complete on disk and its header checked, waiting to be placed and indexed. */
export interface ReceivedFile<Record = unknown> {
  record: Record;
  sha256: string;
  sizeBytes: number;
  /** In the incoming folder, named `*.ready`: a crash before it is placed leaves it to be recovered. */
  file: string;
  source: string;
}

/** What an incoming instance is checked against (the study cache). */
export interface IncomingTarget<Record> {
  paths: { incoming: string };
  /**
   * Parses a head of the file into its index record (`fileSize`: the whole file's, Infinity while
   * it still arrives); throws `NeedMoreBytes` when the head is too short.
   */
  prepareRecord(head: Uint8Array, source: string, fileSize?: number): Record;
}

/** Bytes gathered before a write: small, so that writing overlaps with the rest still arriving. */
const WRITE_BATCH = 128 * 1024;
/** How much of the head is parsed first; headers are almost always far smaller. */
const FIRST_HEAD = 64 * 1024;

/**
 * Temporary names: a random tag per process and a counter (the incoming folder is already this
 * process's own). One `randomBytes` call per instance was a getrandom syscall each, ~60 µs.
 */
const NAME_TAG = randomBytes(6).toString('hex');
let nameCounter = 0;

/** Marks a finished file in the incoming folder (see `ReceivedFile.file`). */
export const READY_SUFFIX = '.ready';

/**
 * An instance being received over the network: each part is written to a temporary file and
 * hashed as it arrives, and the header is parsed as soon as it is in (while the pixel data still
 * arrive), so that when the last part lands only a short write, a close and a rename remain
 * before the sender can be answered. The parts are kept (not copied) for the header parse.
 *
 * Measured on 2 cores (`dimse-receive-vs-storescp`): writing in the thread pool and hashing on a
 * worker thread were slower, not faster — the sender and the protocol already keep both cores
 * busy, and the extra threads only add a second read of every file and contention.
 */
export class IncomingInstance<Record> {
  private readonly tmp: string;
  private fd: number | undefined;
  private readonly hash: Hash = createHash('sha256');
  private readonly parts: Uint8Array[] = [];
  private length = 0;
  /** Parts already written, their bytes, and bytes waiting to be. */
  private written = 0;
  private writtenBytes = 0;
  private pending = 0;
  private record: Record | undefined;
  /** The head length at which the header is next tried; Infinity once only the whole file will do. */
  private parseAt = FIRST_HEAD;

  constructor(
    private readonly target: IncomingTarget<Record>,
    readonly source: string,
  ) {
    this.tmp = path.join(target.paths.incoming, `${NAME_TAG}-${(nameCounter++).toString(36)}.part`);
    try {
      this.fd = openSync(this.tmp, 'wx');
    } catch (error) {
      throw new StorageError(source, error);
    }
  }

  write(part: Uint8Array): void {
    if (this.fd === undefined) return;
    this.hash.update(part);
    this.parts.push(part);
    this.length += part.length;
    this.pending += part.length;
    // Written while the rest arrives (the SCU waits for our answer after the last byte), a few network chunks per syscall.
    if (this.pending >= WRITE_BATCH) this.writePending();
    if (this.record === undefined && this.length >= this.parseAt) this.tryHeader();
  }

  /** Parses the header from what has arrived; an error other than "need more" waits for the end (the whole file decides). */
  private tryHeader(): void {
    try {
      this.record = this.target.prepareRecord(this.head(this.length), this.source, Infinity);
    } catch (error) {
      // Encapsulated pixel data are only complete at the end; otherwise try a longer head.
      this.parseAt = error instanceof NeedMoreBytes && !/encapsulated|deflated/.test(error.message) ? this.length * 4 : Infinity;
    }
  }

  private writePending(): void {
    if (this.fd === undefined || this.pending === 0) return;
    try {
      writeAllSync(this.fd, this.parts.slice(this.written), this.writtenBytes, 0);
    } catch (error) {
      this.abort();
      throw new StorageError(this.source, error);
    }
    this.written = this.parts.length;
    this.writtenBytes += this.pending;
    this.pending = 0;
  }

  /** Completes the file and checks its header; on any failure nothing of it stays behind. */
  finish(): ReceivedFile<Record> {
    if (this.fd === undefined) throw new StorageError(this.source, new Error('the incoming file was abandoned'));
    try {
      this.writePending();
      closeSync(this.fd);
      this.fd = undefined;
      const record = this.record ?? this.wholeHeader();
      const file = this.tmp.slice(0, -'.part'.length) + READY_SUFFIX;
      renameSync(this.tmp, file);
      return { record, sha256: this.hash.digest('hex'), sizeBytes: this.length, file, source: this.source };
    } catch (error) {
      this.abort();
      throw error;
    }
  }

  /** The header from the complete file: heads of growing length until one holds it. */
  private wholeHeader(): Record {
    for (let headLength = Math.min(FIRST_HEAD, this.length); ; headLength = Math.min(headLength * 4, this.length)) {
      try {
        return this.target.prepareRecord(this.head(headLength), this.source, this.length);
      } catch (error) {
        if (!(error instanceof NeedMoreBytes) || headLength >= this.length) throw error;
      }
    }
  }

  abort(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    rmSync(this.tmp, { force: true });
  }

  private head(length: number): Uint8Array {
    if (this.parts.length > 0 && this.parts[0]!.length >= length) return this.parts[0]!.subarray(0, length);
    const out = new Uint8Array(length);
    let at = 0;
    for (const part of this.parts) {
      if (at >= length) break;
      const take = Math.min(part.length, length - at);
      out.set(part.subarray(0, take), at);
      at += take;
    }
    return out;
  }
}

/** Writes `parts` at `position`, skipping the first `skip` bytes already written, however short each write. */
function writeAllSync(fd: number, parts: Uint8Array[], position: number, skip: number): void {
  if (skip === 0 && parts.length > 0) {
    skip = writevSync(fd, parts, position);
  }
  let at = position;
  for (const part of parts) {
    if (skip >= part.length) {
      skip -= part.length;
      at += part.length;
      continue;
    }
    let done = skip;
    skip = 0;
    while (done < part.length) done += writeSync(fd, part, done, part.length - done, at + done);
    at += part.length;
  }
}
