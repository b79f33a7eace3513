import { describe, expect, it } from 'vitest';
import { DEFAULT_REQUEST_BODY_LIMITS } from '../../common/contract/requestBodyLimits';
import { DEFAULT_ZIP_LIMITS, parseByteSize, resourceLimits } from './resourceLimits';

describe('resource limits a site can set', () => {
  it('takes sizes with units, and the defaults when nothing is set', () => {
    expect(['4GiB', '512 MiB', '1500000000', '2.5KiB', '1GB', 'lots', '-1MiB', '4 parsecs'].map(parseByteSize)).toEqual([4 * 1024 ** 3, 512 * 1024 ** 2, 1500000000, 2560, 1e9, undefined, undefined, undefined]);
    expect(resourceLimits({})).toEqual({ requestBody: DEFAULT_REQUEST_BODY_LIMITS, zip: DEFAULT_ZIP_LIMITS });
    const site = resourceLimits({ LIGHTBOX_MAX_STOW_BYTES: '8GiB', LIGHTBOX_MAX_ZIP_BYTES: '100GiB', LIGHTBOX_MAX_ZIP_RATIO: '500' });
    expect([site.requestBody.stowBytes, site.zip.totalBytes, site.zip.maxRatio]).toEqual([8 * 1024 ** 3, 100 * 1024 ** 3, 500]);
  });

  it('refuses a value it cannot read, naming the variable, instead of running without a limit', () => {
    expect(() => resourceLimits({ LIGHTBOX_MAX_STOW_BYTES: 'unlimited' })).toThrow('LIGHTBOX_MAX_STOW_BYTES="unlimited" is not a size');
    expect(() => resourceLimits({ LIGHTBOX_MAX_ZIP_BYTES: '0' })).toThrow(/LIGHTBOX_MAX_ZIP_BYTES/);
    expect(() => resourceLimits({ LIGHTBOX_MAX_ZIP_RATIO: '0.5' })).toThrow('LIGHTBOX_MAX_ZIP_RATIO="0.5" is not a number ≥ 1');
  });
});
