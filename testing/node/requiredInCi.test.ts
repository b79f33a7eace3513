import { afterEach, describe, expect, it } from 'vitest';
import { missingHere } from './requiredInCi';

describe('suites that need a sample or a peer', () => {
  const ci = process.env.CI;
  afterEach(() => {
    if (ci === undefined) delete process.env.CI;
    else process.env.CI = ci;
  });

  it('skip where it is missing, and fail instead under CI=true', () => {
    process.env.CI = 'true';
    expect(missingHere(true, 'Orthanc')).toBe(false);
    expect(() => missingHere(false, 'Orthanc')).toThrow(/Orthanc is missing and CI=true/);
    delete process.env.CI;
    expect(missingHere(false, 'Orthanc')).toBe(true);
  });
});
