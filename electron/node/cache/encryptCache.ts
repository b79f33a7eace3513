import { closeSync, existsSync, openSync, readdirSync, readSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { looksSealed, SEALED_MAGIC } from '../../common/cacheCrypto/sealedFileFormat';
import { processAlive } from '../runtime/processAlive';
import type { CacheKey } from './cacheKey';
import { cachePaths } from './cachePaths';
import { CacheLockedError, readCacheEncryption, writeCacheEncryption } from './cacheEncryption';
import { FlushBatch } from './durableFile';
import type { StudyCache } from './studyCache';
import { sealFileToTemp } from './writeStoredFile';

/** What `lightbox cache encrypt` did. */
export interface EncryptReport {
  keyId: string;
  /** The cache was not encrypted before this run. */
  turnedOn: boolean;
  /** Stored instances sealed now, and those sealed already. */
  sealed: number;
  alreadySealed: number;
  /** Pixel blocks, their descriptions and annotation files sealed now. */
  otherFiles: number;
  /** Instances left as they are, with the reason (their bytes no longer match their checksum: `cache verify` names them). */
  skipped: Array<{ sopUid: string; reason: string }>;
}

/**
 * Turns encryption on for a data folder (records `cache/encryption.json`: scheme, key id, check
 * value — never the key). Refused while another Lightbox process has the cache open: it opened
 * it unencrypted, and would go on storing plaintext and fail to read what is sealed now.
 */
export function turnOnCacheEncryption(dataDir: string, key: CacheKey): { turnedOn: boolean } {
  const paths = cachePaths(dataDir);
  const settings = readCacheEncryption(paths.root);
  if (settings) {
    if (settings.keyCheck !== key.check) throw new CacheLockedError(`the cache is already encrypted with another key (key id ${settings.keyId}); give that key`);
    return { turnedOn: false };
  }
  const others = otherOpeners(paths.incoming);
  if (others.length) throw new Error(`close the other Lightbox processes that have this cache open first (pid ${others.join(', ')}): they would go on storing it unencrypted`);
  writeCacheEncryption(paths.root, key, paths.incoming);
  return { turnedOn: true };
}

/**
 * Seals every file of an encrypted cache that is still in plaintext — stored instances, pixel
 * blocks and their descriptions, annotations — in place and crash-safely: each is sealed into a
 * temporary file of this writer's incoming folder (fsynced), then renamed over the plaintext under
 * the index's write lock, and only while a row still names it (the discipline of placeAndIndex
 * and removeObjectsIfUnreferenced: no writer removes a file a row names, so none can be brought
 * back after its removal). The name stays: it ends with the hash of the plaintext, which does
 * not change. A kill at any moment leaves each file either plaintext or sealed — both are read
 * (storedFile.ts) — and a temporary file that the next opening drops; a rerun seals the rest.
 * The plaintext's checksum is checked as it is sealed: a damaged file is not sealed as if it
 * were sound.
 */
export async function encryptStoredFiles(cache: StudyCache, onProgress?: (done: number, total: number) => void): Promise<EncryptReport> {
  const key = cache.key;
  if (!key) throw new Error('the cache is not encrypted: turn encryption on first (turnOnCacheEncryption)');
  const report: EncryptReport = { keyId: Buffer.from(key.id).toString('hex'), turnedOn: false, sealed: 0, alreadySealed: 0, otherFiles: 0, skipped: [] };
  const batch = new FlushBatch();
  const instances = cache.index.allInstances();
  for (const [n, instance] of instances.entries()) {
    const file = path.join(cache.paths.objects, instance.objectPath);
    if (!existsSync(file)) continue; // missing: `cache verify` names it
    if (isSealed(file)) {
      report.alreadySealed++;
      continue;
    }
    const { tmp, sha256 } = sealFileToTemp(file, cache.paths.incoming, key);
    if (sha256 !== instance.sha256) {
      rmSync(tmp, { force: true });
      report.skipped.push({ sopUid: instance.sopUid, reason: 'its bytes no longer match the checksum recorded when it was stored (see lightbox cache verify)' });
      continue;
    }
    let placed = false;
    cache.index.write(() => {
      if (cache.index.objectReferenced(instance.objectPath) && existsSync(file)) {
        renameSync(tmp, file);
        placed = true;
      }
    });
    if (placed) {
      report.sealed++;
      batch.add(file);
    } else rmSync(tmp, { force: true }); // removed meanwhile by another writer
    if (n % 200 === 199) onProgress?.(n + 1, instances.length);
  }
  // Decode-once blocks first, then their descriptions (a block without one is rebuilt), then annotations.
  const pixels = path.join(cache.paths.root, 'pixels');
  const annotations = path.join(cache.paths.root, 'annotations');
  const others = [...filesUnder(pixels, '.raw'), ...filesUnder(pixels, '.json'), ...filesUnder(annotations, '.json')];
  for (const file of others) {
    if (isSealed(file)) continue;
    const { tmp } = sealFileToTemp(file, cache.paths.incoming, key);
    renameSync(tmp, file);
    batch.add(file);
    report.otherFiles++;
  }
  // The renames (and the directories that name them) reach the disk before the command reports.
  await batch.flush();
  onProgress?.(instances.length, instances.length);
  return report;
}

/**
 * True when the file starts with the sealed header's magic. Only the magic matters here: a file
 * that starts like a sealed one and fails its checks is damage for `cache verify`, and must not
 * be sealed a second time.
 */
function isSealed(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = new Uint8Array(SEALED_MAGIC.length);
    return readSync(fd, head, 0, head.length, 0) === head.length && looksSealed(head);
  } finally {
    closeSync(fd);
  }
}

function filesUnder(dir: string, suffix: string): string[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith(suffix)).map((f) => path.join(dir, f));
}

/** Processes other than this one that have the cache open (their incoming folders, `PID-RANDOM`). */
function otherOpeners(sharedIncoming: string): number[] {
  if (!existsSync(sharedIncoming)) return [];
  const pids = readdirSync(sharedIncoming)
    .map((name) => /^(\d+)-/.exec(name)?.[1])
    .filter((pid): pid is string => pid !== undefined)
    .map(Number)
    .filter((pid) => pid !== process.pid && processAlive(pid));
  return [...new Set(pids)];
}
