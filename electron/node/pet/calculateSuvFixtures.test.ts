import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { petDataset, type PetHeaderFields } from '../../../testing/common/petDataset';
import { missingHere } from '../../../testing/node/requiredInCi';
import { samplePath, sharedSamplesAvailable } from '../../../testing/node/sharedSamples';
import { computeSuv } from '../../common/pet/computeSuv';

/** calculate-suv's fixture format: per-instance header values by keyword, Philips private ones grouped. */
type FixtureInstance = Omit<PetHeaderFields, 'PhilipsSUVScaleFactor' | 'PhilipsActivityConcentrationScaleFactor'> & {
  PhilipsPETPrivateGroup?: { SUVScaleFactor?: string | number; ActivityConcentrationScaleFactor?: string | number };
  GEPrivatePostInjectionDateTime?: string;
};

const FIXTURES = 'suv-fixtures/calculate-suv';

function datasetOf(instance: FixtureInstance, index: number) {
  const { PhilipsPETPrivateGroup: philips, GEPrivatePostInjectionDateTime: ge, ...fields } = instance;
  return petDataset({
    ...fields,
    SOPInstanceUID: `1.2.3.${index + 1}`,
    ...(philips?.SUVScaleFactor !== undefined ? { PhilipsSUVScaleFactor: String(philips.SUVScaleFactor) } : {}),
    ...(philips?.ActivityConcentrationScaleFactor !== undefined ? { PhilipsActivityConcentrationScaleFactor: String(philips.ActivityConcentrationScaleFactor) } : {}),
    ...(ge ? { GEPrivateScanDateTime: ge } : {}),
  });
}

describe.skipIf(missingHere(sharedSamplesAvailable(), 'the shared DICOM samples (../shared/dicom-samples)'))('SUVbw of the calculate-suv vendor fixtures', () => {
  const expected = JSON.parse(readFileSync(samplePath(`${FIXTURES}/expected_suvbw_factors.json`), 'utf8')) as Record<string, unknown>;
  const names = Object.keys(expected).filter((k) => !k.startsWith('_'));

  it('has the eight fixtures', () => expect(names).toHaveLength(8));

  // Where the decay reference time comes from (QIBA): Series Time unless the series was re-created
  // after the acquisition; then per-frame back-computation where Frame Reference Time is given.
  const sources: Record<string, string> = {
    BQML_AC_DT_lessThan_S_DT_SIEMENS: 'frame-reference',
    'CPS_AND_BQML_AC_DT_-_S_DT': 'earliest-acquisition',
    PHILIPS_CNTS_AND_SUV: 'private SUV Scale Factor',
    PHILIPS_CNTS_AND_BQML_SUV: 'private SUV Scale Factor',
  };

  for (const name of names) {
    it(`${name}: within 1e-6 relative of the expected factor, for every instance`, () => {
      const instances = JSON.parse(readFileSync(samplePath(`${FIXTURES}/metadata/${name}-instances.json`), 'utf8')) as FixtureInstance[];
      const result = computeSuv(instances.map(datasetOf));
      const bw = result.kinds.bw;
      expect(bw.available, JSON.stringify(bw)).toBe(true);
      expect(result.frames).toHaveLength(instances.length);
      expect(result.inputs.scanTimeSource ?? 'private SUV Scale Factor').toBe(sources[name] ?? 'series');
      for (const frame of result.frames) {
        expect(Math.abs(frame.factors.bw! / (expected[name] as number) - 1)).toBeLessThan(1e-6);
      }
    });
  }
});
