import { tagNumber } from '../model/compositeObjectTags';
import type { WriteElement } from './dicomWriter';

/**
 * Writer elements named by their DICOM JSON key (as the tag tables spell them) rather than by
 * number: what the IOD writers that work from those tables build their data sets with.
 */

/** A text element (any string VR). */
export const keyedStrings = (key: string, vr: string, ...strings: string[]): WriteElement => ({ tag: tagNumber(key), vr, strings });

/** A numeric element (binary VRs, or DS/IS written from numbers). */
export const keyedNumbers = (key: string, vr: string, ...numbers: number[]): WriteElement => ({ tag: tagNumber(key), vr, numbers });

/** A sequence of items. */
export const keyedSequence = (key: string, items: WriteElement[][]): WriteElement => ({ tag: tagNumber(key), vr: 'SQ', items });
