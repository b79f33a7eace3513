/**
 * The DICOM JSON model (PS3.18 F.2): the data model every layer shares — the parser produces it,
 * the cache stores it, DICOMweb serves it, the renderer reads it. It lives below the contract
 * that carries it (VS Code: a model is not defined by the services that transport it).
 */

/** One attribute: `vr`, and at most one of `Value`, `BulkDataURI`, `InlineBinary`. */
export interface DicomJsonAttribute {
  vr: string;
  Value?: unknown[];
  BulkDataURI?: string;
  InlineBinary?: string;
}

/** A data set: tags (8 upper-case hex digits) as keys. */
export type DicomJsonDataset = Record<string, DicomJsonAttribute>;
