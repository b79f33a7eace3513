import { existsSync } from 'node:fs';
import type { SeriesSuvOverrides } from '../../common/contract/hostContract';
import { HostError } from '../../common/contract/hostError';
import { checkSuvOverrides, describeSuvOverrides } from '../../common/pet/suvOverridesCheck';
import { suvOverridesFile } from '../cache/annotationStore';
import type { StudyCache } from '../cache/studyCache';
import { readStoredFileSync } from '../cache/storedFile';
import { writeStoredFileDurably } from '../cache/writeStoredFile';

/** What one study's file holds: each overridden series' record. */
type StudyFile = Record<string, SeriesSuvOverrides>;

/**
 * The reader's SUV input overrides, per PET series, kept beside the cache's annotations (one
 * durable file per study, sealed in an encrypted cache: weight and height are patient data).
 * Every change is audited ('edit', with the old and new values); the CLI reads the same file.
 */
export function createSuvOverrideStore(cache: Pick<StudyCache, 'paths' | 'key' | 'audit' | 'auditUser'>) {
  // Named by a hash (no UID on disk), removed with the study (studyCache.ts).
  const fileFor = (studyUid: string) => suvOverridesFile(cache.paths, studyUid);
  const read = (studyUid: string): StudyFile => {
    const f = fileFor(studyUid);
    return existsSync(f) ? (JSON.parse(new TextDecoder().decode(readStoredFileSync(f, cache.key))) as StudyFile) : {};
  };
  return {
    get(studyUid: string, seriesUid: string): SeriesSuvOverrides {
      return read(studyUid)[seriesUid] ?? { studyInstanceUid: studyUid, seriesInstanceUid: seriesUid, overrides: {} };
    },
    /** Replaces the series' overrides (`{}` clears them); audited, old and new values in words. */
    put(studyUid: string, seriesUid: string, body: unknown): SeriesSuvOverrides {
      const checked = checkSuvOverrides(body);
      if (!checked.ok) throw new HostError(400, 'bad-request', checked.message);
      const all = read(studyUid);
      const before = all[seriesUid]?.overrides ?? {};
      const saved: SeriesSuvOverrides = { studyInstanceUid: studyUid, seriesInstanceUid: seriesUid, overrides: checked.overrides, savedAt: new Date().toISOString(), savedBy: cache.auditUser };
      all[seriesUid] = saved;
      writeStoredFileDurably(fileFor(studyUid), new TextEncoder().encode(JSON.stringify(all)), cache.paths.incoming, cache.key);
      const cleared = Object.keys(checked.overrides).length === 0;
      cache.audit({
        action: 'edit',
        outcome: 'success',
        studyUid,
        detail: `SUV inputs of PET series ${seriesUid} ${cleared ? 'restored to the header values' : 'overridden'}: ${describeSuvOverrides(checked.overrides)} (before: ${describeSuvOverrides(before)})`,
      });
      return saved;
    },
  };
}
