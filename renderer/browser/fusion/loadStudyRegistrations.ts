import type { HostClient } from '../../../electron/common/contract/hostClient';
import { stringValue, Tag } from '../../../electron/common/dicom/model/dicomJsonAccess';
import { readSpatialRegistration, type SpatialRegistration } from '../../../electron/common/registration/readSpatialRegistration';

/**
 * The study's Spatial Registration objects, from its REG series' metadata (the index keeps every
 * instance's header, sequences included: no file is read). Ones that cannot be read are left out
 * with their reason.
 */
export async function loadStudyRegistrations(client: HostClient, studyUid: string): Promise<{ registrations: SpatialRegistration[]; problems: string[] }> {
  const series = await client.call('qidoSeries', { params: { studyUid } });
  const reg = series.filter((s) => stringValue(s, Tag.Modality) === 'REG').map((s) => stringValue(s, Tag.SeriesInstanceUID)).filter((u): u is string => !!u);
  const headers = (await Promise.all(reg.map((seriesUid) => client.call('wadoSeriesMetadata', { params: { studyUid, seriesUid } })))).flat();
  const registrations: SpatialRegistration[] = [];
  const problems: string[] = [];
  for (const ds of headers) {
    const read = readSpatialRegistration(ds);
    if (read.ok) registrations.push(read.registration);
    else problems.push(read.reason);
  }
  return { registrations, problems };
}
