import type { StoredKeyImage } from '../../../electron/common/contract/hostContract';
import type { FrameGeometry } from '../../../electron/common/dicom/geometry/frameGeometry';
import type { DicomJsonDataset } from '../../../electron/common/dicom/model/dicomJson';
import type { ResultOverlay } from '../../common/results/resultOverlay';
import { KeyImageStrip } from './KeyImageStrip';

export interface ViewerKeyImageStripProps {
  keyImages: StoredKeyImage[];
  /** The marked images' ids (`sop#frame`). */
  ids: ReadonlySet<string>;
  /** Results switched on: Key Object Selection documents among them are listed with their images. */
  overlays?: ResultOverlay[];
  /** The active viewport's image, when it is one of the current study (a prior's image is not marked from here). */
  activeShown?: FrameGeometry;
  /** The study's image series: a mark is described by its series number. */
  series: DicomJsonDataset[];
  onToggle(): void;
  onPick(keyImage: StoredKeyImage): void;
}

/** The viewer's key image strip: the study's marks and the KO documents switched on, described for this study. */
export function ViewerKeyImageStrip({ keyImages, ids, overlays, activeShown, series, onToggle, onPick }: ViewerKeyImageStripProps) {
  return (
    <KeyImageStrip
      keyImages={keyImages}
      documents={(overlays ?? []).flatMap((o) => (o.kind === 'ko' ? [{ sopInstanceUid: o.sopInstanceUid, title: o.title, images: o.images.map((i) => ({ ...i, id: `${i.sopInstanceUid}#${i.frame}` })) }] : []))}
      activeMarked={!!activeShown && ids.has(`${activeShown.sopInstanceUid}#${activeShown.frame}`)}
      canMark={!!activeShown}
      onToggle={onToggle}
      onPick={onPick}
      describe={(k) => {
        const row = series.find((s) => s['0020000E']?.Value?.[0] === k.seriesInstanceUid);
        return `Se ${String(row?.['00200011']?.Value?.[0] ?? '?')} · ${k.frame > 1 ? `frame ${k.frame} of ` : ''}${k.sopInstanceUid.slice(-6)}`;
      }}
    />
  );
}
