import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createKeyedSecretBox } from './keyedSecretBox';

describe('credentials sealed under the keychain-kept key', () => {
  it('never keeps the plain text, opens with the same key, refuses another key and tampering', () => {
    const key = randomBytes(32);
    const box = createKeyedSecretBox(key);
    const sealed = box.seal('Bearer s3cret-token');
    expect(sealed.scheme).toBe('os');
    expect(Buffer.from(sealed.value, 'base64').toString('latin1')).not.toContain('s3cret');
    expect(box.seal('Bearer s3cret-token').value).not.toBe(sealed.value); // a fresh IV each time
    expect(box.open(sealed)).toBe('Bearer s3cret-token');
    expect(box.open({ scheme: 'plain', value: 'Basic abc' })).toBe('Basic abc');
    expect(() => createKeyedSecretBox(randomBytes(32)).open(sealed)).toThrow(/sealed under another key/);
    const tampered = Buffer.from(sealed.value, 'base64');
    tampered[tampered.length - 1]! ^= 1;
    expect(() => box.open({ scheme: 'os', value: tampered.toString('base64') })).toThrow(/sealed under another key/);
  });
});
