import type { StudySummary } from '../../electron/common/contract/hostContract';
import type { DicomJsonDataset } from '../../electron/common/dicom/model/dicomJson';

function first(ds: DicomJsonDataset, tag: string): unknown {
  return ds[tag]?.Value?.[0];
}

function text(ds: DicomJsonDataset, tag: string): string {
  const v = first(ds, tag);
  if (v === undefined || v === null) return '';
  return typeof v === 'object' ? ((v as { Alphabetic?: string }).Alphabetic ?? '') : String(v);
}

/** QIDO-RS study results (PS3.18 Table 6.7.1-2) → the study list's rows. */
export function qidoStudyRows(results: DicomJsonDataset[]): StudySummary[] {
  return results.map((ds) => ({
    studyInstanceUid: text(ds, '0020000D'),
    patientName: text(ds, '00100010'),
    patientId: text(ds, '00100020'),
    accessionNumber: text(ds, '00080050'),
    studyDate: text(ds, '00080020'),
    studyDescription: text(ds, '00081030'),
    modalities: (ds['00080061']?.Value ?? []).map(String),
    seriesCount: Number(first(ds, '00201206') ?? 0),
    instanceCount: Number(first(ds, '00201208') ?? 0),
    sizeBytes: 0,
    pinned: false,
  }));
}
