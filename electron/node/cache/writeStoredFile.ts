import { closeSync, fsyncSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import type { CacheKey } from './cacheKey';
import { linkFileInto, writeFileDurably, type FlushBatch } from './durableFile';
import { sealBytes, SealingStream } from './sealedChunks';
import { SEALED_HEADER_BYTES } from '../../common/cacheCrypto/sealedFileFormat';

/** Writes a file of the cache durably (writeFileDurably), sealed when the cache is encrypted. */
export function writeStoredFileDurably(target: string, plaintext: Uint8Array, tmpDir: string, key: CacheKey | undefined, batch?: FlushBatch): void {
  writeFileDurably(target, key ? sealBytes(key, plaintext) : plaintext, tmpDir, batch, 0o600);
}

/**
 * Seals the plaintext file `source` into a new temporary file in `tmpDir` (fsynced unless a batch
 * will), read and sealed a piece at a time so a file of any size holds ~1 MiB in memory. Returns
 * the temporary file (the caller links or renames it into place) and the plaintext's SHA-256.
 */
export function sealFileToTemp(source: string, tmpDir: string, key: CacheKey, batch?: FlushBatch): { tmp: string; sha256: string } {
  const tmp = path.join(tmpDir, `${randomBytes(12).toString('hex')}.sealing.part`);
  const input = openSync(source, 'r');
  let output: number | undefined;
  try {
    output = openSync(tmp, 'wx', 0o600);
    const sealing = new SealingStream(key);
    const hash = createHash('sha256');
    const piece = new Uint8Array(1 << 20);
    let at = SEALED_HEADER_BYTES; // the header is written last, when the length is known
    const write = (bytes: Uint8Array, position: number): void => {
      for (let done = 0; done < bytes.length; ) done += writeSync(output!, bytes, done, bytes.length - done, position + done);
    };
    for (let n; (n = readSync(input, piece, 0, piece.length, null)) > 0; ) {
      hash.update(piece.subarray(0, n));
      for (const chunk of sealing.push(piece.subarray(0, n))) {
        write(chunk, at);
        at += chunk.length;
      }
    }
    const { last, header } = sealing.finish();
    write(last, at);
    write(header, 0);
    if (!batch) fsyncSync(output);
    return { tmp, sha256: hash.digest('hex') };
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  } finally {
    closeSync(input);
    if (output !== undefined) closeSync(output);
  }
}

/**
 * Puts a received plaintext file into the cache at `target`: linked as it is (unencrypted cache),
 * or sealed into a temporary file that is then linked (encrypted). False when another writer
 * created the target meanwhile (same name, same content: see linkFileInto).
 */
export function placeStoredFile(source: string, target: string, tmpDir: string, key: CacheKey | undefined, batch?: FlushBatch): boolean {
  if (!key) return linkFileInto(source, target, batch);
  const { tmp } = sealFileToTemp(source, tmpDir, key, batch);
  try {
    return linkFileInto(tmp, target, batch);
  } finally {
    rmSync(tmp, { force: true });
  }
}
