import { createHmac, randomBytes } from 'node:crypto';
import { closeSync, fstatSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

/** The key an encrypted cache is sealed with (AES-256), with the id its files and settings carry. */
export interface CacheKey {
  readonly bytes: Buffer;
  /** First 8 bytes of HMAC-SHA256(key, "lightbox cache key id v1"): names the key, reveals nothing of it. */
  readonly id: Uint8Array;
  /** HMAC-SHA256(key, "lightbox cache key check v1"), hex: what the cache's encryption.json records to refuse a wrong key. */
  readonly check: string;
}

export const CACHE_KEY_BYTES = 32;

/** Where the key file is named for browser mode and the CLI. */
export const CACHE_KEY_FILE_ENV = 'LIGHTBOX_CACHE_KEY_FILE';

export function cacheKeyFrom(bytes: Uint8Array): CacheKey {
  if (bytes.length !== CACHE_KEY_BYTES) throw new Error(`a cache key is ${CACHE_KEY_BYTES} bytes, not ${bytes.length}`);
  const key = Buffer.from(bytes);
  const mac = (label: string): Buffer => createHmac('sha256', key).update(label).digest();
  return { bytes: key, id: new Uint8Array(mac('lightbox cache key id v1').subarray(0, 8)), check: mac('lightbox cache key check v1').toString('hex') };
}

export const keyIdHex = (id: Uint8Array): string => Buffer.from(id).toString('hex');

/**
 * Reads a key file: exactly 32 bytes (raw). A key file others can read is refused — it opens every
 * patient's images in the cache.
 */
export function readCacheKeyFile(file: string): CacheKey {
  const fd = openSync(file, 'r');
  try {
    const st = fstatSync(fd);
    if (process.platform !== 'win32' && (st.mode & 0o077) !== 0) throw new Error(`the cache key file ${file} is readable by others than its owner (mode ${(st.mode & 0o777).toString(8)}): chmod 600 it`);
    const bytes = readFileSync(fd);
    if (bytes.length !== CACHE_KEY_BYTES) throw new Error(`the cache key file ${file} holds ${bytes.length} bytes; a key file holds ${CACHE_KEY_BYTES} random bytes`);
    return cacheKeyFrom(bytes);
  } finally {
    closeSync(fd);
  }
}

/**
 * Creates a key file of 32 random bytes, owner-only; refuses to overwrite one (it may be the only
 * copy of a key). Written beside it, fsynced, then linked to its name: a crash leaves no key file
 * or a whole one, never an empty one that a rerun would refuse.
 */
export function createCacheKeyFile(file: string): CacheKey {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const bytes = randomBytes(CACHE_KEY_BYTES);
  const tmp = `${file}.${process.pid}.part`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, file);
  } finally {
    rmSync(tmp, { force: true });
  }
  return cacheKeyFrom(bytes);
}

/** The key named by LIGHTBOX_CACHE_KEY_FILE, if any. */
export function cacheKeyFromEnv(env: NodeJS.ProcessEnv): CacheKey | undefined {
  const file = env[CACHE_KEY_FILE_ENV];
  return file ? readCacheKeyFile(file) : undefined;
}
