import type { HostClient } from '../../../electron/common/contract/hostClient';
import type { DicomJsonDataset } from '../../../electron/common/dicom/model/dicomJson';

/**
 * The instances of a study's series, from one WADO-RS study metadata request made as the study
 * opens (in parallel with the series list), so a viewport does not wait for the list before asking
 * for its series. Falls back to the series' own metadata request when the study request fails.
 */
export class StudyMetadataSource {
  private readonly bySeries: Promise<Map<string, DicomJsonDataset[]> | undefined>;

  constructor(
    /** Also what a viewport loads a PET's own SUV volume through (SUV tools on a PET without fusion). */
    readonly client: HostClient,
    private readonly studyUid: string,
  ) {
    this.bySeries = client.call('wadoStudyMetadata', { params: { studyUid } }).then(
      (instances) => {
        const map = new Map<string, DicomJsonDataset[]>();
        for (const ds of instances) {
          const uid = String(ds['0020000E']?.Value?.[0] ?? '');
          let list = map.get(uid);
          if (!list) map.set(uid, (list = []));
          list.push(ds);
        }
        return map;
      },
      () => undefined,
    );
  }

  async series(seriesUid: string): Promise<DicomJsonDataset[]> {
    const found = (await this.bySeries)?.get(seriesUid);
    return found ?? this.client.call('wadoSeriesMetadata', { params: { studyUid: this.studyUid, seriesUid } });
  }
}
