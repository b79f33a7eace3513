import type { StudyCache } from '../cache/studyCache';
import { find, get, move, type RetrieveCounts } from '../dimse/dimseScu';
import { DimseError } from '../dimse/dimseErrors';
import { TransferSyntax } from '../../common/dicom/transferSyntax';
import { stringValue, Tag } from '../../common/dicom/model/dicomJsonAccess';
import { dimsePeer, type PacsNode } from './pacsSettings';
import type { DicomWebClient } from './dicomWebClient';

export type RetrieveVia = 'move' | 'get' | 'wado';

export interface RetrieveProgress {
  /** Instances of the study at the node. */
  total: number;
  /** Already in the cache before this retrieve (a re-run skips them). */
  alreadyCached: number;
  /** Received by this retrieve so far. */
  received: number;
  failed: number;
}

export interface RetrieveResult extends RetrieveProgress {
  studyUid: string;
  /** Instances the node has that are still not in the cache afterwards. */
  missing: string[];
}

/** Syntaxes proposed for C-GET: what PACS commonly store, so that nothing needs transcoding on their side. */
const GET_SYNTAXES = [
  TransferSyntax.ExplicitVRLittleEndian,
  TransferSyntax.ImplicitVRLittleEndian,
  TransferSyntax.JpegLsLossless,
  TransferSyntax.Jpeg2000Lossless,
  TransferSyntax.JpegLosslessSV1,
  TransferSyntax.RleLossless,
  TransferSyntax.JpegBaseline,
  TransferSyntax.Jpeg2000,
  TransferSyntax.JpegLsNearLossless,
  TransferSyntax.JpegExtended12Bit,
  TransferSyntax.Htj2kLossless,
];

export interface RetrieveOptions {
  cache: StudyCache;
  node: PacsNode;
  studyUid: string;
  via: RetrieveVia;
  ourAeTitle: string;
  /** For `wado` (and DICOMweb nodes). */
  dicomWeb?: DicomWebClient;
  /** For `move`: resolves once what our SCP received so far is indexed (it runs in this process or in the app). */
  flushReceived?: () => Promise<void>;
  onProgress?: (progress: RetrieveProgress) => void;
}

/**
 * Retrieves a study into the cache, resumable: it first lists the study's instances at the
 * node (C-FIND IMAGE level, or QIDO), skips the series already complete in the cache, and asks
 * only for the rest, so a retrieve interrupted by an outage is simply run again — nothing is
 * fetched twice and nothing is stored twice (instances are keyed by SOP Instance UID).
 */
export async function retrieveStudy(options: RetrieveOptions): Promise<RetrieveResult> {
  const { cache, node, studyUid } = options;
  const listing = await listInstances(options);
  const cachedBefore = new Set(listing.filter((i) => cache.index.findInstance(i.sop)).map((i) => i.sop));
  const progress: RetrieveProgress = { total: listing.length, alreadyCached: cachedBefore.size, received: 0, failed: 0 };
  options.onProgress?.({ ...progress });
  const incompleteSeries = [...new Set(listing.filter((i) => !cachedBefore.has(i.sop)).map((i) => i.series))];
  for (const series of incompleteSeries) {
    const report = (counts: RetrieveCounts): void => options.onProgress?.({ ...progress, received: progress.received + counts.completed, failed: progress.failed + counts.failed });
    let counts: RetrieveCounts;
    if (options.via === 'wado' || node.kind === 'dicomweb') {
      if (!options.dicomWeb) throw new Error(`${node.name}: retrieving by WADO-RS needs a DICOMweb node`);
      counts = await options.dicomWeb.retrieveSeries(studyUid, series, (file, source) => void cache.store(file, source), report);
    } else if (options.via === 'get') {
      const sopClasses = [...new Set(listing.filter((i) => i.series === series).map((i) => i.sopClass).filter(Boolean))];
      counts = await get(dimsePeer(node), options.ourAeTitle, 'SERIES', { StudyInstanceUID: studyUid, SeriesInstanceUID: series }, { sopClasses, transferSyntaxes: GET_SYNTAXES }, (file, sop) => void cache.store(file, `${node.name} ${sop}`), report);
    } else {
      counts = await move(dimsePeer(node), options.ourAeTitle, options.ourAeTitle, 'SERIES', { StudyInstanceUID: studyUid, SeriesInstanceUID: series }, report);
      await options.flushReceived?.();
    }
    progress.received += counts.completed;
    progress.failed += counts.failed;
    options.onProgress?.({ ...progress });
  }
  const missing = listing.filter((i) => !cache.index.findInstance(i.sop)).map((i) => i.sop);
  return { ...progress, studyUid, missing };
}

interface ListedInstance {
  sop: string;
  series: string;
  sopClass: string;
}

async function listInstances(options: RetrieveOptions): Promise<ListedInstance[]> {
  const { node, studyUid } = options;
  if (node.kind === 'dicomweb') {
    if (!options.dicomWeb) throw new Error(`${node.name}: no DICOMweb client`);
    return (await options.dicomWeb.searchInstances(studyUid)).map((ds) => ({ sop: stringValue(ds, Tag.SOPInstanceUID) ?? '', series: stringValue(ds, Tag.SeriesInstanceUID) ?? '', sopClass: stringValue(ds, Tag.SOPClassUID) ?? '' }));
  }
  const found = await find(dimsePeer(node), options.ourAeTitle, 'IMAGE', { StudyInstanceUID: studyUid, SeriesInstanceUID: '', SOPInstanceUID: '', SOPClassUID: '' });
  const listed = found.map((ds) => ({ sop: stringValue(ds, Tag.SOPInstanceUID) ?? '', series: stringValue(ds, Tag.SeriesInstanceUID) ?? '', sopClass: stringValue(ds, Tag.SOPClassUID) ?? '' }));
  if (listed.length === 0) throw new DimseError(node.name, 'status', `study ${studyUid} not found`);
  return listed;
}
