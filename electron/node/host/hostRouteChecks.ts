import { HostError } from '../../common/contract/hostError';

const UID_PATTERN = /^[0-9]+(\.[0-9]+)*$/;

export function requireUid(value: string, what: string): string {
  // PS3.5 9.1: UIDs are dot-separated digit components, at most 64 characters.
  if (value.length > 64 || !UID_PATTERN.test(value)) throw new HostError(400, 'bad-request', `${what} "${value}" is not a DICOM UID`);
  return value;
}

export function notCached(what: string): HostError {
  return new HostError(404, 'not-found', `${what} is not in the local cache`);
}

