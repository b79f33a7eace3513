import { safeStorage } from 'electron';
import { plainSecretBox, type SecretBox } from '../node/pacs/secretBox';

/**
 * PACS credentials sealed with Electron's safeStorage (macOS Keychain, Windows DPAPI, the Linux
 * secret service). Where the OS offers none, they stay plain in the owner-only settings file.
 */
export function createSafeStorageSecretBox(): SecretBox {
  if (!safeStorage.isEncryptionAvailable()) return plainSecretBox;
  return {
    scheme: 'os',
    seal: (plain) => ({ scheme: 'os', value: safeStorage.encryptString(plain).toString('base64') }),
    open: (sealed) => (sealed.scheme === 'plain' ? sealed.value : safeStorage.decryptString(Buffer.from(sealed.value, 'base64'))),
  };
}
