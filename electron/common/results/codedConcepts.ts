import type { DicomJsonDataset } from '../dicom/model/dicomJson';
import { sequenceItems, stringValue } from '../dicom/model/dicomJsonAccess';
import { ResultTag } from './resultTags';

/** A coded concept (PS3.3 Table 8.8-1): Code Value (or Long Code Value / URN), scheme, meaning. */
export interface CodedConcept {
  value: string;
  scheme: string;
  meaning: string;
}

/** A Code Sequence item as a concept; undefined when it has no value of any of the three kinds. */
export function codedConcept(item: DicomJsonDataset | undefined): CodedConcept | undefined {
  const value = stringValue(item, ResultTag.CodeValue) ?? stringValue(item, ResultTag.LongCodeValue) ?? stringValue(item, ResultTag.URNCodeValue);
  if (!value) return undefined;
  return { value, scheme: stringValue(item, ResultTag.CodingSchemeDesignator) ?? '', meaning: stringValue(item, ResultTag.CodeMeaning) ?? '' };
}

/** Every concept of a code sequence attribute of `ds`. */
export function codedConcepts(ds: DicomJsonDataset | undefined, tag: string): CodedConcept[] {
  return sequenceItems(ds, tag)
    .map(codedConcept)
    .filter((c): c is CodedConcept => c !== undefined);
}

/** The first concept of a code sequence attribute of `ds`. */
export function firstConcept(ds: DicomJsonDataset | undefined, tag: string): CodedConcept | undefined {
  return codedConcepts(ds, tag)[0];
}
