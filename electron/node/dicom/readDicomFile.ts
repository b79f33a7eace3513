import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { inflateRawSync } from 'node:zlib';
import { DicomParseError } from '../../common/dicom/dicomErrors';
import { NeedMoreBytes, parseDicom } from '../../common/dicom/parse/parseDicom';
import type { ParsedDicom } from '../../common/dicom/parse/parsedDicom';
import { isPixelDataTag } from '../../common/dicom/parse/datasetToDicomJson';

/** First read; most headers fit, so a header-only parse is one read whatever the pixel data size. */
const FIRST_READ_BYTES = 16 * 1024;
/** A header (not pixel data) larger than this is refused: it protects memory from absurd files. */
export const MAX_HEADER_BYTES = 256 * 1024 * 1024;
/** Binary values up to this size are inlined in the DICOM JSON; larger ones become BulkDataURIs. */
export const INLINE_BINARY_MAX_BYTES = 4096;

export interface ReadDicomFileOptions {
  /** Stop at the pixel data (default true). */
  headerOnly?: boolean;
  /** Inline binaries up to this many bytes (default 4096); pixel data is never inlined. */
  inlineBinaryMaxBytes?: number;
}

/**
 * BulkDataURI of a value in a file, in the form dcm4che uses:
 * `file:///path?offset=N&length=M` (length -1 for undefined-length pixel data).
 */
export function fileBulkDataUri(filePath: string, offset: number, length: number): string {
  return `${pathToFileURL(filePath).href}?offset=${offset}&length=${length === 0xffffffff ? -1 : length}`;
}

/**
 * Reads and parses a DICOM file. Header-only reads start with the first 64 KiB and grow only if
 * the header is longer, so parse time does not depend on the pixel data size.
 */
export async function readDicomFile(filePath: string, options: ReadDicomFileOptions = {}): Promise<ParsedDicom> {
  return readDicomFileSync(filePath, options);
}

/**
 * The same, synchronously. A header read is a few page-cache system calls (tens of µs); the
 * promise API spends ten times that on thread-pool round trips. Bulk work (import, scans) runs
 * in worker threads, so blocking one for a header read costs nothing.
 */
export function readDicomFileSync(filePath: string, options: ReadDicomFileOptions = {}): ParsedDicom {
  const headerOnly = options.headerOnly ?? true;
  const inlineMax = options.inlineBinaryMaxBytes ?? INLINE_BINARY_MAX_BYTES;
  let fd: number;
  try {
    fd = openSync(filePath, 'r');
  } catch (error) {
    throw new DicomParseError(filePath, 'not-dicom', `cannot open: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  try {
    const size = fstatSync(fd).size;
    if (size === 0) throw new DicomParseError(filePath, 'not-dicom', 'the file is empty');
    let want = headerOnly ? Math.min(size, FIRST_READ_BYTES) : size;
    for (;;) {
      if (want > MAX_HEADER_BYTES && headerOnly) throw new DicomParseError(filePath, 'too-large', `header exceeds ${MAX_HEADER_BYTES} bytes`);
      const buffer = new Uint8Array(want);
      let bytesRead = 0;
      while (bytesRead < want) {
        const n = readSync(fd, buffer, bytesRead, want - bytesRead, bytesRead);
        if (n === 0) break;
        bytesRead += n;
      }
      const bytes = buffer.subarray(0, bytesRead);
      try {
        return parseDicom(bytes, {
          source: filePath,
          headerOnly,
          isPartial: bytesRead < size,
          fileSize: size,
          inflateRaw: (b) => inflateRawSync(b),
          bulkDataUri: (path, offset, length) =>
            isPixelDataTag(path[path.length - 1]!) || length > inlineMax ? fileBulkDataUri(filePath, offset, length) : undefined,
        });
      } catch (error) {
        if (!(error instanceof NeedMoreBytes) || bytesRead >= size) throw error;
        want = Math.min(size, want * 4);
      }
    }
  } finally {
    closeSync(fd);
  }
}
