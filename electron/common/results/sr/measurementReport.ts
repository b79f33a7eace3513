import type { StudyAnnotations } from '../../contract/hostContract';
import type { DicomJsonDataset } from '../../dicom/model/dicomJson';
import { numberValue, stringValue, Tag } from '../../dicom/model/dicomJsonAccess';
import { writeDicomFile } from '../../dicom/write/dicomWriter';
import { codeItem, container, imageItem, personNameItem, uidItem, type ContentItem, type InstanceReference } from './contentItems';
import { checkDateTime, documentSeriesAndEquipment, evidenceSequence, patientAndStudy, withSopCommon, type DocumentIdentity, type EvidenceReference } from './documentHeader';
import { frameSpacing, MIN_POINTS, planarGeometry, volumeGeometry } from './measurementGeometry';
import { intensityQuantityOf, planarMeasurementGroup, volumeMeasurementGroup, type IntensityQuantity, type MeasurementFinding, type RegionStatisticsInput } from './measurementGroup';
import { Codes, MODALITY_CODES, type Code } from './srCodes';

/**
 * TID 1500 Measurement Report from the app's stored measurements.
 *
 * SOP class: Comprehensive 3D SR when any MPR measurement is written (its SCOORD3D value type
 * exists only there, PS3.3 A.35.13); Enhanced SR otherwise. Enhanced SR holds everything a 2D
 * report needs (NUM, SCOORD, IMAGE, by-value relationships) and is the older, more widely
 * supported class, so a 2D-only report stays readable by PACS and viewers that predate 3D SR.
 */

export const ENHANCED_SR = '1.2.840.10008.5.1.4.1.1.88.22';
export const COMPREHENSIVE_3D_SR = '1.2.840.10008.5.1.4.1.1.88.34';

export interface MeasurementReportRequest {
  /** The study's measurements as the cache keeps them. */
  annotations: Pick<StudyAnnotations, 'studyInstanceUid' | 'measurements' | 'volumeMeasurements'>;
  /** Headers of the study's instances: every measured image, and the instances of each MPR series. */
  datasets: DicomJsonDataset[];
  /** The reader, as a DICOM person name (Family^Given): the Person Observer Name. */
  readerName: string;
  document: DocumentIdentity;
  /** When given, the workstation is named as a device observer too (TID 1004 needs its UID). */
  deviceObserverUid?: string;
  /** TID 1500 row 4 (CID 100); default from the measured modality (e.g. CT unspecified body region). */
  procedureReported?: Code[];
  /** Finding and Finding Site by measurement id. */
  findings?: Record<string, MeasurementFinding>;
  /** Region statistics of 2D measurements, by measurement id (MPR ellipses carry their own). */
  regionStats?: Record<string, RegionStatisticsInput>;
  /** What modality values mean, by Series Instance UID, where the header does not say (see intensityQuantityOf). */
  intensity?: Record<string, IntensityQuantity>;
}

export interface WrittenReport {
  bytes: Uint8Array;
  sopClassUid: string;
  sopInstanceUid: string;
  /** Ids of the measurements written, in document order. */
  written: string[];
  /** Measurements left out, and why (image not among the datasets, too few points, no frame of reference). */
  skipped: Array<{ id: string; reason: string }>;
}

const PROCEDURE_BY_MODALITY: Record<string, Code> = {
  CT: Codes.CtUnspecifiedBodyRegion,
  MR: Codes.MriUnspecifiedBodyRegion,
  NM: Codes.NmUnspecifiedBodyRegion,
  PT: Codes.PetUnspecifiedBodyRegion,
};

/** Image Library entries, grouped by series, in the order first referenced. */
class ImageLibrary {
  private readonly series = new Map<string, { ds: DicomJsonDataset; images: Map<string, { ref: InstanceReference; frames: Set<number> }> }>();
  readonly evidence: EvidenceReference[] = [];

  add(ds: DicomJsonDataset, frame: number | undefined): InstanceReference {
    const seriesUid = stringValue(ds, Tag.SeriesInstanceUID) ?? '';
    const sopInstanceUid = stringValue(ds, Tag.SOPInstanceUID) ?? '';
    const sopClassUid = stringValue(ds, Tag.SOPClassUID) ?? '';
    const multiFrame = (numberValue(ds, Tag.NumberOfFrames) ?? 1) > 1;
    const entry = this.series.get(seriesUid) ?? { ds, images: new Map() };
    this.series.set(seriesUid, entry);
    const image = entry.images.get(sopInstanceUid) ?? { ref: { sopClassUid, sopInstanceUid }, frames: new Set<number>() };
    if (!entry.images.has(sopInstanceUid)) {
      entry.images.set(sopInstanceUid, image);
      this.evidence.push({ sopClassUid, sopInstanceUid, seriesInstanceUid: seriesUid, studyInstanceUid: stringValue(ds, Tag.StudyInstanceUID) ?? '' });
    }
    // Frames are named only for multi-frame images (PS3.3 C.18.3: Referenced Frame Number).
    if (multiFrame && frame !== undefined) image.frames.add(frame);
    return multiFrame && frame !== undefined ? { sopClassUid, sopInstanceUid, frames: [frame] } : { sopClassUid, sopInstanceUid };
  }

  modalities(): string[] {
    return [...this.series.values()].map((s) => stringValue(s.ds, Tag.Modality) ?? '');
  }

  /** TID 1600: one Image Library Group per series, with its modality and frame of reference (TID 1602). */
  content(): ContentItem {
    const groups = [...this.series.values()].map(({ ds, images }) => {
      const modality = MODALITY_CODES[stringValue(ds, Tag.Modality) ?? ''];
      const frameOfReference = stringValue(ds, Tag.FrameOfReferenceUID);
      return container('CONTAINS', Codes.ImageLibraryGroup, [
        ...(modality ? [codeItem('HAS ACQ CONTEXT', Codes.Modality, modality)] : []),
        ...(frameOfReference ? [uidItem('HAS ACQ CONTEXT', Codes.FrameOfReferenceUID, frameOfReference)] : []),
        ...[...images.values()].map(({ ref, frames }) => imageItem('CONTAINS', undefined, { ...ref, ...(frames.size ? { frames: [...frames].sort((a, b) => a - b) } : {}) })),
      ]);
    });
    return container('CONTAINS', Codes.ImageLibrary, groups);
  }
}

/** Writes the report as a Part 10 file. Throws when nothing can be reported or the request is malformed. */
export function writeMeasurementReport(req: MeasurementReportRequest): WrittenReport {
  const studyUid = req.annotations.studyInstanceUid;
  checkDateTime(req.document.contentDate, req.document.contentTime);
  if (!req.readerName.trim()) throw new Error('a measurement report names its reader (Person Observer Name)');
  const source = req.datasets.find((ds) => stringValue(ds, Tag.StudyInstanceUID) === studyUid);
  if (!source) throw new Error(`no instance of study ${studyUid} among the datasets`);
  const bySop = new Map(req.datasets.map((ds) => [stringValue(ds, Tag.SOPInstanceUID) ?? '', ds]));

  const library = new ImageLibrary();
  const groups: ContentItem[] = [];
  const written: string[] = [];
  const skipped: WrittenReport['skipped'] = [];

  for (const m of req.annotations.measurements) {
    const ds = bySop.get(m.sopInstanceUid);
    if (!ds) skipped.push({ id: m.id, reason: `image ${m.sopInstanceUid} is not among the datasets` });
    else if (m.points.length < MIN_POINTS[m.kind]) skipped.push({ id: m.id, reason: `${m.kind} needs ${MIN_POINTS[m.kind]} points, has ${m.points.length}` });
    else {
      const { value, shapes } = planarGeometry(m, frameSpacing(ds, m.frame));
      const image = library.add(ds, m.frame);
      const quantity = req.intensity?.[m.seriesInstanceUid] ?? intensityQuantityOf(ds);
      const stats = req.regionStats?.[m.id];
      const finding = req.findings?.[m.id];
      groups.push(planarMeasurementGroup({ studyInstanceUid: studyUid, measurement: m, image, shapes, ...(value ? { value } : {}), ...(finding ? { finding } : {}), ...(stats ? { stats } : {}), ...(quantity ? { quantity } : {}) }));
      written.push(m.id);
    }
  }

  let anyVolume = false;
  for (const m of req.annotations.volumeMeasurements ?? []) {
    const series = req.datasets.filter((ds) => stringValue(ds, Tag.SeriesInstanceUID) === m.seriesInstanceUid);
    const frameOfReferenceUid = series.map((ds) => stringValue(ds, Tag.FrameOfReferenceUID)).find((u) => u);
    if (!frameOfReferenceUid) skipped.push({ id: m.id, reason: `no instance of series ${m.seriesInstanceUid} with a Frame of Reference UID among the datasets` });
    else if (m.points.length < (m.kind === 'angle' ? 3 : 2)) skipped.push({ id: m.id, reason: `${m.kind} has too few points` });
    else {
      // The volume's instances go in the Image Library: they are what the measurement was made on.
      for (const ds of series) library.add(ds, undefined);
      const { value, shapes } = volumeGeometry(m);
      const quantity = req.intensity?.[m.seriesInstanceUid] ?? intensityQuantityOf(series[0]);
      const finding = req.findings?.[m.id];
      groups.push(volumeMeasurementGroup({ studyInstanceUid: studyUid, measurement: m, frameOfReferenceUid, value, shapes, ...(finding ? { finding } : {}), ...(quantity ? { quantity } : {}) }));
      written.push(m.id);
      anyVolume = true;
    }
  }
  if (groups.length === 0) throw new Error(`nothing to report: ${skipped.map((s) => `${s.id}: ${s.reason}`).join('; ') || 'the study has no measurements'}`);

  const procedures = req.procedureReported?.length
    ? req.procedureReported
    : [...new Set(library.modalities().map((m) => PROCEDURE_BY_MODALITY[m] ?? Codes.ImagingProcedure))];
  const root = container(
    undefined,
    Codes.ImagingMeasurementReport,
    [
      codeItem('HAS CONCEPT MOD', Codes.LanguageOfContent, Codes.EnglishUS),
      codeItem('HAS OBS CONTEXT', Codes.ObserverType, Codes.Person),
      personNameItem('HAS OBS CONTEXT', Codes.PersonObserverName, req.readerName),
      ...(req.deviceObserverUid ? [codeItem('HAS OBS CONTEXT', Codes.ObserverType, Codes.Device), uidItem('HAS OBS CONTEXT', Codes.DeviceObserverUID, req.deviceObserverUid)] : []),
      ...procedures.map((p) => codeItem('HAS CONCEPT MOD', Codes.ProcedureReported, p)),
      library.content(),
      container('CONTAINS', Codes.ImagingMeasurements, groups),
    ],
    '1500',
  );

  const sopClassUid = anyVolume ? COMPREHENSIVE_3D_SR : ENHANCED_SR;
  const elements = withSopCommon(
    [
      ...patientAndStudy(source),
      ...documentSeriesAndEquipment('SR', req.document),
      ...root,
      // SR Document General (C.17.2): a report of measurements made now, not yet signed.
      { tag: 0x0040a491, vr: 'CS', strings: ['PARTIAL'] }, // Completion Flag: more may be measured later
      { tag: 0x0040a493, vr: 'CS', strings: ['UNVERIFIED'] }, // Verification Flag
      { tag: 0x0040a372, vr: 'SQ', items: [] }, // Performed Procedure Code Sequence (Type 2)
      evidenceSequence(0x0040a375, library.evidence), // Current Requested Procedure Evidence Sequence
    ],
    sopClassUid,
    req.document.sopInstanceUid,
  );
  return { bytes: writeDicomFile(elements, { sopClassUid, sopInstanceUid: req.document.sopInstanceUid }), sopClassUid, sopInstanceUid: req.document.sopInstanceUid, written, skipped };
}
