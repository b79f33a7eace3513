import dicomParser, { type DataSet, type Element } from 'dicom-parser';
import { DicomParseError } from '../dicomErrors';
import { newDataSet } from './dicomParserRuntime';
import { recoverTrailingSequence } from './recoverSequence';
import { TransferSyntax, isBigEndian, isImplicitVR } from '../transferSyntax';
import { datasetToDicomJson, type BulkDataUriFor } from './datasetToDicomJson';
import { detectTransferSyntax } from './detectTransferSyntax';
import { scanEncapsulatedPixelData } from './encapsulatedPixelData';
import type { ParsedDicom, PixelDataLocation } from './parsedDicom';
import { dictionaryVr } from './valueRepresentation';
import { trimNulAndSpace } from './trimPadding';

export interface ParseDicomOptions {
  /** For messages: the file path or another name of the bytes. */
  source: string;
  /** Stop at the pixel data (default true): header-only parse; pixel data is located, not read. */
  headerOnly?: boolean;
  /** Raw DEFLATE inflater for Deflated Explicit VR Little Endian (zlib in Node, DecompressionStream-less in the browser). */
  inflateRaw?: (bytes: Uint8Array) => Uint8Array;
  bulkDataUri?: BulkDataUriFor;
  /** Set when `bytes` is only the head of a longer file: running past it is "need more bytes", not "truncated". */
  isPartial?: boolean;
  /** Total file size, for fragment scanning of partial buffers. */
  fileSize?: number;
}

/** Thrown when a partial buffer ended before the header did; the caller reads more and retries. */
export class NeedMoreBytes extends Error {
  override name = 'NeedMoreBytes';
}

const PIXEL_DATA = 'x7fe00010';
const META_END_GUARD = 1 << 16;

function message(error: unknown): string {
  // Sequences nested thousands deep exhaust the reader's stack: say what is wrong with the file.
  if (error instanceof RangeError && /call stack/i.test(error.message)) return 'sequences nested too deeply to read (thousands of levels): the data set is malformed';
  return error instanceof Error ? error.message : String(error);
}

function readMeta(bytes: Uint8Array, start: number, source: string, warnings: string[]): { meta: DataSet; end: number } {
  const stream = new dicomParser.ByteStream(dicomParser.littleEndianByteArrayParser, bytes, start);
  const elements: Record<string, Element> = {};
  while (stream.position + 8 <= bytes.length) {
    const group = bytes[stream.position]! | (bytes[stream.position + 1]! << 8);
    if (group !== 0x0002) break;
    const element = dicomParser.readDicomElementExplicit(stream, warnings);
    elements[element.tag] = element;
    if (stream.position > start + META_END_GUARD) throw new DicomParseError(source, 'bad-structure', 'file meta information is implausibly long');
  }
  return { meta: newDataSet(dicomParser.littleEndianByteArrayParser, bytes, elements), end: stream.position };
}

function metaString(meta: DataSet, tag: string): string | undefined {
  const el = meta.elements[tag];
  if (!el || el.length === 0) return undefined;
  return trimNulAndSpace(dicomParser.readFixedString(meta.byteArray, el.dataOffset, el.length)).trim();
}

function classify(error: unknown, source: string, isPartial: boolean): Error {
  const text = message(error);
  if (/buffer overread|beyond|past end|eof/i.test(text)) {
    return isPartial ? new NeedMoreBytes(text) : new DicomParseError(source, 'truncated', text);
  }
  if (/length/i.test(text)) return new DicomParseError(source, 'bad-length', text);
  return new DicomParseError(source, 'bad-structure', text);
}

/**
 * Parses DICOM bytes (Part 10 file, or a bare data set without preamble/meta) into the DICOM
 * JSON model. Header-only by default: stops at Pixel Data, whose offset, length and fragments
 * are recorded so that decoding can read exactly those bytes later.
 */
export function parseDicom(input: Uint8Array, options: ParseDicomOptions): ParsedDicom {
  try {
    return parseDicomUnguarded(input, options);
  } catch (error) {
    // Whatever broke inside, callers see one typed error that names the file.
    if (error instanceof DicomParseError || error instanceof NeedMoreBytes) throw error;
    throw new DicomParseError(options.source, 'bad-structure', message(error));
  }
}

/** The dicom-parser data set of a file, before conversion to DICOM JSON. */
export interface RawDataSet {
  dataSet: DataSet;
  meta: DataSet;
  /** The bytes parsed (inflated, for deflated data sets). */
  bytes: Uint8Array;
  transferSyntaxUid: string;
  transferSyntaxDetected: boolean;
  hasPreamble: boolean;
  warnings: string[];
}

function parseDicomUnguarded(input: Uint8Array, options: ParseDicomOptions): ParsedDicom {
  const { source } = options;
  const raw = parseRawDataSet(input, options);
  const { dataSet, meta, bytes, transferSyntaxUid, warnings } = raw;
  const bigEndian = isBigEndian(transferSyntaxUid);
  const implicit = isImplicitVR(transferSyntaxUid);
  if (options.isPartial) {
    // A head of a file that ended before the pixel data (or inside a sequence, which dicom-parser
    // only notes as a warning) is not the whole header: read more.
    const reachedPixels = dataSet.elements[PIXEL_DATA] ?? dataSet.elements.x7fe00008 ?? dataSet.elements.x7fe00009;
    if (!reachedPixels || warnings.some((w) => /eof/i.test(w))) throw new NeedMoreBytes('header continues past the bytes read');
  }

  // dicom-parser skips over a value whose declared length passes the end of the data: say so.
  const end = options.fileSize ?? bytes.length;
  for (const el of Object.values(dataSet.elements)) {
    if (el.length !== 0xffffffff && !el.hadUndefinedLength && el.dataOffset + el.length > end) {
      warnings.push(`(${el.tag.slice(1, 5).toUpperCase()},${el.tag.slice(5).toUpperCase()}) declares ${el.length} bytes but the data ends ${el.dataOffset + el.length - end} bytes earlier`);
    }
  }

  let pixelData: PixelDataLocation | undefined;
  const pixelElement = dataSet.elements[PIXEL_DATA] ?? dataSet.elements.x7fe00008 ?? dataSet.elements.x7fe00009;
  if (pixelElement) {
    const tag = parseInt(pixelElement.tag.slice(1), 16);
    const encapsulated = pixelElement.length === 0xffffffff || pixelElement.hadUndefinedLength === true;
    pixelData = {
      tag,
      vr: implicit ? dictionaryVr(tag, {}) : (pixelElement.vr ?? 'OW'),
      offset: pixelElement.dataOffset,
      encapsulated,
      ...(encapsulated ? {} : { length: pixelElement.length }),
    };
    if (encapsulated) {
      const scanned = scanEncapsulatedPixelData(bytes, pixelElement.dataOffset, options.isPartial ?? false);
      if (scanned === 'need-more') throw new NeedMoreBytes('encapsulated pixel data runs past the bytes read');
      if (typeof scanned === 'string') warnings.push(scanned);
      else Object.assign(pixelData, scanned);
    }
  }

  const dataset = datasetToDicomJson(dataSet, { bigEndian, implicit, bulkDataUri: options.bulkDataUri, warnings });
  const metaJson = datasetToDicomJson(meta, { bigEndian: false, implicit: false, warnings, keepMetaGroup: true });
  return { source, transferSyntaxUid, transferSyntaxDetected: raw.transferSyntaxDetected, hasPreamble: raw.hasPreamble, meta: metaJson, dataset, pixelData, headerOnly: options.headerOnly ?? true, warnings };
}

export function parseRawDataSet(input: Uint8Array, options: ParseDicomOptions): RawDataSet {
  const { source } = options;
  const headerOnly = options.headerOnly ?? true;
  const warnings: string[] = [];
  let bytes = input;
  const hasPreamble = bytes.length >= 132 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d;
  const metaStart = hasPreamble ? 132 : 0;
  let meta: DataSet;
  let datasetStart: number;
  try {
    ({ meta, end: datasetStart } = readMeta(bytes, metaStart, source, warnings));
  } catch (error) {
    if (error instanceof DicomParseError) throw error;
    throw classify(error, source, options.isPartial ?? false);
  }
  let transferSyntaxUid = metaString(meta, 'x00020010');
  let transferSyntaxDetected = false;
  if (!transferSyntaxUid) {
    const detected = detectTransferSyntax(bytes, datasetStart, !hasPreamble && Object.keys(meta.elements).length === 0);
    if (!detected) {
      if (options.isPartial && bytes.length < 256) throw new NeedMoreBytes('too few bytes to recognise a data set');
      throw new DicomParseError(source, 'not-dicom', hasPreamble ? 'no data set follows the file meta information' : 'no DICM prefix and no recognisable data set');
    }
    transferSyntaxUid = detected;
    transferSyntaxDetected = true;
    warnings.push(
      Object.keys(meta.elements).length
        ? `file meta information has no Transfer Syntax UID; read as ${detected}`
        : `no file meta information; read as ${detected}`,
    );
  }

  if (transferSyntaxUid === TransferSyntax.DeflatedExplicitVRLittleEndian) {
    if (options.isPartial) throw new NeedMoreBytes('a deflated data set is read whole');
    if (!options.inflateRaw) throw new DicomParseError(source, 'unsupported-transfer-syntax', 'no inflater available for Deflated Explicit VR Little Endian');
    try {
      const inflated = options.inflateRaw(bytes.subarray(datasetStart));
      const joined = new Uint8Array(datasetStart + inflated.length);
      joined.set(bytes.subarray(0, datasetStart));
      joined.set(inflated, datasetStart);
      bytes = joined;
    } catch (error) {
      throw new DicomParseError(source, 'inflate-failed', message(error));
    }
  }

  const bigEndian = isBigEndian(transferSyntaxUid);
  const implicit = isImplicitVR(transferSyntaxUid);
  const parser = bigEndian ? dicomParser.bigEndianByteArrayParser : dicomParser.littleEndianByteArrayParser;
  const dataSet = newDataSet(parser, bytes, {});
  dataSet.warnings = warnings;
  const stream = new dicomParser.ByteStream(parser, bytes, datasetStart);
  const parseOptions = headerOnly ? { untilTag: PIXEL_DATA } : undefined;
  try {
    if (implicit) {
      const vrCallback = (tag: string): string => dictionaryVr(parseInt(tag.slice(1), 16), {});
      dicomParser.parseDicomDataSetImplicit(dataSet, stream, bytes.length, { ...parseOptions, vrCallback } as { untilTag: string });
    } else {
      dicomParser.parseDicomDataSetExplicit(dataSet, stream, bytes.length, parseOptions as { untilTag: string });
    }
  } catch (error) {
    const classified = classify(error, source, options.isPartial ?? false);
    if (classified instanceof NeedMoreBytes) throw classified;
    // Best effort: keep what was read before the damage, as dcmtk does with +Ep; fail only if nothing was.
    const partial = (error as { dataSet?: DataSet }).dataSet ?? dataSet;
    if (!partial || Object.keys(partial.elements).length === 0) throw classified;
    warnings.push(`parse stopped early: ${classified.message}`);
    if (!implicit) {
      const recovered = recoverTrailingSequence(dataSet, bytes, datasetStart, !bigEndian);
      if (recovered) warnings.push(recovered);
    }
  }
  return { dataSet, meta, bytes, transferSyntaxUid, transferSyntaxDetected, hasPreamble, warnings };
}
