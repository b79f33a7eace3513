import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretBox } from './secretBox';

/**
 * PACS credentials sealed with AES-256-GCM under a key that the OS keychain keeps (Electron's
 * safeStorage seals the key itself; main hands it to the host process at start, in memory only).
 * The host process, which holds the credentials' users (DICOMweb client, outbox), has no access
 * to safeStorage; envelope encryption keeps the keychain in main and the work in the host.
 * Sealed value: base64 of IV (12 bytes) | tag (16) | ciphertext.
 */
export function createKeyedSecretBox(key: Uint8Array): SecretBox {
  if (key.length !== 32) throw new Error(`the credential key must be 32 bytes, got ${key.length}`);
  return {
    scheme: 'os',
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return { scheme: 'os', value: Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64') };
    },
    open(sealed) {
      if (sealed.scheme === 'plain') return sealed.value;
      const raw = Buffer.from(sealed.value, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      try {
        return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
      } catch {
        throw new Error('this credential was sealed under another key (another OS user or keychain): set it again with `lightbox nodes add … --authorization`');
      }
    },
  };
}
