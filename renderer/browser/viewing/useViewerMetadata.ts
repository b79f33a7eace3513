import { useCallback, useMemo } from 'react';
import type { HostClient } from '../../../electron/common/contract/hostClient';
import type { DicomJsonDataset } from '../../../electron/common/dicom/model/dicomJson';
import { StudyMetadataSource } from './studyMetadataSource';

export interface ViewerMetadata {
  /** The open study's metadata. */
  metadata: StudyMetadataSource;
  /** The open study's headers of one series. */
  studyHeaders(seriesUid: string): Promise<DicomJsonDataset[]>;
  /** The metadata of the study a viewport shows: the open one's, or a prior's (read once per prior). */
  metadataFor(studyUid: string | undefined): StudyMetadataSource;
}

/** The metadata the viewer reads: the open study's, and those of priors hung beside it. */
export function useViewerMetadata(client: HostClient, studyUid: string, opened: StudyMetadataSource | undefined, revision: number): ViewerMetadata {
  // Asked for at once, beside the series list (see StudyMetadataSource).
  // Re-read when images of this study arrive (a retrieve in progress): new series and new images appear.
  const metadata = useMemo(() => opened ?? new StudyMetadataSource(client, studyUid), [opened, client, studyUid, revision]);
  const studyHeaders = useCallback((seriesUid: string) => metadata.series(seriesUid), [metadata]);
  // Viewports of other studies (priors hung beside the current one) read their own study's metadata.
  const otherStudies = useMemo(() => new Map<string, StudyMetadataSource>(), [client, revision]);
  const metadataFor = (uid: string | undefined): StudyMetadataSource => {
    if (!uid || uid === studyUid) return metadata;
    let source = otherStudies.get(uid);
    if (!source) otherStudies.set(uid, (source = new StudyMetadataSource(client, uid)));
    return source;
  };
  return { metadata, studyHeaders, metadataFor };
}
