import { DEIDENTIFY_OPTIONS, OPTION_CODES, type DeidentifyOption } from '../../../electron/common/deidentify/deidentifyOptions';
import type { ExportRequest } from '../../../electron/common/export/exportRequest';
import type { SecondOpinionDeidentification } from '../../../electron/common/export/secondOpinion';

/** What the export dialog offers: a plain folder, a zip archive, PDI media in a folder, or an ISO image (always PDI). */
export type ExportChoice = 'folder' | 'zip' | 'pdi' | 'iso';

export const EXPORT_CHOICES: ReadonlyArray<{ value: ExportChoice; label: string }> = [
  { value: 'pdi', label: 'PDI media (DICOMDIR, viewer-readable CD/USB layout)' },
  { value: 'folder', label: 'Folder (files as stored)' },
  { value: 'zip', label: 'Zip archive' },
  { value: 'iso', label: 'ISO image (PDI media, for burning)' },
];

/** The de-identification part of the export and second-opinion dialogs. */
export interface DeidentifyForm {
  enabled: boolean;
  options: DeidentifyOption[];
  /** Empty: the project's pseudonym for the patient. */
  pseudonym: string;
}

/** The options each dialog offers, with the words of CID 7050; `retain-uids` is left out where the copy is kept beside the original. */
export function deidentifyOptionChoices(withoutRetainUids: boolean): Array<{ value: DeidentifyOption; label: string }> {
  return DEIDENTIFY_OPTIONS.filter((o) => !(withoutRetainUids && o === 'retain-uids')).map((value) => ({ value, label: OPTION_CODES[value].meaning.replace(/ Option$/, '') }));
}

/** Ticks or unticks an option; the two date options exclude each other (PS3.15 E.3.6), so ticking one unticks the other. */
export function toggleOption(options: readonly DeidentifyOption[], option: DeidentifyOption, on: boolean): DeidentifyOption[] {
  const rest = options.filter((o) => o !== option && !(on && ((option === 'retain-dates' && o === 'modify-dates') || (option === 'modify-dates' && o === 'retain-dates'))));
  return on ? [...rest, option] : rest;
}

/** The request's de-identification, or undefined when it is off. */
export function deidentificationOf(form: DeidentifyForm): SecondOpinionDeidentification | undefined {
  if (!form.enabled) return undefined;
  const pseudonym = form.pseudonym.trim();
  return { options: [...form.options], ...(pseudonym ? { pseudonym } : {}) };
}

/** The destination as it will be written: a zip or ISO gets its extension when the path lacks it. */
export function destinationFor(path: string, choice: ExportChoice): string {
  const trimmed = path.trim().replace(/[\\/]+$/, '');
  const ext = choice === 'zip' ? '.zip' : choice === 'iso' ? '.iso' : '';
  return ext && !trimmed.toLowerCase().endsWith(ext) ? `${trimmed}${ext}` : trimmed;
}

/** The export request for one study, or what is missing. The path is one on the host's machine (checked there). */
export function exportRequestOf(studyInstanceUid: string, destination: string, choice: ExportChoice, deidentify: DeidentifyForm): ExportRequest | string {
  const out = destinationFor(destination, choice);
  if (!out) return 'Enter where to write the export: a new folder or file on the machine running Lightbox.';
  if (!/^(\/|[A-Za-z]:[\\/]|\\\\)/.test(out)) return `"${out}" is not an absolute path (e.g. /home/me/export or C:\\Export).`;
  const deid = deidentificationOf(deidentify);
  return {
    uids: [studyInstanceUid],
    out,
    format: choice === 'pdi' ? 'folder' : choice,
    pdi: choice === 'pdi' || choice === 'iso',
    ...(deid ? { deidentify: deid } : {}),
  };
}
