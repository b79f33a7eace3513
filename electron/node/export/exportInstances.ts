import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { DeidentifyRefusal, deidentifyInstance } from '../../common/deidentify/deidentifyInstance';
import { buildDirectoryRecords } from '../../common/dicom/dicomdir/buildDirectoryRecords';
import type { RecordSource } from '../../common/dicom/dicomdir/recordSource';
import { writeDicomDir } from '../../common/dicom/dicomdir/writeDicomDir';
import { exportFormatOf, fileSetIdProblem, type ExportProgress, type ExportRequest, type ExportResult } from '../../common/export/exportRequest';
import { MediaFileIds } from '../../common/export/mediaFileIds';
import { mediaProfileOf } from '../../common/export/mediaProfile';
import { mediaIndexHtml, mediaReadme } from '../../common/export/mediaReadme';
import { createCharacterSetDecoder } from '../../common/dicom/characterSets';
import type { StoredInstance } from '../cache/cacheIndex';
import type { StudyCache } from '../cache/studyCache';
import { LIGHTBOX_VERSION } from '../host/version';
import { exportDeidentification, type ExportDeidentification } from './exportDeidentify';
import { ExportError, openExportSink, type ExportSink } from './exportSinks';
import { placeInFolder, placeOnMedia, type PlacedInstance } from './placeInstance';
import { resolveExportUids } from './resolveExportUids';
import { transcodeToExplicitLittleEndian } from './transcodeInstance';

const utf8 = new TextEncoder();
const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** A new UID for the file-set (PS3.5 B.2: 2.25 and a random UUID as a decimal integer). */
function newUid(): string {
  return `2.25.${BigInt(`0x${randomUUID().replace(/-/g, '')}`).toString(10)}`;
}

/** The stored file's bytes, read through the cache's reader (plain or sealed at rest). */
async function readStored(cache: StudyCache, instance: StoredInstance): Promise<Uint8Array> {
  const file = await cache.openObject(instance.objectPath, instance.sopUid);
  try {
    return await file.readAll();
  } finally {
    await file.close();
  }
}

/** Series Description per Series Instance UID, from the record sources (INDEX.HTM lists it). */
function seriesDescriptions(sources: RecordSource[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of sources) {
    const get = (tag: number): Uint8Array | undefined => s.elements.find((e) => e.tag === tag)?.value;
    const series = new TextDecoder('latin1').decode(get(0x0020000e) ?? new Uint8Array(0)).replace(/[\0 ]+$/, '');
    const description = get(0x0008103e);
    if (out.has(series) || !description) continue;
    const charset = get(0x00080005);
    out.set(series, createCharacterSetDecoder(charset ? new TextDecoder('latin1').decode(charset).trim().split('\\') : undefined).decode(description).trim());
  }
  return out;
}

/**
 * Exports cached instances (study, series or SOP Instance UIDs) to a folder, a zip archive or an
 * ISO image, optionally as IHE PDI media with a DICOMDIR we write, optionally transcoded to
 * Explicit VR Little Endian and de-identified under a project's key and pseudonyms. Files are read
 * through the cache's reader and, unless transformed, written byte for byte. `onProgress` is called
 * after each instance; `signal` cancels, and a cancelled or failed export leaves nothing at the
 * destination. Each study exported is audited ('export', PS3.15 A.5.3 "Export"), as is a failure.
 */
export async function exportInstances(cache: StudyCache, request: ExportRequest, onProgress?: (p: ExportProgress) => void, signal?: AbortSignal): Promise<ExportResult> {
  const format = request.format ?? exportFormatOf(request.out);
  const pdi = format === 'iso' || request.pdi === true;
  const fileSetId = request.fileSetId ?? 'LIGHTBOX';
  const idProblem = fileSetIdProblem(fileSetId);
  if (idProblem) throw new ExportError(idProblem);
  const instances = resolveInstances(cache, request.uids);
  const deid = request.deidentify ? exportDeidentification(cache, request.deidentify, instances) : undefined;
  signal?.throwIfAborted();
  const sink = await openExportSink(format, request.out, fileSetId);
  const result: ExportResult = { out: request.out, format, pdi, instances: 0, studies: [], bytes: 0, kept: [], refused: [], invented: [], pseudonyms: [] };
  const exportedByStudy = new Map<string, string[]>();
  try {
    await writeInstances(cache, instances, request, { sink, deid, pdi, result, exportedByStudy, onProgress, signal, fileSetId });
    if (result.instances === 0) throw new ExportError(`nothing could be exported: ${result.refused.map((r) => r.reason).join('; ')}`);
    if (format === 'iso') onProgress?.({ phase: 'image', instancesDone: instances.length, instancesTotal: instances.length, bytesWritten: result.bytes });
    signal?.throwIfAborted();
    await sink.finish(signal);
  } catch (error) {
    await sink.discard();
    deid?.project.save();
    auditExport(cache, request, exportedByStudy.size ? exportedByStudy : studiesOf(instances), signal?.aborted ? 'cancelled: nothing was written' : `failed: ${message(error)}`, format, pdi, deid);
    throw error;
  }
  deid?.project.save();
  result.studies = [...exportedByStudy.keys()];
  auditExport(cache, request, exportedByStudy, 'success', format, pdi, deid, result.pseudonyms);
  return result;
}

function resolveInstances(cache: StudyCache, uids: string[]): StoredInstance[] {
  if (uids.length === 0) throw new ExportError('name at least one study, series or SOP Instance UID');
  return resolveExportUids(cache, uids);
}

function addTo(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function studiesOf(instances: StoredInstance[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const i of instances) addTo(out, i.studyUid, i.sopUid);
  return out;
}

interface WriteState {
  sink: ExportSink;
  deid: ExportDeidentification | undefined;
  pdi: boolean;
  result: ExportResult;
  exportedByStudy: Map<string, string[]>;
  onProgress: ((p: ExportProgress) => void) | undefined;
  signal: AbortSignal | undefined;
  fileSetId: string;
}

/** Reads, transforms and writes each instance, then (PDI) the DICOMDIR, README.TXT and INDEX.HTM. */
async function writeInstances(cache: StudyCache, instances: StoredInstance[], request: ExportRequest, s: WriteState): Promise<void> {
  const { sink, deid, pdi, result } = s;
  const ids = new MediaFileIds();
  const sources: RecordSource[] = [];
  const pseudonyms = new Set<string>();
  for (const [n, instance] of instances.entries()) {
    s.signal?.throwIfAborted();
    const refuse = (reason: string): void => void result.refused.push({ sopInstanceUid: instance.sopUid, reason });
    let bytes: Uint8Array;
    try {
      bytes = await readStored(cache, instance);
    } catch (error) {
      refuse(`cannot be read from the cache: ${message(error)}`);
      continue;
    }
    if (request.transcode === 'explicit-le') {
      const t = await transcodeToExplicitLittleEndian(bytes, instance.sopUid).catch((error: unknown) => ({ kept: message(error), transferSyntaxUid: '' }));
      if ('kept' in t) result.kept.push({ sopInstanceUid: instance.sopUid, transferSyntaxUid: t.transferSyntaxUid, reason: t.kept });
      else bytes = t.bytes;
    }
    if (deid) {
      try {
        const done = deidentifyInstance(bytes, instance.sopUid, deid.context);
        bytes = done.bytes;
        pseudonyms.add(done.pseudonym);
      } catch (error) {
        refuse(error instanceof DeidentifyRefusal ? message(error) : `not de-identified: ${message(error)}`);
        continue;
      }
    }
    let placed: PlacedInstance;
    try {
      placed = pdi ? placeOnMedia(bytes, instance.sopUid, ids) : placeInFolder(bytes, instance.sopUid);
    } catch (error) {
      refuse(`cannot be put on ${pdi ? 'PDI media' : 'the export'}: ${message(error)}`);
      continue;
    }
    await sink.add(placed.path, bytes);
    if (placed.source) sources.push(placed.source);
    result.instances++;
    result.bytes += bytes.length;
    addTo(s.exportedByStudy, instance.studyUid, instance.sopUid);
    s.onProgress?.({ phase: 'writing', instancesDone: n + 1, instancesTotal: instances.length, bytesWritten: result.bytes });
  }
  result.pseudonyms = [...pseudonyms];
  if (!pdi || sources.length === 0) return;
  s.onProgress?.({ phase: 'dicomdir', instancesDone: instances.length, instancesTotal: instances.length, bytesWritten: result.bytes });
  const profile = mediaProfileOf(sources.map((x) => x.transferSyntaxUid));
  const { roots, invented } = buildDirectoryRecords(sources, profile.keySet);
  result.profile = profile;
  result.invented = invented;
  const description = { createdBy: `Lightbox ${LIGHTBOX_VERSION}`, createdAt: new Date(), profile, kept: result.kept.length, ...(deid ? { deidentified: deid.description } : {}) };
  const dicomDir = writeDicomDir(roots, { fileSetId: s.fileSetId, fileSetUid: newUid() });
  await sink.add('DICOMDIR', dicomDir);
  await sink.add('README.TXT', utf8.encode(mediaReadme(roots, description)));
  await sink.add('INDEX.HTM', utf8.encode(mediaIndexHtml(roots, description, seriesDescriptions(sources))));
  result.bytes += dicomDir.length;
}

/** One audit entry per study exported from (its patient as the cache knows them), naming where to and how. */
function auditExport(
  cache: StudyCache,
  request: ExportRequest,
  byStudy: Map<string, string[]>,
  outcome: string,
  format: string,
  pdi: boolean,
  deid: ExportDeidentification | undefined,
  pseudonyms: string[] = [],
): void {
  if (cache.readOnly) return;
  const how = [
    `${format}${pdi ? ' (IHE PDI media)' : ''} ${path.resolve(request.out)}`,
    ...(request.transcode === 'explicit-le' ? ['transcoded to Explicit VR Little Endian'] : []),
    ...(deid ? [`de-identified: ${deid.description}${pseudonyms.length ? ` as ${pseudonyms.join(', ')}` : ''}`] : []),
  ].join('; ');
  for (const [studyUid, sops] of byStudy) {
    try {
      cache.audit({ action: 'export', outcome, studyUid, peer: path.resolve(request.out), instances: sops.length, sopClasses: cache.index.sopClassesOf(sops), detail: `${sops.length} instances to ${how}` });
    } catch (error) {
      console.warn(`lightbox: export not audited for study ${studyUid}: ${message(error)}`);
    }
  }
}
