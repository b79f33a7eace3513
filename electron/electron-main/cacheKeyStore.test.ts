import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createCacheKeyFile, CACHE_KEY_FILE_ENV } from '../node/cache/cacheKey';

// safeStorage as the Electron API stand-in implements it (testing/electronStandIn): only main can seal.
vi.mock('electron', async () => {
  // @ts-expect-error -- the stand-in is plain JavaScript without declarations
  const standIn = (await import('../../testing/electronStandIn/electronApi.mjs')) as { safeStorage: unknown };
  return { safeStorage: standIn.safeStorage };
});
const { loadCacheKey } = await import('./cacheKeyStore');

const dir = mkdtempSync(path.join(os.tmpdir(), 'lightbox-cache-keystore-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the desktop app\'s cache key', () => {
  it('takes the key file in once, sealed by the keychain, and needs no key file afterwards', () => {
    const dataDir = path.join(dir, 'data');
    expect(loadCacheKey(dataDir, {})).toBeUndefined();
    const keyFile = path.join(dir, 'cache.key');
    const key = createCacheKeyFile(keyFile);
    expect(loadCacheKey(dataDir, { [CACHE_KEY_FILE_ENV]: keyFile })!.equals(key.bytes)).toBe(true);
    const sealed = path.join(dataDir, 'settings', 'cache-key.sealed');
    expect(existsSync(sealed)).toBe(true);
    expect(readFileSync(sealed).includes(key.bytes)).toBe(false);
    rmSync(keyFile);
    expect(loadCacheKey(dataDir, {})!.equals(key.bytes)).toBe(true);
  });
});
