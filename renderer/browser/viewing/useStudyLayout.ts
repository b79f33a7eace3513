import { useEffect, useRef, useState, type Dispatch, type SetStateAction } from 'react';
import type { HostClient } from '../../../electron/common/contract/hostClient';
import type { DicomJsonDataset } from '../../../electron/common/dicom/model/dicomJson';
import { hungReformat } from '../../common/mpr/hungReformat';
import { defaultGrid, imageSeries } from '../../common/viewing/defaultLayout';
import type { MprLayout } from '../mpr/MprToolbar';
import type { HungView } from './hungView';
import { markOnce } from './viewerTestHooks';

/** MPR/3D of one series in place of the stack grid. */
export interface Reformat {
  layout: MprLayout;
  studyUid: string;
  seriesUid: string;
  preset?: string;
}

export interface StudyLayoutArgs {
  client: HostClient;
  studyUid: string;
  /** Bumped when images of this study arrive while it is open: the series list is read again. */
  revision: number;
  hung: HungView | undefined;
  /** Cells of the grid as laid out now. */
  cells: number;
  setLayout(layout: { rows: number; columns: number }): void;
  setAssigned: Dispatch<SetStateAction<(string | undefined)[]>>;
  setCellStudies(studies: (string | undefined)[]): void;
  setActive(cell: number): void;
  setReformat(reformat: Reformat | undefined): void;
}

/**
 * Lays the study out on the grid: as the hanging protocol hung it, else as its image series in a
 * default grid; series that arrive later fill the empty cells. Returns the study's image series.
 */
export function useStudyLayout({ client, studyUid, revision, hung, cells, setLayout, setAssigned, setCellStudies, setActive, setReformat }: StudyLayoutArgs): DicomJsonDataset[] {
  const [series, setSeries] = useState<DicomJsonDataset[]>([]);
  const laidOut = useRef(false);
  useEffect(() => {
    if (!hung) return;
    laidOut.current = true;
    const layout = hung.display.layout;
    const count = hung.display.viewports.length;
    setLayout(layout.kind === 'grid' ? { rows: layout.rows, columns: layout.columns } : { rows: 1, columns: Math.max(1, count) });
    setAssigned(hung.display.viewports.map((v) => v.seriesInstanceUid));
    setCellStudies(hung.display.viewports.map((v) => v.studyInstanceUid));
    setActive(0);
    // MPR planes, 3D or MIP viewports in the protocol: this display opens as that reformat.
    const asked = hungReformat(hung.display.viewports);
    setReformat(asked ? { layout: asked.layout, seriesUid: asked.seriesUid, studyUid: asked.studyUid ?? studyUid, ...(asked.preset ? { preset: asked.preset } : {}) } : undefined);
    // Laid out once per stage and display; the series list refreshing must not undo it.
  }, [hung?.key]);

  useEffect(() => {
    let live = true;
    client.call('qidoSeries', { params: { studyUid } }).then((rows) => {
      if (!live) return;
      markOnce('lightbox-series-listed');
      const images = imageSeries(rows);
      setSeries(images);
      const uids = images.map((s) => String(s['0020000E']?.Value?.[0] ?? ''));
      // A hung layout keeps its empty viewports empty: the protocol found nothing for them.
      if (hung) return;
      if (laidOut.current) {
        // Series that arrived since: into the cells still empty, the layout as the reader left it.
        setAssigned((current) => {
          const fresh = uids.filter((u) => !current.includes(u));
          return current.map((u) => u ?? fresh.shift()).concat(Array.from({ length: Math.max(0, cells - current.length) }, () => fresh.shift())).slice(0, Math.max(cells, current.length));
        });
        return;
      }
      if (images.length === 0) return;
      laidOut.current = true;
      const g = defaultGrid(images.length);
      setLayout(g);
      setAssigned(uids.slice(0, g.rows * g.columns));
      setActive(0);
    });
    return () => {
      live = false;
    };
  }, [client, studyUid, revision]);
  return series;
}
