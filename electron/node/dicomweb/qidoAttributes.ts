import type { DicomJsonAttribute, DicomJsonDataset } from '../../common/dicom/model/dicomJson';

/** PS3.18 Table 6.7.1-2 (study), 6.7.1-2a (series), 6.7.1-2b (instance): the attributes QIDO-RS returns. */
export const STUDY_LEVEL = ['00080005', '00080020', '00080030', '00080050', '00080056', '00080061', '00080090', '00081030', '00100010', '00100020', '00100030', '00100040', '0020000D', '00200010', '00201206', '00201208'];
export const SERIES_LEVEL = ['00080005', '00080060', '0008103E', '0020000D', '0020000E', '00200011', '00201209', '00400244', '00400245'];
export const INSTANCE_LEVEL = ['00080005', '00080016', '00080018', '00080056', '0020000D', '0020000E', '00200013', '00280008', '00280010', '00280011', '00280100'];

/** The QIDO result for one match: the level's attributes present in `source`, plus computed ones. */
export function projectAttributes(source: DicomJsonDataset, tags: string[], computed: Record<string, DicomJsonAttribute>): DicomJsonDataset {
  const out: DicomJsonDataset = {};
  for (const tag of tags) {
    if (computed[tag]) out[tag] = computed[tag]!;
    else if (tag === '00080056') out[tag] = { vr: 'CS', Value: ['ONLINE'] };
    else if (source[tag]) out[tag] = source[tag]!;
  }
  return out;
}
