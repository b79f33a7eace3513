import { safeStorage } from 'electron';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CACHE_KEY_FILE_ENV, readCacheKeyFile } from '../node/cache/cacheKey';

/**
 * The encrypted cache's key for the desktop app, kept sealed by the OS keychain through
 * safeStorage (as the credential key, credentialKey.ts) in `settings/cache-key.sealed`. It gets
 * there once: start the app with LIGHTBOX_CACHE_KEY_FILE naming the key file `lightbox cache
 * encrypt` made; from then on the app needs no key file (which can then leave the laptop).
 * Undefined when there is none: an encrypted cache then refuses to open, saying so.
 */
export function loadCacheKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): Buffer | undefined {
  const sealed = path.join(dataDir, 'settings', 'cache-key.sealed');
  const available = safeStorage.isEncryptionAvailable();
  if (available && existsSync(sealed)) return Buffer.from(safeStorage.decryptString(readFileSync(sealed)), 'base64');
  const file = env[CACHE_KEY_FILE_ENV];
  if (!file) return undefined;
  const key = readCacheKeyFile(file).bytes;
  if (available) {
    mkdirSync(path.dirname(sealed), { recursive: true, mode: 0o700 });
    writeFileSync(sealed, safeStorage.encryptString(key.toString('base64')), { mode: 0o600 });
  }
  return key;
}
