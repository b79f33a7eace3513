import { formatDicomDate, formatPersonName } from '../formatDicomValues';
import type { DicomJsonDataset } from '../../../electron/common/dicom/model/dicomJson';

/** One text line in a viewport corner: a DICOM attribute (with a label) or a computed field. */
export type OverlayItem = { tag: string; label?: string; format?: 'date' | 'name' } | { field: 'image' | 'position' | 'thickness' | 'window' | 'zoom' | 'calibration' };

export type Corner = 'topLeft' | 'topRight' | 'bottomLeft' | 'bottomRight';

/** Default corner layout; a site may replace it (settings) without code changes. */
export const DEFAULT_OVERLAY_LAYOUT: Record<Corner, OverlayItem[]> = {
  topLeft: [{ tag: '00100010', format: 'name' }, { tag: '00100020', label: 'ID' }, { tag: '00100030', label: 'DOB', format: 'date' }, { tag: '00100040', label: 'Sex' }],
  topRight: [{ tag: '00081030' }, { tag: '00080020', format: 'date' }, { tag: '00080050', label: 'Acc' }, { tag: '00080080' }],
  bottomLeft: [{ tag: '00200011', label: 'Se' }, { tag: '0008103E' }, { field: 'image' }, { field: 'position' }, { field: 'thickness' }],
  bottomRight: [{ field: 'window' }, { field: 'zoom' }, { field: 'calibration' }],
};

/** Computed fields the viewport supplies. */
export type OverlayFields = Partial<Record<'image' | 'position' | 'thickness' | 'window' | 'zoom' | 'calibration', string>>;

/** The text lines of one corner for an image. */
export function overlayLines(items: OverlayItem[], ds: DicomJsonDataset | undefined, fields: OverlayFields): string[] {
  const out: string[] = [];
  for (const item of items) {
    if ('field' in item) {
      const v = fields[item.field];
      if (v) out.push(v);
      continue;
    }
    const raw = ds?.[item.tag]?.Value?.[0];
    if (raw === undefined || raw === null || raw === '') continue;
    let text: string;
    if (item.format === 'name') text = formatPersonName(typeof raw === 'object' ? ((raw as { Alphabetic?: string }).Alphabetic ?? '') : String(raw));
    else if (item.format === 'date') text = formatDicomDate(String(raw));
    else text = String(raw);
    if (text) out.push(item.label ? `${item.label}: ${text}` : text);
  }
  return out;
}
