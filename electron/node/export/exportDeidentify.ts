import path from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { BASIC_PROFILE_CODE, parseOptionList, type DeidentifyOption } from '../../common/deidentify/deidentifyOptions';
import type { DeidentifyContext } from '../../common/deidentify/deidentifyInstance';
import type { ExportRequest } from '../../common/export/exportRequest';
import type { StoredInstance } from '../cache/cacheIndex';
import type { StudyCache } from '../cache/studyCache';
import { openDeidentifyProject, type DeidentifyProject } from '../deidentify/deidentifyProject';
import { ExportError } from './exportSinks';

/** The profiles `--deidentify` names: PS3.15 E.1.1 Basic Application Level Confidentiality, the one our engine implements. */
export const DEIDENTIFY_PROFILES = ['basic'] as const;

/**
 * `basic,retain-dates,clean-descriptors` (the CLI's `--deidentify`): the profile, then options of
 * PS3.15 E.3 as `lightbox deidentify --option` spells them.
 */
export function parseDeidentifySpec(spec: string): DeidentifyOption[] {
  const [profile, ...options] = spec.split(',').map((s) => s.trim());
  if (!(DEIDENTIFY_PROFILES as readonly string[]).includes(profile ?? '')) {
    throw new ExportError(`de-identification profile "${profile}": the profile is "basic" (${BASIC_PROFILE_CODE.meaning}), optionally followed by options, e.g. basic,retain-dates`);
  }
  return [...parseOptionList(options.join(','))];
}

/** An export's de-identification: the engine's context under the project's key and pseudonym table, and what to say of it. */
export interface ExportDeidentification {
  context: DeidentifyContext;
  project: DeidentifyProject;
  description: string;
}

/**
 * Opens the project (in the cache's data folder, as `lightbox deidentify` does) and builds the
 * context. A fixed pseudonym is refused for instances of more than one patient: two patients under
 * one pseudonym would be merged on the media and wherever it is imported.
 */
export function exportDeidentification(cache: StudyCache, request: NonNullable<ExportRequest['deidentify']>, instances: StoredInstance[]): ExportDeidentification {
  const project = openDeidentifyProject(path.dirname(cache.paths.root), request.project);
  const { pseudonym } = request;
  if (pseudonym !== undefined) {
    if (!/^[A-Za-z0-9][A-Za-z0-9 ._^-]{0,63}$/.test(pseudonym)) throw new ExportError(`pseudonym "${pseudonym}": use up to 64 letters, digits, space, '.', '_', '^' and '-'`);
    const patients = new Set([...new Set(instances.map((i) => i.studyUid))].map((uid) => cache.index.patientOfStudy(uid) ?? ''));
    if (patients.size > 1) throw new ExportError(`--pseudonym names one patient, but the export holds ${patients.size} patients: export them one at a time, or let the project choose their pseudonyms`);
  }
  const options = new Set(request.options);
  const context: DeidentifyContext = {
    options,
    ...(request.pixelRules ? { pixelRules: request.pixelRules } : {}),
    hash: project.hash,
    pseudonymFor: pseudonym !== undefined ? () => pseudonym : project.pseudonymFor,
    inflateRaw: (b) => new Uint8Array(inflateRawSync(b)),
    deflateRaw: (b) => new Uint8Array(deflateRawSync(b)),
  };
  const description = `PS3.15 ${BASIC_PROFILE_CODE.meaning}${options.size ? ` with ${[...options].join(', ')}` : ''} (project ${project.name})`;
  return { context, project, description };
}
