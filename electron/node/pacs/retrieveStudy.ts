import type { StudyCache } from '../cache/studyCache';
import { find, get, move, type RetrieveCounts } from '../dimse/dimseScu';
import { DimseError } from '../dimse/dimseErrors';
import { TransferSyntax } from '../../common/dicom/transferSyntax';
import { stringValue, Tag } from '../../common/dicom/model/dicomJsonAccess';
import { dimsePeer, type PacsNode } from './pacsSettings';
import type { DicomWebClient } from './dicomWebClient';
import { nodeAuditParty } from './nodeAuditParty';

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
  let listing: ListedInstance[] = [];
  let cachedBefore = new Set<string>();
  try {
    listing = await listInstances(options);
    cachedBefore = new Set(listing.filter((i) => options.cache.index.findInstance(i.sop)).map((i) => i.sop));
    const result = await retrieveListed(options, listing, cachedBefore);
    auditRetrieve(options, listing, cachedBefore, result.missing, undefined);
    return result;
  } catch (error) {
    auditRetrieve(options, listing, cachedBefore, undefined, error);
    throw error;
  }
}

/**
 * One 'retrieve' row per retrieve (PS3.15 A.5.3.2, we are the destination): the node, how many
 * instances arrived per SOP class, and what did not. (A C-MOVE's instances arrive on our Storage
 * SCP, which audits them as received from the node's AE too.)
 */
function auditRetrieve(options: RetrieveOptions, listing: ListedInstance[], cachedBefore: Set<string>, missing: string[] | undefined, error: unknown): void {
  const { cache, node, studyUid, via } = options;
  const missed = new Set(missing ?? listing.filter((i) => !cache.index.findInstance(i.sop)).map((i) => i.sop));
  const arrived = listing.filter((i) => !cachedBefore.has(i.sop) && !missed.has(i.sop));
  const sopClasses: Record<string, number> = {};
  for (const i of arrived) sopClasses[i.sopClass] = (sopClasses[i.sopClass] ?? 0) + 1;
  const failure = error !== undefined ? (error instanceof Error ? error.message : String(error)) : missed.size ? `${missed.size} of ${listing.length} instance(s) did not arrive` : '';
  const how = { move: 'C-MOVE', get: 'C-GET', wado: 'WADO-RS' }[node.kind === 'dicomweb' ? 'wado' : via];
  try {
    cache.audit({
      action: 'retrieve',
      outcome: failure || 'success',
      outcomeCode: !failure ? 0 : arrived.length ? 4 : 8,
      studyUid,
      instances: arrived.length,
      sopClasses,
      ...nodeAuditParty(node, options.ourAeTitle),
      detail: `${how} from ${node.name}: ${listing.length} at the node, ${cachedBefore.size} already cached, ${arrived.length} retrieved`,
    });
  } catch (auditError) {
    // The retrieve's own result stands; the row's loss is said.
    console.warn(`lightbox: audit row for the retrieve of ${studyUid} not written: ${auditError instanceof Error ? auditError.message : String(auditError)}`);
  }
}

async function retrieveListed(options: RetrieveOptions, listing: ListedInstance[], cachedBefore: Set<string>): Promise<RetrieveResult> {
  const { cache, node, studyUid } = options;
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
