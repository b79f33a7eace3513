import type { DicomJsonDataset } from '../dicom/model/dicomJson';

/**
 * A worklist query, as the reader or the CLI asks it. Values are DICOM matching patterns: `*` and
 * `?` wildcards in names, `A-B` (or `A-`, `-B`) date ranges.
 */
export interface WorklistQuery {
  /** Scheduled Procedure Step Start Date: `YYYYMMDD` or a range `YYYYMMDD-YYYYMMDD`. */
  scheduledDate?: string;
  modality?: string;
  /** Scheduled Station AE Title (the modality that will perform the step). */
  stationAeTitle?: string;
  accessionNumber?: string;
  patientId?: string;
  patientName?: string;
}

/** The scheduled procedure step of an entry (one per entry: PS3.4 K.6.1.2.2 answers one item per match). */
export interface ScheduledStep {
  id: string;
  /** DA `YYYYMMDD` and TM `HHMMSS[.F]`, as the RIS gave them. */
  startDate: string;
  startTime: string;
  modality: string;
  /** Scheduled Station AE Title(s) (a step may list several stations). */
  stationAeTitles: string[];
  description: string;
}

/**
 * One worklist entry from the RIS, whichever way it came: a Modality Worklist C-FIND response
 * (`mwl`) or a UPS-RS workitem (`ups-rs`). `dataset` is the response as received (DICOM JSON).
 */
export interface WorklistEntry {
  source: 'mwl' | 'ups-rs';
  patientName: string;
  patientId: string;
  patientBirthDate: string;
  patientSex: string;
  accessionNumber: string;
  requestedProcedureId: string;
  requestedProcedureDescription: string;
  /** The study the order will produce (may already exist on the PACS); empty when the RIS gave none. */
  studyInstanceUid: string;
  scheduledStep: ScheduledStep;
  /** UPS-RS only: the workitem's SOP Instance UID. */
  workitemUid?: string;
  dataset: DicomJsonDataset;
}

/** How much of an entry's study the local cache holds. */
export interface WorklistCacheState {
  /** `complete`: every instance the studies node lists is cached; `partial`: some; `absent`: none. */
  state: 'complete' | 'partial' | 'absent';
  cachedInstances: number;
  /** Instances of the study on the studies node; absent when no node was asked or the node does not hold it yet. */
  remoteInstances?: number;
  /** The study's UID as used for the cache (the entry's, or the one the studies node has for its accession number). */
  studyInstanceUid?: string;
}

/** A worklist entry with its cache state: what a study browser lists. */
export interface WorklistItem extends WorklistEntry {
  cache: WorklistCacheState;
}

/** The host's worklist request: which node to ask, the query, and where the studies are (for the cache state). */
export interface WorklistRequest {
  query: WorklistQuery;
  /** Node to compare instance counts with (default: the first configured node that does not serve the worklist). */
  studiesNode?: string;
}
