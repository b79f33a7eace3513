import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CACHE_KEY_FILE_ENV, keyIdHex, type CacheKey } from './cacheKey';
import { writeFileDurably } from './durableFile';

/**
 * What an encrypted cache records about itself (`cache/encryption.json`): the scheme, which key
 * (its id) and a check value to refuse a wrong key before anything is read — never the key.
 */
export interface CacheEncryptionSettings {
  scheme: typeof SEALED_SCHEME;
  keyId: string;
  /** HMAC-SHA256 of a fixed label under the key (CacheKey.check). */
  keyCheck: string;
  /** When it was turned on. */
  since: string;
}

export const SEALED_SCHEME = 'lightbox-sealed-v1: AES-256-GCM, 64 KiB chunks';
export const ENCRYPTION_SETTINGS = 'encryption.json';

/** The cache is encrypted and the key given is missing or not its key: nothing is shown rather than an empty cache. */
export class CacheLockedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CacheLockedError';
  }
}

export function readCacheEncryption(cacheRoot: string): CacheEncryptionSettings | undefined {
  const file = path.join(cacheRoot, ENCRYPTION_SETTINGS);
  if (!existsSync(file)) return undefined;
  const settings = JSON.parse(readFileSync(file, 'utf8')) as CacheEncryptionSettings;
  if (settings.scheme !== SEALED_SCHEME || !/^[0-9a-f]{16}$/.test(settings.keyId) || !/^[0-9a-f]{64}$/.test(settings.keyCheck)) {
    throw new CacheLockedError(`${file}: not an encryption setting this Lightbox knows (scheme "${String(settings.scheme)}")`);
  }
  return settings;
}

/** Records that the cache is encrypted with `key` (durably: from then on every store seals). */
export function writeCacheEncryption(cacheRoot: string, key: CacheKey, tmpDir: string): CacheEncryptionSettings {
  const settings: CacheEncryptionSettings = { scheme: SEALED_SCHEME, keyId: keyIdHex(key.id), keyCheck: key.check, since: new Date().toISOString() };
  writeFileDurably(path.join(cacheRoot, ENCRYPTION_SETTINGS), new TextEncoder().encode(`${JSON.stringify(settings, null, 2)}\n`), tmpDir);
  return settings;
}

/**
 * The key the cache's files are sealed with: undefined for an unencrypted cache (a key given
 * then is not used); for an encrypted one, the key given, checked — or a CacheLockedError that says how
 * to give it.
 */
export function cacheKeyFor(cacheRoot: string, keyGiven: () => CacheKey | undefined): CacheKey | undefined {
  const settings = readCacheEncryption(cacheRoot);
  if (!settings) return undefined;
  // Asked only now: a key file named for another data folder does not stop an unencrypted one from opening.
  const given = keyGiven();
  if (!given) {
    throw new CacheLockedError(
      `the local cache is encrypted (key id ${settings.keyId}) and no key was given: set ${CACHE_KEY_FILE_ENV}=PATH to its key file (browser mode, CLI), or start the desktop app, which keeps the key in the OS keychain`,
    );
  }
  if (given.check !== settings.keyCheck) throw new CacheLockedError(`the key given (key id ${keyIdHex(given.id)}) is not this cache's key (key id ${settings.keyId}): the cache stays closed`);
  return given;
}
