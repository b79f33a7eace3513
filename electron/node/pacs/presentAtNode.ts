import { find } from '../dimse/dimseScu';
import type { DicomWebClient } from './dicomWebClient';
import { dimsePeer, type PacsNode } from './pacsSettings';

/** Where an instance sits in the hierarchy: what a hierarchical C-FIND at IMAGE level needs (PS3.4 C.4.1.3.1). */
export interface InstancePlace {
  studyUid: string;
  seriesUid: string;
  sopUid: string;
}

/**
 * Whether the node holds an instance, as the node itself says: C-FIND at IMAGE level, or QIDO-RS,
 * by SOP Instance UID. Asked before re-sending an instance whose send may have reached the node
 * (the answer to it was lost), so that the node stores each instance once.
 */
export async function presentAtNode(node: PacsNode, place: InstancePlace, ourAe: string, dicomWeb: () => DicomWebClient): Promise<boolean> {
  if (node.kind === 'dimse') {
    const keys = { StudyInstanceUID: place.studyUid, SeriesInstanceUID: place.seriesUid, SOPInstanceUID: place.sopUid };
    return (await find(dimsePeer(node), ourAe, 'IMAGE', keys, { limit: 1 })).length > 0;
  }
  return (await dicomWeb().searchInstances(place.studyUid, { SOPInstanceUID: place.sopUid })).length > 0;
}
