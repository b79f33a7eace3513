import { lookupTag } from '../../common/dicom/dictionary/dataDictionary';
import type { VolumeDescription } from '../../common/dicom/geometry/volumeDescription';
import type { FrameGeometry } from '../../common/dicom/geometry/frameGeometry';
import { edgeLabels, planeOf } from '../../common/dicom/geometry/orientationLabels';
import type { PixelDescription } from '../../common/dicom/model/pixelDescription';
import type { ParsedDicom } from '../../common/dicom/parse/parsedDicom';
import { transferSyntaxName } from '../../common/dicom/transferSyntax';
import type { DicomJsonAttribute, DicomJsonDataset } from '../../common/dicom/model/dicomJson';

const MAX_VALUE_CHARS = 80;

function valueText(attr: DicomJsonAttribute): string {
  if (attr.BulkDataURI) return `<bulk data ${attr.BulkDataURI}>`;
  if (attr.InlineBinary) return `<${Math.floor((attr.InlineBinary.length * 3) / 4)} bytes>`;
  if (!attr.Value) return '(empty)';
  const text = attr.Value.map((v) => (v && typeof v === 'object' ? Object.values(v).join('=') : String(v))).join('\\');
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text;
}

function listDataset(ds: DicomJsonDataset, depth: number, out: string[]): void {
  const indent = '  '.repeat(depth);
  for (const [key, attr] of Object.entries(ds)) {
    const tag = `(${key.slice(0, 4)},${key.slice(4)})`;
    const keyword = lookupTag(parseInt(key, 16))?.keyword ?? ((parseInt(key.slice(0, 4), 16) & 1) === 1 ? 'Private' : 'Unknown');
    if (attr.vr === 'SQ') {
      const items = (attr.Value ?? []) as DicomJsonDataset[];
      out.push(`${indent}${tag} SQ ${keyword} (${items.length} item${items.length === 1 ? '' : 's'})`);
      items.forEach((item, i) => {
        out.push(`${indent}  > item ${i + 1}`);
        listDataset(item, depth + 2, out);
      });
    } else out.push(`${indent}${tag} ${attr.vr} ${keyword} = ${valueText(attr)}`);
  }
}

/** The readable form of `lightbox dump FILE`: attributes, then pixel and geometry descriptions. */
export function formatDicomListing(parsed: ParsedDicom, pixels: PixelDescription | undefined, frames: FrameGeometry[], volume?: VolumeDescription): string {
  const out: string[] = [];
  out.push(`# ${parsed.source}`);
  out.push(`# Transfer syntax: ${parsed.transferSyntaxUid} (${transferSyntaxName(parsed.transferSyntaxUid)})${parsed.transferSyntaxDetected ? ' — detected, no meta header' : ''}`);
  for (const w of parsed.warnings) out.push(`# warning: ${w}`);
  out.push('', '# File meta information');
  listDataset(parsed.meta, 0, out);
  out.push('', '# Data set');
  listDataset(parsed.dataset, 0, out);
  if (pixels && pixels.rows > 0) {
    out.push('', '# Pixels');
    out.push(`  ${pixels.columns}×${pixels.rows}, ${pixels.numberOfFrames} frame(s), ${pixels.samplesPerPixel} sample(s)/pixel, ${pixels.photometricInterpretation}`);
    out.push(`  bits allocated/stored/high ${pixels.bitsAllocated}/${pixels.bitsStored}/${pixels.highBit}, ${pixels.pixelRepresentation ? 'signed' : 'unsigned'} (${pixels.sampleType}), planar ${pixels.planarConfiguration}`);
    const m = pixels.modalityLut;
    out.push(`  modality LUT: ${m.kind === 'rescale' ? `rescale slope ${m.slope} intercept ${m.intercept}${m.type ? ` (${m.type})` : ''}` : `table of ${m.table.entries} entries`}`);
    out.push(`  VOI: ${pixels.voiWindows.map((w) => `C ${w.center} W ${w.width}${w.explanation ? ` ${w.explanation}` : ''}`).join('; ') || 'no window'}${pixels.voiLuts.length ? `, ${pixels.voiLuts.length} VOI LUT(s)` : ''}, function ${pixels.voiLutFunction}`);
    if (pixels.presentationLutShape) out.push(`  presentation LUT shape: ${pixels.presentationLutShape}`);
    if (pixels.palette) out.push(`  palette: ${pixels.palette.red.entries} entries, ${pixels.palette.red.bitsPerEntry}-bit`);
    if (pixels.pixelPadding) out.push(`  pixel padding: ${pixels.pixelPadding.value}${pixels.pixelPadding.rangeLimit !== undefined ? `–${pixels.pixelPadding.rangeLimit}` : ''}`);
    for (const o of pixels.overlays) out.push(`  overlay ${o.group.toString(16)}: ${o.columns}×${o.rows} at (${o.origin.join(',')}), type ${o.type}`);
    if (parsed.pixelData) {
      const p = parsed.pixelData;
      out.push(`  pixel data at byte ${p.offset}${p.encapsulated ? `, encapsulated: ${p.fragments?.length ?? 0} fragment(s), ${p.basicOffsetTable ? `offset table of ${p.basicOffsetTable.length}` : 'no offset table'}` : `, ${p.length} bytes`}`);
    }
  }
  const first = frames[0];
  if (first) {
    const labels = edgeLabels(first.rowCosines, first.columnCosines);
    out.push('', '# Geometry');
    out.push(`  position ${first.position.map((v) => v.toFixed(3)).join(', ')} mm; ${planeOf(first.normal)} plane; edges L ${labels.left} R ${labels.right} T ${labels.top} B ${labels.bottom}`);
    out.push(`  pixel spacing ${first.pixelSpacing.join(' × ')} mm (${first.spacingSource})${first.sliceThickness !== undefined ? `, slice thickness ${first.sliceThickness} mm` : ''}`);
    if (volume && volume.dimensions[2] > 1) {
      out.push(`  volume ${volume.dimensions.join('×')}, spacing ${volume.spacing.map((v) => v.toFixed(3)).join(' × ')} mm, ${volume.uniform ? 'uniform' : 'NOT uniform'}`);
      for (const w of volume.warnings) out.push(`  warning: ${w}`);
    }
  }
  return `${out.join('\n')}\n`;
}
