import { useEffect, useState } from 'react';
import type { HostClient } from '../../../electron/common/contract/hostClient';
import type { DicomJsonDataset } from '../../../electron/common/dicom/model/dicomJson';
import { imageSeries } from '../../common/viewing/defaultLayout';
import { useStudyDate } from './useStudyDate';

export interface StripStudy {
  /** The study whose series the strip lists. */
  stripStudy: string;
  stripSeries: DicomJsonDataset[];
  /** The reader's switch of the strip to another study, for the active cell. */
  setStripChoice(choice: { cell: number; study: string }): void;
  /** Study dates: the open study's, and the strip's (a prior is labelled with its date and interval). */
  currentDate: string;
  stripPrior: string;
}

/**
 * The strip lists the series of the study in the active viewport (a prior's, on a prior's viewport).
 * The reader may switch the strip to the other study (the current one's series onto a prior's display).
 */
export function useStripStudy(client: HostClient, studyUid: string, series: DicomJsonDataset[], active: number, activeStudy: string): StripStudy {
  const [stripChoice, setStripChoice] = useState<{ cell: number; study: string }>();
  const stripStudy = stripChoice?.cell === active ? stripChoice.study : activeStudy;
  const [otherSeries, setOtherSeries] = useState<{ uid: string; rows: DicomJsonDataset[] }>();
  useEffect(() => {
    if (stripStudy === studyUid) return;
    let live = true;
    client.call('qidoSeries', { params: { studyUid: stripStudy } }).then((rows) => live && setOtherSeries({ uid: stripStudy, rows: imageSeries(rows) }));
    return () => {
      live = false;
    };
  }, [client, stripStudy, studyUid]);
  const stripSeries = stripStudy === studyUid ? series : otherSeries?.uid === stripStudy ? otherSeries.rows : [];
  const currentDate = useStudyDate(client, studyUid);
  const stripPrior = useStudyDate(client, stripStudy);
  return { stripStudy, stripSeries, setStripChoice, currentDate, stripPrior };
}
