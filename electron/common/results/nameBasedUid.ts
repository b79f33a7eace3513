import { sha256 } from './sha256';

/**
 * A UID that depends only on `name`: 2.25 followed by the decimal of a name-based UUID
 * (PS3.5 B.2 allows any UUID under 2.25). The UUID is the first 128 bits of SHA-256(name) with
 * the RFC 9562 variant bits and version 8 ("custom") set, so it is a well-formed UUID.
 *
 * Why name-based: a measurement's Tracking Unique Identifier must be the same every time the
 * same measurement is exported, so that a later session reading the report can tell which of
 * the app's measurements each group is (and replace rather than duplicate them).
 */
export function nameBasedUid(name: string): string {
  const bytes = sha256(new TextEncoder().encode(name)).slice(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80; // version 8
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // variant 10xx
  let value = 0n;
  for (const b of bytes) value = (value << 8n) | BigInt(b);
  return `2.25.${value.toString(10)}`;
}

/** The Tracking Unique Identifier of one of the app's measurements in a study (see `nameBasedUid`). */
export function measurementTrackingUid(studyInstanceUid: string, measurementId: string): string {
  return nameBasedUid(`lightbox:measurement:${studyInstanceUid}:${measurementId}`);
}
