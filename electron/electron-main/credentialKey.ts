import { safeStorage } from 'electron';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The key PACS credentials are sealed with (keyedSecretBox.ts), kept sealed by the OS keychain
 * (macOS Keychain, Windows DPAPI, the Linux secret service) through safeStorage, which only
 * Electron's main process can use. Created on first start; undefined where the OS offers no
 * keychain (credentials then stay plain in the owner-only settings file, as in browser mode).
 */
export function loadCredentialKey(dataDir: string): Buffer | undefined {
  if (!safeStorage.isEncryptionAvailable()) return undefined;
  const file = path.join(dataDir, 'settings', 'credential-key.sealed');
  if (existsSync(file)) return Buffer.from(safeStorage.decryptString(readFileSync(file)), 'base64');
  const key = randomBytes(32);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, safeStorage.encryptString(key.toString('base64')), { mode: 0o600 });
  return key;
}
