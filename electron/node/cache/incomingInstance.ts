import { createHash, randomBytes, type Hash } from 'node:crypto';
import { closeSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
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
  /** The record once the whole file is in (`fileSize` known): what only the end shows, such as pixel data cut short. */
  completeRecord?(record: Record, fileSize: number): Record;
}

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
 * arrive), so that when the last part lands only a close and a rename remain before the sender
 * can be answered. Parts are views of the socket's reused read buffer: written at once, never
 * kept; only the head is copied until the header has been parsed.
 *
 * Measured on 2 cores (`dimse-receive-vs-storescp`): writing in the thread pool and hashing on a
 * worker thread were slower, not faster — the sender and the protocol already keep both cores
 * busy, and the extra threads only add a second read of every file and contention.
 */
export class IncomingInstance<Record> {
  private readonly tmp: string;
  private fd: number | undefined;
  private readonly hash: Hash = createHash('sha256');
  private length = 0;
  /** The first bytes, copied, while the header is still to be parsed from them. */
  private headBytes: Uint8Array | undefined;
  private headFilled = 0;
  private record: Record | undefined;
  /** The head length at which the header is next tried; Infinity once only the whole file will do. */
  private parseAt = FIRST_HEAD;

  constructor(
    private readonly target: IncomingTarget<Record>,
    readonly source: string,
  ) {
    this.tmp = path.join(target.paths.incoming, `${NAME_TAG}-${(nameCounter++).toString(36)}.part`);
    try {
      // Read too: a header that only the whole file holds is read back from it.
      this.fd = openSync(this.tmp, 'wx+', 0o600);
    } catch (error) {
      throw new StorageError(source, error);
    }
  }

  /** One part as it arrives (a view the caller may overwrite once this returns). */
  write(part: Uint8Array): void {
    if (this.fd === undefined) return;
    this.hash.update(part);
    if (this.record === undefined && this.parseAt !== Infinity) this.keepHead(part);
    try {
      writeAllSync(this.fd, part, this.length);
    } catch (error) {
      this.abort();
      throw new StorageError(this.source, error);
    }
    this.length += part.length;
    if (this.record === undefined && this.length >= this.parseAt) this.tryHeader(this.fd);
  }

  /** Copies the part's bytes that continue the head, up to the length the header is next tried at. */
  private keepHead(part: Uint8Array): void {
    if (this.headFilled !== this.length || this.length >= this.parseAt) return;
    if (!this.headBytes || this.headBytes.length < this.parseAt) {
      const grown = new Uint8Array(this.parseAt);
      if (this.headBytes) grown.set(this.headBytes.subarray(0, this.headFilled));
      this.headBytes = grown;
    }
    const take = Math.min(part.length, this.parseAt - this.length);
    this.headBytes.set(part.subarray(0, take), this.length);
    this.headFilled += take;
  }

  /** Parses the header from the head; an error other than "need more" waits for the end (the whole file decides). */
  private tryHeader(fd: number): void {
    // A head that had to grow past what was kept (a part longer than it arrived) is read back.
    const head = this.headFilled >= this.parseAt ? this.headBytes!.subarray(0, this.parseAt) : readHead(fd, this.parseAt, this.source);
    try {
      this.record = this.target.prepareRecord(head, this.source, Infinity);
      this.headBytes = undefined;
    } catch (error) {
      // Encapsulated pixel data are only complete at the end; otherwise try a longer head.
      this.parseAt = error instanceof NeedMoreBytes && !/encapsulated|deflated/.test(error.message) ? this.parseAt * 4 : Infinity;
      if (this.parseAt === Infinity) this.headBytes = undefined;
    }
  }

  /** Completes the file and checks its header; on any failure nothing of it stays behind. */
  finish(): ReceivedFile<Record> {
    if (this.fd === undefined) throw new StorageError(this.source, new Error('the incoming file was abandoned'));
    try {
      const parsed = this.record ?? this.wholeHeader(this.fd);
      const record = this.target.completeRecord ? this.target.completeRecord(parsed, this.length) : parsed;
      this.headBytes = undefined;
      closeSync(this.fd);
      this.fd = undefined;
      const file = this.tmp.slice(0, -'.part'.length) + READY_SUFFIX;
      renameSync(this.tmp, file);
      return { record, sha256: this.hash.digest('hex'), sizeBytes: this.length, file, source: this.source };
    } catch (error) {
      this.abort();
      throw error;
    }
  }

  /** The header from the complete file: heads of growing length, read back from it, until one holds it. */
  private wholeHeader(fd: number): Record {
    for (let headLength = Math.min(FIRST_HEAD, this.length); ; headLength = Math.min(headLength * 4, this.length)) {
      try {
        return this.target.prepareRecord(readHead(fd, headLength, this.source), this.source, this.length);
      } catch (error) {
        if (!(error instanceof NeedMoreBytes) || headLength >= this.length) throw error;
      }
    }
  }

  abort(): void {
    this.headBytes = undefined;
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    rmSync(this.tmp, { force: true });
  }
}

/** The first `length` bytes of the file being written. */
function readHead(fd: number, length: number, source: string): Uint8Array {
  const head = new Uint8Array(length);
  let read = 0;
  while (read < length) {
    const n = readSync(fd, head, read, length - read, read);
    if (n === 0) throw new StorageError(source, new Error(`the incoming file ended at ${read} of ${length} bytes`));
    read += n;
  }
  return head;
}

/** Writes all of `bytes` at `position`, however short each write. */
function writeAllSync(fd: number, bytes: Uint8Array, position: number): void {
  let done = 0;
  while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done, position + done);
}
