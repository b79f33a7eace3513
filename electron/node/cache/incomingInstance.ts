import { createHash, randomBytes, type Hash } from 'node:crypto';
import { closeSync, openSync, rmSync, writeSync, writevSync } from 'node:fs';
import path from 'node:path';
import { NeedMoreBytes } from '../../common/dicom/parse/parseDicom';
import type { FlushBatch } from './durableFile';
import { StorageError, type StoreOutcome } from './storeOutcome';

/** What an incoming instance is stored into (the study cache). */
export interface IncomingTarget {
  paths: { incoming: string };
  storeWritten(head: Uint8Array, totalLength: number, sha256: string, tmpFile: string, source: string, batch?: FlushBatch): StoreOutcome;
}

/** Bytes gathered before a write: small, so that writing overlaps with the rest still arriving. */
const WRITE_BATCH = 128 * 1024;
/** How much of the head is parsed first; headers are almost always far smaller. */
const FIRST_HEAD = 64 * 1024;

/**
 * An instance being received over the network: each part is written to a temporary file and
 * hashed as it arrives, so that when the last part lands only the header parse, the rename and
 * the index row remain. The parts are kept (not copied) for the header parse.
 */
export class IncomingInstance {
  private readonly tmp: string;
  private fd: number | undefined;
  private readonly hash: Hash = createHash('sha256');
  private readonly parts: Uint8Array[] = [];
  private length = 0;
  /** Parts already written, and bytes waiting to be. */
  private written = 0;
  private pending = 0;

  constructor(
    private readonly cache: IncomingTarget,
    readonly source: string,
    private readonly batch?: FlushBatch,
  ) {
    this.tmp = path.join(cache.paths.incoming, `${randomBytes(12).toString('hex')}.part`);
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
  }

  private writePending(): void {
    if (this.fd === undefined || this.pending === 0) return;
    const parts = this.parts.slice(this.written);
    try {
      // A short write (rare: signals, full disks) continues part by part.
      let skip = writevSync(this.fd, parts);
      for (const part of parts) {
        if (skip >= part.length) {
          skip -= part.length;
          continue;
        }
        while (skip < part.length) skip += writeSync(this.fd, part, skip, part.length - skip);
        skip = 0;
      }
    } catch (error) {
      this.abort();
      throw new StorageError(this.source, error);
    }
    this.written = this.parts.length;
    this.pending = 0;
  }

  /** Parses, places and indexes the instance; on any failure nothing of it stays behind. */
  finish(): StoreOutcome {
    if (this.fd === undefined) throw new StorageError(this.source, new Error('the incoming file was abandoned'));
    this.writePending();
    closeSync(this.fd!);
    this.fd = undefined;
    const sha256 = this.hash.digest('hex');
    try {
      for (let headLength = Math.min(FIRST_HEAD, this.length); ; headLength = Math.min(headLength * 4, this.length)) {
        try {
          return this.cache.storeWritten(this.head(headLength), this.length, sha256, this.tmp, this.source, this.batch);
        } catch (error) {
          if (!(error instanceof NeedMoreBytes) || headLength >= this.length) throw error;
        }
      }
    } finally {
      // Moved into place on success (then this is a no-op), dropped on failure or duplicate.
      rmSync(this.tmp, { force: true });
    }
  }

  abort(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    rmSync(this.tmp, { force: true });
  }

  private head(length: number): Uint8Array {
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
