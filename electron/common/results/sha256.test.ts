import { describe, expect, it } from 'vitest';
import { measurementTrackingUid, nameBasedUid } from './nameBasedUid';
import { sha256 } from './sha256';

const hex = (b: Uint8Array): string => [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('sha256', () => {
  // The example digests of FIPS 180-4 (NIST CSRC "SHA256.pdf" examples) and the empty message.
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'],
  ])('digest of %j', (message, digest) => {
    expect(hex(sha256(utf8(message)))).toBe(digest);
  });

  it('digest of a million "a" (many blocks)', () => {
    expect(hex(sha256(new Uint8Array(1_000_000).fill(0x61)))).toBe('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
  });

  it('handles every padding boundary: lengths 55, 56, 63, 64 differ and are stable', () => {
    const digests = [55, 56, 63, 64].map((n) => hex(sha256(new Uint8Array(n).fill(0x61))));
    expect(new Set(digests).size).toBe(4);
    expect(digests[0]).toBe(hex(sha256(new Uint8Array(55).fill(0x61))));
  });
});

describe('nameBasedUid', () => {
  it('is a 2.25 UUID-derived UID of version 8 and RFC 9562 variant, within 64 characters', () => {
    const uid = nameBasedUid('lightbox:test');
    expect(uid).toMatch(/^2\.25\.(0|[1-9]\d*)$/);
    expect(uid.length).toBeLessThanOrEqual(64);
    const uuid = BigInt(uid.slice(5)).toString(16).padStart(32, '0');
    expect(uuid[12]).toBe('8');
    expect(['8', '9', 'a', 'b']).toContain(uuid[16]);
    // The first 128 bits of the digest, with only the version and variant bits changed.
    const digest = hex(sha256(utf8('lightbox:test'))).slice(0, 32);
    expect(uuid.slice(0, 12)).toBe(digest.slice(0, 12));
    expect(uuid.slice(13, 16)).toBe(digest.slice(13, 16));
    expect(uuid.slice(17)).toBe(digest.slice(17, 32));
  });

  it('depends on the name only: same name, same UID; another study or id, another UID', () => {
    expect(measurementTrackingUid('1.2.3', 'm1')).toBe(measurementTrackingUid('1.2.3', 'm1'));
    expect(measurementTrackingUid('1.2.3', 'm1')).not.toBe(measurementTrackingUid('1.2.3', 'm2'));
    expect(measurementTrackingUid('1.2.3', 'm1')).not.toBe(measurementTrackingUid('1.2.4', 'm1'));
  });
});
