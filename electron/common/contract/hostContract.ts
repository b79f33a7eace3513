/**
 * The one contract between the renderer and the host (Electron main, or browser mode's Node
 * process). Every request the renderer can make is listed here, with its HTTP shape and its
 * types; the host's request handler must implement every entry (checked at compile time by
 * `HostRouteImplementations`), and the renderer's client is typed from the same table.
 *
 * Requests travel as web-standard `Request`/`Response`: over the privileged `lightbox://`
 * scheme inside Electron, over loopback HTTP in browser mode. Bulk pixel data is binary
 * (`responseType: 'binary'`), never JSON. Host → renderer events are `HostEvent`s, delivered by
 * IPC in Electron and by Server-Sent Events (`eventsPath`) in browser mode.
 */

import type { HangingResult } from '../hanging/hangingEngine';
import type { HangingProtocol } from '../hanging/protocolTypes';
import type { SuvOverrides } from '../pet/suvTypes';
import type { DicomJsonDataset } from '../dicom/model/dicomJson';
import type { SerializedJson } from './serializedJson';
import type { ResultObject } from '../results/resultObjects';
import type { SegmentationStatisticsReport } from '../results/seg/segmentationStatisticsReport';
import type { ExportJob } from '../export/exportJob';
import type { ExportRequest } from '../export/exportRequest';
import type { SecondOpinionRequest, SecondOpinionResponse } from '../export/secondOpinion';
import type { WorklistItem, WorklistRequest } from '../worklist/worklistTypes';


/** Event-loop delay in milliseconds (perf_hooks.monitorEventLoopDelay, 5 ms resolution). */
export interface EventLoopDelay {
  p50: number;
  p99: number;
  max: number;
  samples: number;
}

/** The host's health, for diagnostics and benchmarks. */
export interface HostDiagnostics {
  pid: number;
  uptimeSeconds: number;
  /** Since the host started, or since the last request with `reset`. */
  eventLoop: EventLoopDelay;
  decoderThreads: number;
}

export interface HostInfo {
  product: 'Lightbox';
  version: string;
  /** How the renderer reached the host. */
  mode: 'electron' | 'browser';
  /** The per-user data folder the host reads and writes (cache, settings, audit). */
  dataDir: string;
  /** Shown in the status bar: why the desktop shell is not running, when it is not. */
  notice?: string;
}

export interface StudySummary {
  studyInstanceUid: string;
  patientName: string;
  patientId: string;
  accessionNumber: string;
  studyDate: string;
  studyDescription: string;
  modalities: string[];
  seriesCount: number;
  instanceCount: number;
  sizeBytes: number;
  pinned: boolean;
  /** The reader's reading status (the local cache's search fills it in; absent elsewhere: unread). */
  readingStatus?: ReadingStatus;
}

/** Where the reading of a study stands: set to in-progress when it is opened, to read (or back) by the reader. */
export type ReadingStatus = 'unread' | 'in-progress' | 'read';

/** A study's reading status with who set it last and when (never set: unread, no one). */
export interface StudyReadingStatus {
  studyInstanceUid: string;
  status: ReadingStatus;
  /** ISO 8601 UTC; '' when never set. */
  changedAt: string;
  changedBy: string;
}

export interface StudySearchQuery {
  /** Patient name, DICOM wildcards `*` and `?` allowed. */
  patientName?: string;
  patientId?: string;
  accessionNumber?: string;
  /** DICOM date range `YYYYMMDD-YYYYMMDD` (either side may be empty). */
  studyDate?: string;
  modality?: string;
  /** Patient name, patient ID or accession number containing this text (any of the three; wildcards allowed). */
  text?: string;
  /** Comma-separated reading statuses (`unread,in-progress`). */
  readingStatus?: string;
  /** One study (the viewer's toolbar asks for the open study's row). */
  studyInstanceUid?: string;
  limit?: number;
}

export interface DisplayBounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DisplayInfo {
  /** Stable id: Electron's display id, or the virtual display number in browser mode. */
  id: string;
  label: string;
  bounds: DisplayBounds;
  scaleFactor: number;
  primary: boolean;
  /**
   * Its role in this reading room (`diagnostic`, `diagnostic-2`, `worklist`, `color` …): from the
   * workstation's profile, else diagnostic displays numbered left to right.
   */
  role?: string;
}

/** A measurement or annotation on one image, in image-plane mm from the image's top-left corner. */
export interface StoredMeasurement {
  id: string;
  kind: 'length' | 'angle' | 'cobb' | 'ellipse' | 'rectangle' | 'freehand' | 'probe' | 'arrow';
  seriesInstanceUid: string;
  sopInstanceUid: string;
  /** 1-based frame number. */
  frame: number;
  points: [number, number][];
  text?: string;
}

/** The measurements of a study, kept with it in the local cache. */
/** A measurement made in an MPR view: patient points (LPS mm) and the plane it was drawn in. */
export interface StoredVolumeMeasurement {
  id: string;
  kind: 'length' | 'angle' | 'ellipse';
  seriesInstanceUid: string;
  points: Array<[number, number, number]>;
  plane: { right: [number, number, number]; down: [number, number, number]; normal: [number, number, number] };
  /** Ellipse ROI statistics in modality units. */
  stats?: { pixels: number; mean: number; sd: number; min: number; max: number; areaMm2: number };
}

/** An image the reader marked as key (a Key Object Selection lists them when results are saved). */
export interface StoredKeyImage {
  /** `${sopInstanceUid}#${frame}`: one mark per frame. */
  id: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  /** 1-based frame number. */
  frame: number;
}

/**
 * What is kept with a study, versioned: every save raises `version` and every window is told
 * (`onDidChangeAnnotations`). Windows send their changes, measurement by measurement
 * (`AnnotationChanges`), so two windows editing one study never drop each other's; a PUT of whole
 * lists (kept for scripts) replaces the lists it carries and keeps the others.
 */
export interface StudyAnnotations {
  studyInstanceUid: string;
  measurements: StoredMeasurement[];
  volumeMeasurements?: StoredVolumeMeasurement[];
  keyImages?: StoredKeyImage[];
  /** ISO time of the last save; absent when nothing was saved yet. */
  savedAt?: string;
  /** Raised by every save; 0 (or absent, in files of older versions) before the first. */
  version?: number;
}

/**
 * The reader's replacements for a PET series' SUV inputs (weight, height, injected dose, injection
 * time), kept on the host per series and audited; every SUV shown for the series uses them and is
 * marked "SUV (edited)". An empty `overrides` means the header's values are used.
 */
export interface SeriesSuvOverrides {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  overrides: SuvOverrides;
  /** ISO time and user of the last change; absent when nothing was ever overridden. */
  savedAt?: string;
  savedBy?: string;
}

/** One window's edits since it last heard from the host: measurements added or changed (by id), and removed ids. */
export interface AnnotationChanges {
  upsert?: StoredMeasurement[];
  remove?: string[];
  upsertVolume?: StoredVolumeMeasurement[];
  removeVolume?: string[];
  upsertKeyImages?: StoredKeyImage[];
  removeKeyImages?: string[];
}

export interface OpenStudyCommand {
  studyInstanceUid?: string;
  accessionNumber?: string;
}

export interface OpenStudyResult {
  accepted: boolean;
  studyInstanceUid?: string;
  message: string;
}

/** The decode-once volume of a series: how to read the raw block `getSeriesVolume` streams. */
export interface VolumeBlockInfo {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  /** [columns, rows, slices]. */
  dimensions: [number, number, number];
  /** [column spacing, row spacing, slice spacing] mm. */
  spacing: [number, number, number];
  /** Row direction, column direction, slice direction (LPS). */
  direction: [[number, number, number], [number, number, number], [number, number, number]];
  origin: [number, number, number];
  /**
   * From one slice's position to the next (LPS mm, the mean over the series): along `direction[2]`
   * unless the gantry was tilted, when it leans by `tiltDegrees` (the slices are sheared). Absent
   * in blocks built by earlier versions.
   */
  sliceStep?: [number, number, number];
  tiltDegrees?: number;
  /** Stored values, little endian, slice after slice in `direction[2]` order. */
  sampleType: 'uint8' | 'int8' | 'uint16' | 'int16';
  /**
   * Smallest and largest stored value, taken as the block is built, so that opening a volume never
   * scans it. Absent in blocks built by earlier versions.
   */
  sampleRange?: [number, number];
  /** Modality LUT to apply for physical units (e.g. HU). */
  rescale: { slope: number; intercept: number };
  uniform: boolean;
  warnings: string[];
  /** SOP Instance UID and frame number of each slice, in block order. */
  slices: Array<{ sopInstanceUid: string; frame: number }>;
  byteLength: number;
  /** SHA-256 of the block, checked by `lightbox cache verify`. */
  sha256: string;
}

/** A remote node as the UI shows it (credentials never leave the host). */
export interface PacsNodeStatus {
  name: string;
  kind: 'dimse' | 'dicomweb';
  /** `AET@host:port (DIMSE)` or the DICOMweb URL. */
  description: string;
  /** From the heartbeat (C-ECHO / QIDO) and from every request's outcome. */
  state: 'online' | 'offline' | 'unknown';
  /** ISO time of the last check. */
  checkedAt?: string;
  /** ISO time since when it is offline. */
  offlineSince?: string;
  roundTripMs?: number;
  error?: string;
  /** An algorithm host: "Send to AI" sends it studies, and their results are awaited. */
  aiService?: boolean;
  /** Serves the RIS worklist (Modality Worklist C-FIND, or UPS-RS): `queryWorklist` asks it. */
  worklist?: boolean;
}

/** Networking as a whole: our AE, our Storage SCP, the nodes, the outbox, the retrieves. */
export interface PacsStatus {
  aeTitle: string;
  scpPort: number;
  /** False with `scpError` when the port could not be opened. */
  scpListening: boolean;
  scpError?: string;
  nodes: PacsNodeStatus[];
  outbox: { queued: number; sending: number; sent: number; failed: number };
  /** Instances our Storage SCP stored (and indexed) since the host started. */
  received: number;
  retrieves: RetrieveJob[];
}

/** A study found on a remote node (C-FIND STUDY level or QIDO-RS). */
export interface RemoteStudy {
  studyInstanceUid: string;
  patientName: string;
  patientId: string;
  accessionNumber: string;
  studyDate: string;
  studyDescription: string;
  modalities: string[];
  seriesCount?: number;
  instanceCount?: number;
  /** Instances of it already in the local cache. */
  cachedInstances: number;
}

/** A node as entered in the PACS settings; the credential travels once, to the host, which seals it. */
export type PacsNodeInput =
  | { kind: 'dimse'; aeTitle: string; host: string; port: number; timeoutMs?: number; aiService?: boolean; worklist?: boolean }
  | { kind: 'dicomweb'; url: string; timeoutMs?: number; /** Omitted: keep the one stored; empty: remove it. */ authorization?: string; aiService?: boolean; worklist?: boolean };

/** A study sent to an AI service node, and whether results for it came back since. */
export interface AiRequest {
  node: string;
  /** ISO time the study was queued for the node. */
  requestedAt: string;
  state: 'pending' | 'answered';
  /** ISO time and SOP Instance UID of the first result (not made by Lightbox) stored for the study after the request. */
  answeredAt?: string;
  answeredBy?: string;
}

/** What one viewport shows, to keep as a Grayscale Softcopy Presentation State. */
export interface ViewportPresentation {
  seriesInstanceUid: string;
  sopInstanceUid: string;
  /** 1-based frame number. */
  frame: number;
  window?: { center: number; width: number };
  invert: boolean;
  rotation: 0 | 90 | 180 | 270;
  flipH: boolean;
  flipV: boolean;
  /** The part of the image in view, image-plane mm of the unrotated image; absent: the whole image. */
  visibleMm?: { left: number; top: number; right: number; bottom: number };
}

/**
 * "Save results": the study's measurements as a TID 1500 report, its key images as a Key Object
 * Selection, and each viewport's display as a presentation state, stored in the cache as new
 * series and sent to the nodes named (through the outbox).
 */
export interface SaveResultsRequest {
  /** CID 7010 code value of the key image document's title (default 113000, Of Interest). */
  keyImageTitle?: string;
  keyImageDescription?: string;
  presentations?: ViewportPresentation[];
  sendTo?: string[];
}

export interface SaveResultsResponse {
  written: Array<{ kind: 'sr' | 'ko' | 'pr'; sopInstanceUid: string; seriesInstanceUid: string }>;
  /** What was left out and why (a measurement on an image not in the cache, nothing to save …). */
  skipped: string[];
  /** Instances queued for the nodes in `sendTo`. */
  queued: number;
}

/**
 * "Save registration": the fused series' alignment by hand, stored in the cache as a Spatial
 * Registration object (a Lightbox REG series of the study) that maps the fused series' Frame of
 * Reference onto the images'. Re-opening the study applies it.
 */
export interface SaveRegistrationRequest {
  /** The Frame of Reference of the images fused over (the registered space). */
  imageFrameOfReferenceUid: string;
  /** The series moved onto them. */
  movingSeriesUid: string;
  /** Fused series FoR point → image FoR point, row-major 4×4; rigid. */
  matrix: number[];
}

export interface SaveRegistrationResponse {
  sopInstanceUid: string;
  seriesInstanceUid: string;
}

/** A study's result objects and its requests to AI services. */
export interface StudyResults {
  results: ResultObject[];
  aiRequests: AiRequest[];
}

/** Matching keys for a remote study search, as the study browser asks them. */
export interface RemoteStudyQuery {
  studyInstanceUid?: string;
  patientName?: string;
  patientId?: string;
  accessionNumber?: string;
  /** DICOM date range `YYYYMMDD-YYYYMMDD`. */
  studyDate?: string;
  modality?: string;
}

export interface RetrieveJob {
  id: string;
  node: string;
  studyInstanceUid: string;
  via: 'move' | 'get' | 'wado';
  state: 'queued' | 'running' | 'done' | 'failed';
  total: number;
  /** Already cached + received so far. */
  done: number;
  failed: number;
  error?: string;
  /** Higher first: a study opened for reading jumps the prefetch queue. */
  priority: number;
}

/** Host → renderer events. Names follow the `onDid…` convention. */
export type HostEvent =
  | { type: 'onDidOpenStudy'; studyInstanceUid: string }
  | { type: 'onDidChangeDisplays'; displays: DisplayInfo[] }
  | { type: 'onDidChangeStudies'; studyInstanceUids: string[] }
  /** A study's measurements were saved (by any window): windows showing it merge the new version. */
  | { type: 'onDidChangeAnnotations'; studyInstanceUid: string; version: number }
  /** A PET series' SUV input overrides changed: every window showing its SUV reloads it. */
  | { type: 'onDidChangeSuvOverrides'; studyInstanceUid: string; seriesInstanceUid: string }
  /** A study's reading status changed (opened for reading, or set by the reader): study lists update the row. */
  | { type: 'onDidChangeReadingStatus'; status: StudyReadingStatus }
  | { type: 'onDidChangePacs'; status: PacsStatus }
  /** An export started, progressed (a few times a second at most), finished, failed or was cancelled. */
  | { type: 'onDidChangeExport'; job: ExportJob }
  /**
   * The desktop app's host process stopped unexpectedly and is being restarted, is back, or keeps
   * failing (sent by Electron main, not the host). Work it acknowledged is on disk and stays.
   */
  | { type: 'onDidChangeHostState'; state: 'running' | 'restarting' | 'failed'; message?: string };

/** A multipart/related body (PS3.18 8.6.1.2): WADO-RS frames, bulk data and instances. */
export interface MultipartBody {
  /** The `type` parameter of the multipart/related media type. */
  type: string;
  parts: Array<{ contentType: string; bytes: Uint8Array; location?: string }>;
}

/**
 * A multipart/related request body as the host receives it: parts read from the request as they
 * are asked for, never the whole body in memory (a STOW-RS of gigabytes streams to disk). Read
 * each part's chunks before asking for the next part; chunks are views valid until then.
 */
export interface StreamedMultipartBody {
  /** The `type` parameter of the multipart/related media type. */
  type: string;
  parts: AsyncIterable<StreamedPart>;
}

/** One part of a `StreamedMultipartBody`: its headers, then its bytes as they arrive. */
export interface StreamedPart {
  contentType: string;
  location?: string;
  chunks: AsyncIterable<Uint8Array>;
}

/** QIDO-RS query parameters (PS3.18 8.3.4): attribute matching by keyword, paging, extra fields. */
export type QidoQuery = Record<string, string | undefined> & { limit?: string; offset?: string; includefield?: string };

/** Hanging protocols as the editor and the CLI list them. */
export interface ProtocolList {
  protocols: Array<{ protocol: HangingProtocol; source: 'shipped' | 'user' }>;
  /** Protocol files that could not be used, each naming the file and the problem. */
  problems: string[];
}

/** Typed description of every host request: path params, query, body, response. */
export interface HostRequests {
  getHostInfo: { params: Empty; query: Empty; body: undefined; response: HostInfo };
  /** The host's event-loop delay and threads; `reset=1` starts the next measurement window. */
  getHostDiagnostics: { params: Empty; query: { reset?: string }; body: undefined; response: HostDiagnostics };
  searchStudies: { params: Empty; query: StudySearchQuery; body: undefined; response: StudySummary[] };
  /** How to read a series' decode-once volume (built on first request). */
  getSeriesVolumeInfo: { params: { studyUid: string; seriesUid: string }; query: Empty; body: undefined; response: VolumeBlockInfo };
  /** The decode-once volume block of one series, raw little-endian samples. */
  getSeriesVolume: {
    params: { studyUid: string; seriesUid: string };
    query: Empty;
    body: undefined;
    response: ArrayBuffer;
  };
  /**
   * One decoded frame ready for display: grayscale as its stored samples (little-endian, typed by Bits
   * Allocated and Pixel Representation, sign-extended from Bits Stored); colour (RGB, YBR_*, PALETTE
   * COLOR) as 8-bit RGB triplets. WADO-RS `wadoFrames` keeps the decoded native samples instead.
   */
  getFrame: {
    params: { studyUid: string; seriesUid: string; instanceUid: string; frame: string };
    query: Empty;
    body: undefined;
    response: ArrayBuffer;
  };
  openStudy: { params: Empty; query: Empty; body: OpenStudyCommand; response: OpenStudyResult };
  /** The reader sets a study's reading status (audited as 'status', with the old and new status). */
  putReadingStatus: { params: { studyUid: string }; query: Empty; body: { status: ReadingStatus }; response: StudyReadingStatus };
  getAnnotations: { params: { studyUid: string }; query: Empty; body: undefined; response: StudyAnnotations };
  putAnnotations: { params: { studyUid: string }; query: Empty; body: Partial<StudyAnnotations> & { studyInstanceUid: string; changes?: AnnotationChanges }; response: StudyAnnotations };
  listDisplays: { params: Empty; query: Empty; body: undefined; response: DisplayInfo[] };
  /** QIDO-RS: studies, series of a study, instances of a series (local cache). */
  qidoStudies: { params: Empty; query: QidoQuery; body: undefined; response: DicomJsonDataset[] };
  qidoSeries: { params: { studyUid: string }; query: QidoQuery; body: undefined; response: DicomJsonDataset[] };
  qidoInstances: { params: { studyUid: string; seriesUid: string }; query: QidoQuery; body: undefined; response: DicomJsonDataset[] };
  /** WADO-RS metadata (DICOM JSON with BulkDataURIs), from the index: no file is read. */
  wadoStudyMetadata: { params: { studyUid: string }; query: Empty; body: undefined; response: DicomJsonDataset[] };
  wadoSeriesMetadata: { params: { studyUid: string; seriesUid: string }; query: Empty; body: undefined; response: DicomJsonDataset[] };
  /** WADO-RS frames, decoded, as little-endian native samples (application/octet-stream parts). */
  wadoFrames: { params: { studyUid: string; seriesUid: string; instanceUid: string; frames: string }; query: Empty; body: undefined; response: MultipartBody };
  /** WADO-RS bulk data of one attribute, as stored in the original file. */
  wadoBulkData: { params: { studyUid: string; seriesUid: string; instanceUid: string; tagPath: string }; query: { offset?: string; length?: string }; body: undefined; response: MultipartBody };
  /** WADO-RS thumbnails (PS3.18 10.4.1.1.4): a small rendered PNG of an instance, or of a series' middle instance. */
  wadoInstanceThumbnail: { params: { studyUid: string; seriesUid: string; instanceUid: string }; query: Empty; body: undefined; response: ArrayBuffer };
  wadoSeriesThumbnail: { params: { studyUid: string; seriesUid: string }; query: Empty; body: undefined; response: ArrayBuffer };
  /** STOW-RS: store the application/dicom parts of a multipart/related body into the cache. */
  stowStudies: { params: Empty; query: Empty; body: MultipartBody; response: DicomJsonDataset };
  /** WADO-RS instance: the original file, byte-exact (application/dicom). */
  wadoInstance: { params: { studyUid: string; seriesUid: string; instanceUid: string }; query: Empty; body: undefined; response: MultipartBody };
  /** How a cached study hangs (hanging protocols): protocol, explanation, priors, each display's viewports per stage. */
  getHanging: { params: { studyUid: string }; query: { displays?: string }; body: undefined; response: HangingResult };
  getStudyResults: { params: { studyUid: string }; query: Empty; body: undefined; response: StudyResults };
  saveStudyResults: { params: { studyUid: string }; query: Empty; body: SaveResultsRequest; response: SaveResultsResponse };
  saveStudyRegistration: { params: { studyUid: string }; query: Empty; body: SaveRegistrationRequest; response: SaveRegistrationResponse };
  /** Statistics of each segment of a cached SEG over the images it was drawn on (HU, Bq/ml, SUVbw). */
  getSegmentStatistics: { params: { studyUid: string; sopUid: string }; query: Empty; body: undefined; response: SegmentationStatisticsReport };
  /** The hanging protocols the engine chooses from: shipped and this workstation's own, and any broken protocol file. */
  listProtocols: { params: Empty; query: Empty; body: undefined; response: ProtocolList };
  /** Gives displays their roles (by display id), remembered by each display's id and geometry; the displays with their roles. */
  putDisplayRoles: { params: Empty; query: Empty; body: { roles: Record<string, string> }; response: DisplayInfo[] };
  /** Stores a user protocol (validated; replaces one with the same id, or overrides a shipped one). */
  putProtocol: { params: { protocolId: string }; query: Empty; body: HangingProtocol; response: ProtocolList };
  /** Removes a user protocol (a shipped one it overrode comes back). */
  deleteProtocol: { params: { protocolId: string }; query: Empty; body: undefined; response: ProtocolList };
  /** PACS connectivity: nodes and their state, our SCP, the outbox, running retrieves. */
  getPacsStatus: { params: Empty; query: Empty; body: undefined; response: PacsStatus };
  /** C-ECHO (or a QIDO ping) now; the node's new status. */
  echoPacsNode: { params: { node: string }; query: Empty; body: undefined; response: PacsNodeStatus };
  /** Searches a remote node for studies. */
  queryPacs: { params: { node: string }; query: Empty; body: RemoteStudyQuery; response: RemoteStudy[] };
  /** The worklist a node serves (Modality Worklist C-FIND or UPS-RS), each entry with how much of its study the cache holds. */
  queryWorklist: { params: { node: string }; query: Empty; body: WorklistRequest; response: WorklistItem[] };
  /** Starts (or re-runs) a retrieve into the cache; progress arrives as `onDidChangePacs`. */
  retrieveFromPacs: { params: { node: string }; query: Empty; body: { studyInstanceUid: string; via?: RetrieveJob['via']; priority?: number }; response: RetrieveJob };
  /** Adds or changes a node (checked, echoed at once); the new status. */
  putPacsNode: { params: { node: string }; query: Empty; body: PacsNodeInput; response: PacsStatus };
  deletePacsNode: { params: { node: string }; query: Empty; body: undefined; response: PacsStatus };
  /** Queues a cached study in the outbox for a node (sent now if it answers, else retried). */
  sendToPacs: { params: { node: string }; query: Empty; body: { studyInstanceUid: string }; response: { queued: number } };
  /**
   * "Send for second opinion": the study as it is, or (with `deidentify`) a pseudonymous copy made
   * under the project's key and pseudonym table, kept in the cache as a study of its own, queued
   * for the node and audited as an export. 422 names the instances de-identification refuses.
   */
  sendSecondOpinion: { params: { studyUid: string }; query: Empty; body: SecondOpinionRequest; response: SecondOpinionResponse };
  /** Starts an export (folder, zip, PDI media, ISO) to a path on the host's machine; progress arrives as `onDidChangeExport`. */
  startExport: { params: Empty; query: Empty; body: ExportRequest; response: ExportJob };
  /** This host's recent exports, newest last. */
  listExports: { params: Empty; query: Empty; body: undefined; response: ExportJob[] };
  getExport: { params: { exportId: string }; query: Empty; body: undefined; response: ExportJob };
  /** Cancels a running export and answers once it stopped (nothing is left at the destination); a finished one is answered as it is. */
  cancelExport: { params: { exportId: string }; query: Empty; body: undefined; response: ExportJob };
  /** The reader's SUV input overrides of a PET series (empty when none). */
  getSuvOverrides: { params: { studyUid: string; seriesUid: string }; query: Empty; body: undefined; response: SeriesSuvOverrides };
  /** Replaces them (checked, audited); `{}` goes back to the header's values. */
  putSuvOverrides: { params: { studyUid: string; seriesUid: string }; query: Empty; body: SuvOverrides; response: SeriesSuvOverrides };
}

export type Empty = Record<string, never>;
export type HostRequestName = keyof HostRequests;
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface HostRouteSpec {
  method: HttpMethod;
  /** Path template; `:name` segments are path params. */
  path: string;
  responseType: 'json' | 'binary' | 'dicom+json' | 'multipart' | 'png';
  /** Request bodies are JSON unless said otherwise. */
  requestType?: 'json' | 'multipart';
}

export const API_PREFIX = '/api';
/** The local DICOMweb service (PS3.18) on the host's origin, behind the same token. */
export const DICOMWEB_PREFIX = '/dicomweb';
/** Server-Sent Events stream of `HostEvent`s (browser mode; Electron uses IPC). */
export const EVENTS_PATH = `${API_PREFIX}/events`;

export const hostRoutes = {
  getHostInfo: { method: 'GET', path: `${API_PREFIX}/host`, responseType: 'json' },
  getHostDiagnostics: { method: 'GET', path: `${API_PREFIX}/host/diagnostics`, responseType: 'json' },
  searchStudies: { method: 'GET', path: `${API_PREFIX}/studies`, responseType: 'json' },
  getSeriesVolumeInfo: { method: 'GET', path: `${API_PREFIX}/studies/:studyUid/series/:seriesUid/volume-info`, responseType: 'json' },
  getSeriesVolume: {
    method: 'GET',
    path: `${API_PREFIX}/studies/:studyUid/series/:seriesUid/volume`,
    responseType: 'binary',
  },
  getFrame: {
    method: 'GET',
    path: `${API_PREFIX}/studies/:studyUid/series/:seriesUid/instances/:instanceUid/frames/:frame`,
    responseType: 'binary',
  },
  openStudy: { method: 'POST', path: `${API_PREFIX}/commands/open-study`, responseType: 'json' },
  putReadingStatus: { method: 'PUT', path: `${API_PREFIX}/studies/:studyUid/reading-status`, responseType: 'json' },
  getAnnotations: { method: 'GET', path: `${API_PREFIX}/studies/:studyUid/annotations`, responseType: 'json' },
  putAnnotations: { method: 'PUT', path: `${API_PREFIX}/studies/:studyUid/annotations`, responseType: 'json' },
  listDisplays: { method: 'GET', path: `${API_PREFIX}/displays`, responseType: 'json' },
  qidoStudies: { method: 'GET', path: `${DICOMWEB_PREFIX}/studies`, responseType: 'dicom+json' },
  qidoSeries: { method: 'GET', path: `${DICOMWEB_PREFIX}/studies/:studyUid/series`, responseType: 'dicom+json' },
  qidoInstances: { method: 'GET', path: `${DICOMWEB_PREFIX}/studies/:studyUid/series/:seriesUid/instances`, responseType: 'dicom+json' },
  wadoStudyMetadata: { method: 'GET', path: `${DICOMWEB_PREFIX}/studies/:studyUid/metadata`, responseType: 'dicom+json' },
  wadoSeriesMetadata: { method: 'GET', path: `${DICOMWEB_PREFIX}/studies/:studyUid/series/:seriesUid/metadata`, responseType: 'dicom+json' },
  wadoFrames: { method: 'GET', path: `${DICOMWEB_PREFIX}/studies/:studyUid/series/:seriesUid/instances/:instanceUid/frames/:frames`, responseType: 'multipart' },
  wadoBulkData: { method: 'GET', path: `${DICOMWEB_PREFIX}/studies/:studyUid/series/:seriesUid/instances/:instanceUid/bulkdata/:tagPath`, responseType: 'multipart' },
  wadoInstance: { method: 'GET', path: `${DICOMWEB_PREFIX}/studies/:studyUid/series/:seriesUid/instances/:instanceUid`, responseType: 'multipart' },
  wadoInstanceThumbnail: { method: 'GET', path: `${DICOMWEB_PREFIX}/studies/:studyUid/series/:seriesUid/instances/:instanceUid/thumbnail`, responseType: 'png' },
  wadoSeriesThumbnail: { method: 'GET', path: `${DICOMWEB_PREFIX}/studies/:studyUid/series/:seriesUid/thumbnail`, responseType: 'png' },
  stowStudies: { method: 'POST', path: `${DICOMWEB_PREFIX}/studies`, responseType: 'dicom+json', requestType: 'multipart' },
  getHanging: { method: 'GET', path: `${API_PREFIX}/studies/:studyUid/hanging`, responseType: 'json' },
  getStudyResults: { method: 'GET', path: `${API_PREFIX}/studies/:studyUid/results`, responseType: 'json' },
  saveStudyResults: { method: 'POST', path: `${API_PREFIX}/studies/:studyUid/results`, responseType: 'json' },
  saveStudyRegistration: { method: 'POST', path: `${API_PREFIX}/studies/:studyUid/registrations`, responseType: 'json' },
  getSegmentStatistics: { method: 'GET', path: `${API_PREFIX}/studies/:studyUid/results/:sopUid/statistics`, responseType: 'json' },
  listProtocols: { method: 'GET', path: `${API_PREFIX}/protocols`, responseType: 'json' },
  putDisplayRoles: { method: 'PUT', path: `${API_PREFIX}/displays/roles`, responseType: 'json' },
  putProtocol: { method: 'PUT', path: `${API_PREFIX}/protocols/:protocolId`, responseType: 'json' },
  deleteProtocol: { method: 'DELETE', path: `${API_PREFIX}/protocols/:protocolId`, responseType: 'json' },
  getPacsStatus: { method: 'GET', path: `${API_PREFIX}/pacs`, responseType: 'json' },
  echoPacsNode: { method: 'POST', path: `${API_PREFIX}/pacs/nodes/:node/echo`, responseType: 'json' },
  queryPacs: { method: 'POST', path: `${API_PREFIX}/pacs/nodes/:node/query`, responseType: 'json' },
  queryWorklist: { method: 'POST', path: `${API_PREFIX}/pacs/nodes/:node/worklist`, responseType: 'json' },
  retrieveFromPacs: { method: 'POST', path: `${API_PREFIX}/pacs/nodes/:node/retrieve`, responseType: 'json' },
  sendToPacs: { method: 'POST', path: `${API_PREFIX}/pacs/nodes/:node/send`, responseType: 'json' },
  putPacsNode: { method: 'PUT', path: `${API_PREFIX}/pacs/nodes/:node`, responseType: 'json' },
  deletePacsNode: { method: 'DELETE', path: `${API_PREFIX}/pacs/nodes/:node`, responseType: 'json' },
  sendSecondOpinion: { method: 'POST', path: `${API_PREFIX}/studies/:studyUid/second-opinion`, responseType: 'json' },
  startExport: { method: 'POST', path: `${API_PREFIX}/exports`, responseType: 'json' },
  listExports: { method: 'GET', path: `${API_PREFIX}/exports`, responseType: 'json' },
  getExport: { method: 'GET', path: `${API_PREFIX}/exports/:exportId`, responseType: 'json' },
  cancelExport: { method: 'DELETE', path: `${API_PREFIX}/exports/:exportId`, responseType: 'json' },
  getSuvOverrides: { method: 'GET', path: `${API_PREFIX}/studies/:studyUid/series/:seriesUid/suv-overrides`, responseType: 'json' },
  putSuvOverrides: { method: 'PUT', path: `${API_PREFIX}/studies/:studyUid/series/:seriesUid/suv-overrides`, responseType: 'json' },
} as const satisfies Record<HostRequestName, HostRouteSpec>;

/** Error body of every non-2xx JSON answer. */
export interface HostErrorBody {
  error: string;
  /** Machine-readable reason, e.g. `unauthorized`, `not-found`, `bad-request`. */
  code: string;
}

/** What a route implementation receives. */
export interface HostRouteInput<K extends HostRequestName> {
  params: HostRequests[K]['params'];
  query: HostRequests[K]['query'];
  body: HostRequests[K]['body'];
}

/** What the host's implementation receives: the same, except that multipart bodies arrive streamed. */
export type HostImplementationInput<K extends HostRequestName> = Omit<HostRouteInput<K>, 'body'> & {
  body: HostRequests[K]['body'] extends MultipartBody ? StreamedMultipartBody : HostRequests[K]['body'];
};

/**
 * A binary answer as the host gives it: bytes (sent as they are, never copied into a new
 * buffer), or a stream of a known length (a volume block read from its file). The renderer
 * receives an ArrayBuffer either way.
 */
export type BinaryBody = Uint8Array | { stream: ReadableStream<Uint8Array>; byteLength: number };

/** What an implementation returns: the response, for binary responses a `BinaryBody`, for JSON ones possibly the JSON text as it is held. */
export type HostImplementationResponse<K extends HostRequestName> = HostRequests[K]['response'] extends ArrayBuffer ? BinaryBody : HostRequests[K]['response'] | SerializedJson;

/** The host must implement every request of the contract: a missing one fails to compile. */
export type HostRouteImplementations = {
  [K in HostRequestName]: (input: HostImplementationInput<K>) => Promise<HostImplementationResponse<K>>;
};
