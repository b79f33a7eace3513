import { createHash } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import { readRawInstance } from '../../common/deidentify/rawElementTree';
import { valueText } from '../../common/deidentify/replacementValues';
import { recordSourceOf, type RecordSource } from '../../common/dicom/dicomdir/recordSource';
import { stringValue, Tag } from '../../common/dicom/model/dicomJsonAccess';
import { parseDicom, type ParseDicomOptions } from '../../common/dicom/parse/parseDicom';
import { isBigEndian, transferSyntaxName } from '../../common/dicom/transferSyntax';
import { fileIdProblem, type MediaFileIds } from '../../common/export/mediaFileIds';

/** Where an exported file goes in the output, and (PDI media) what its DICOMDIR records need. */
export interface PlacedInstance {
  /** `/`-separated, relative to the output's root. */
  path: string;
  sopInstanceUid: string;
  source?: RecordSource;
}

/**
 * Placement reads only UIDs, patient keys and the transfer syntax: binary values (the pixel data
 * above all, present in a header-only parse as the element it stopped at) are referenced, never
 * base64-encoded into the model; encoding them was a third of a de-identified export's time.
 */
const headerParse: Omit<ParseDicomOptions, 'source'> = { headerOnly: true, inflateRaw: (b) => inflateRawSync(b), bulkDataUri: () => 'not-read' };

/** A UID as a path component, or a hash of it: a UID from a file must never steer a path (`..`, separators). */
function uidComponent(uid: string): string {
  return /^[0-9][0-9.]{0,63}$/.test(uid) && !uid.includes('..') ? uid : `UID-${createHash('sha256').update(uid).digest('hex').slice(0, 16)}`;
}

/**
 * A folder or zip export: `<Study Instance UID>/<Series Instance UID>/<SOP Instance UID>.dcm`,
 * from the file as written (after de-identification the new UIDs, never the originals).
 */
export function placeInFolder(bytes: Uint8Array, source: string): PlacedInstance {
  const { dataset } = parseDicom(bytes, { source, ...headerParse });
  const sop = stringValue(dataset, Tag.SOPInstanceUID) ?? '';
  const parts = [stringValue(dataset, Tag.StudyInstanceUID) ?? '', stringValue(dataset, Tag.SeriesInstanceUID) ?? '', sop].map(uidComponent);
  return { path: `${parts[0]}/${parts[1]}/${parts[2]}.dcm`, sopInstanceUid: sop };
}

/**
 * PDI media: the next PS3.10 File ID under DICOM/ for the file's patient, study and series, and
 * its record source. Throws for a file whose data set cannot be read element by element
 * (Explicit VR Big Endian, a data set cut short): the DICOMDIR could not describe it.
 */
export function placeOnMedia(bytes: Uint8Array, source: string, ids: MediaFileIds): PlacedInstance {
  const { transferSyntaxUid } = parseDicom(bytes, { source, ...headerParse });
  if (isBigEndian(transferSyntaxUid)) throw new Error(`${transferSyntaxName(transferSyntaxUid)}: its DICOMDIR keys are not read here; export it without --pdi`);
  const raw = readRawInstance(bytes, { source, inflateRaw: (b) => new Uint8Array(inflateRawSync(b)) });
  const text = (tag: number): string => valueText(raw.elements.find((e) => e.tag === tag)?.value);
  const patientId = text(0x00100020);
  const fileId = ids.next(patientId ? `id:${patientId}` : `name:${text(0x00100010)}`, text(0x0020000d), text(0x0020000e));
  const problem = fileIdProblem(fileId);
  if (problem) throw new Error(`File ID ${fileId.join('\\')} ${problem}`);
  const sopInstanceUid = text(0x00080018);
  const sourceOfRecords = recordSourceOf(raw.elements, { fileId, sopClassUid: text(0x00080016), sopInstanceUid, transferSyntaxUid: raw.transferSyntaxUid });
  return { path: fileId.join('/'), sopInstanceUid, source: sourceOfRecords };
}
