import { useEffect, useState } from 'react';
import { stringValue, Tag } from '../../../electron/common/dicom/model/dicomJsonAccess';
import type { StudyMetadataSource } from '../viewing/studyMetadataSource';

/**
 * The Frame of Reference UID of a series (its first instance's), read from the study's metadata:
 * what a fusion over the series' MPR is checked against. undefined while it is read (or without a
 * series), '' when the series has none.
 */
export function useSeriesFrameOfReference(metadata: StudyMetadataSource | undefined, seriesUid: string | undefined): string | undefined {
  const [found, setFound] = useState<{ seriesUid: string; frameOfReferenceUid: string }>();
  useEffect(() => {
    if (!metadata || !seriesUid) return;
    let live = true;
    metadata.series(seriesUid).then(
      (instances) => live && setFound({ seriesUid, frameOfReferenceUid: instances.map((ds) => stringValue(ds, Tag.FrameOfReferenceUID)).find((f) => !!f) ?? '' }),
      () => live && setFound({ seriesUid, frameOfReferenceUid: '' }),
    );
    return () => {
      live = false;
    };
  }, [metadata, seriesUid]);
  return found && found.seriesUid === seriesUid ? found.frameOfReferenceUid : undefined;
}
