import { createHash } from 'node:crypto';

/**
 * Deterministic UUID-derived UIDs (PS3.5 B.2, root 2.25): the same seed and name always give
 * the same UID, so generated studies are reproducible and a prior is recognisably the same patient.
 */
export function syntheticUid(seed: string, name: string): string {
  const digest = createHash('sha256').update(`${seed}/${name}`).digest();
  const hex = digest.subarray(0, 16).toString('hex');
  return `2.25.${BigInt(`0x${hex}`).toString(10)}`;
}
