import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { parseDicom } from '../../electron/common/dicom/parse/parseDicom';

/**
 * Every value of a file's data set (pixel data included, as InlineBinary), group lengths and
 * trailing padding left out: what two encodings of one instance by different writers (dcmtk,
 * Orthanc, us) must share when their bytes may differ.
 */
export function datasetContent(fileOrBytes: string | Uint8Array, source = typeof fileOrBytes === 'string' ? fileOrBytes : 'bytes'): string {
  const bytes = typeof fileOrBytes === 'string' ? new Uint8Array(readFileSync(fileOrBytes)) : fileOrBytes;
  const parsed = parseDicom(bytes, { source, headerOnly: false, inflateRaw: (b) => inflateRawSync(b) });
  return JSON.stringify(Object.entries(parsed.dataset).filter(([tag]) => !tag.endsWith('0000') && tag !== 'FFFCFFFC'));
}
