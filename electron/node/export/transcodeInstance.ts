import { inflateRawSync } from 'node:zlib';
import { readRawInstance, type RawElement } from '../../common/deidentify/rawElementTree';
import { textValue, valueText } from '../../common/deidentify/replacementValues';
import { writeRawInstance } from '../../common/deidentify/writeRawInstance';
import { stringValue } from '../../common/dicom/model/dicomJsonAccess';
import { parseDicom } from '../../common/dicom/parse/parseDicom';
import { TransferSyntax, isBigEndian, transferSyntaxName } from '../../common/dicom/transferSyntax';
import { bytesPerSample } from '../../../native-codecs/common/decodeTypes';
import { joinFragments } from '../../../native-codecs/common/frameFragments';
import { DECODABLE_TRANSFER_SYNTAXES, decodeFrame } from '../../../native-codecs/node/decodeFrame';
import { frameSourceOfBytes } from '../imaging/frameSource';

/** An instance in Explicit VR Little Endian, or why it stays in its own syntax. */
export type TranscodeOutcome = { bytes: Uint8Array; transferSyntaxUid: string; changed: boolean } | { kept: string; transferSyntaxUid: string };

/** Lossy syntaxes: decoding them gives the lossy pixels, which stay flagged as such (PS3.3 C.7.6.1.1.5). */
const LOSSY = new Set<string>([TransferSyntax.JpegBaseline, TransferSyntax.JpegExtended12Bit, TransferSyntax.JpegLsNearLossless, TransferSyntax.Jpeg2000, TransferSyntax.Htj2k]);
/** US or SS attributes whose VR follows Pixel Representation (PS3.6; an implicit-VR file does not say which). */
const US_OR_SS = new Set([0x00280106, 0x00280107, 0x00280108, 0x00280109, 0x00280110, 0x00280111, 0x00280120]);

const find = (elements: RawElement[], tag: number): RawElement | undefined => elements.find((e) => e.tag === tag);
function put(elements: RawElement[], el: RawElement): void {
  const at = elements.findIndex((e) => e.tag === el.tag);
  if (at >= 0) elements[at] = el;
  else elements.push(el);
}
const u16 = (x: number): Uint8Array => new Uint8Array([x & 0xff, x >> 8]);

/**
 * The native pixel data of an encapsulated instance, every frame decoded by our decoders (the
 * ones the viewer uses), and the photometric interpretation the samples are in. Throws a
 * `DecodeError` naming the frame that failed.
 */
async function decodeAllFrames(bytes: Uint8Array, source: string): Promise<{ pixels: Uint8Array; photometric: string; bitsAllocated: number } | string> {
  const parsed = parseDicom(bytes, { source, headerOnly: true, inflateRaw: (b) => inflateRawSync(b) });
  const frames = frameSourceOfBytes(parsed, bytes);
  if (!frames) return 'its fragments could not be located';
  if (frames.unreadable) return frames.unreadable;
  const { format, numberOfFrames } = frames;
  if (format.bitsAllocated === 1) return '1-bit encapsulated pixel data is not transcoded';
  const frameBytes = format.rows * format.columns * format.samplesPerPixel * bytesPerSample(format);
  const out = new Uint8Array(frameBytes * numberOfFrames);
  let photometric = format.photometricInterpretation;
  for (let frame = 1; frame <= numberOfFrames; frame++) {
    const parts = frames.fragments?.[frame - 1] ?? [];
    const request = { transferSyntaxUid: frames.transferSyntaxUid, format, source, frame, bytes: joinFragments(parts.map((f) => bytes.subarray(f.offset, f.offset + f.length))) };
    const decoded = await decodeFrame(request);
    const samples = new Uint8Array(decoded.pixels.buffer, decoded.pixels.byteOffset, decoded.pixels.byteLength);
    if (samples.length !== frameBytes) return `frame ${frame} decoded to ${samples.length} bytes, expected ${frameBytes}`;
    out.set(samples, (frame - 1) * frameBytes);
    photometric = decoded.photometricInterpretation;
  }
  // Decoders that apply the JPEG 2000 colour transform give RGB; full-resolution YBR samples are YBR_FULL, not 422.
  if (photometric === 'YBR_RCT' || photometric === 'YBR_ICT') photometric = 'RGB';
  if (photometric === 'YBR_FULL_422' || photometric === 'YBR_PARTIAL_422') photometric = 'YBR_FULL';
  return { pixels: out, photometric, bitsAllocated: format.bitsAllocated };
}

/**
 * Rewrites an instance in Explicit VR Little Endian (the one syntax of STD-GEN-CD, PS3.11 D):
 * Implicit VR and deflated data sets get their VRs spelled out; compressed pixel data is decoded
 * frame by frame into native pixel data, with Photometric Interpretation and Planar Configuration
 * set for the decoded samples and, for lossy syntaxes, Lossy Image Compression kept at 01. Every
 * other element is copied byte for byte; SOP Instance UID stays (PS3.5 8.2.1: a lossless change of
 * encoding is the same instance). An instance already in Explicit VR Little Endian comes back
 * unchanged. Kept as it is, with the reason: Explicit VR Big Endian (retired) and syntaxes with no
 * decoder here (video, Encapsulated Uncompressed).
 */
export async function transcodeToExplicitLittleEndian(bytes: Uint8Array, source: string): Promise<TranscodeOutcome> {
  const head = parseDicom(bytes, { source, headerOnly: true, inflateRaw: (b) => inflateRawSync(b) });
  const ts = head.transferSyntaxUid;
  if (ts === TransferSyntax.ExplicitVRLittleEndian) return { bytes, transferSyntaxUid: ts, changed: false };
  if (isBigEndian(ts)) return { kept: `${transferSyntaxName(ts)} is not transcoded here (its binary values would need byte-swapping)`, transferSyntaxUid: ts };
  const encapsulated = head.pixelData?.encapsulated === true;
  if (encapsulated && !DECODABLE_TRANSFER_SYNTAXES.includes(ts)) return { kept: `no decoder for ${transferSyntaxName(ts)}`, transferSyntaxUid: ts };
  const raw = readRawInstance(bytes, { source, inflateRaw: (b) => new Uint8Array(inflateRawSync(b)) });
  const elements = raw.elements;
  const pixelRepresentation = find(elements, 0x00280103)?.value;
  if (pixelRepresentation && pixelRepresentation[0] === 1) for (const el of elements) if (US_OR_SS.has(el.tag) && el.vr === 'US') el.vr = 'SS';
  const pixelElement = elements.find((e) => e.tag === 0x7fe00010 && e.encapsulated);
  if (pixelElement) {
    const decoded = await decodeAllFrames(bytes, source);
    if (typeof decoded === 'string') return { kept: `${transferSyntaxName(ts)} not decoded: ${decoded}`, transferSyntaxUid: ts };
    put(elements, { tag: 0x7fe00010, vr: decoded.bitsAllocated > 8 ? 'OW' : 'OB', value: decoded.pixels });
    put(elements, { tag: 0x00280004, vr: 'CS', value: textValue(decoded.photometric, 'CS') });
    const samplesPerPixel = find(elements, 0x00280002)?.value;
    if (find(elements, 0x00280006) || (samplesPerPixel && samplesPerPixel[0]! > 1)) put(elements, { tag: 0x00280006, vr: 'US', value: u16(0) });
    // Offset tables of the encapsulated form mean nothing for native pixel data.
    for (const tag of [0x7fe00001, 0x7fe00002]) {
      const at = elements.findIndex((e) => e.tag === tag);
      if (at >= 0) elements.splice(at, 1);
    }
    if (LOSSY.has(ts) && !find(elements, 0x00282110)) put(elements, { tag: 0x00282110, vr: 'CS', value: textValue('01', 'CS') });
  }
  // A data set without its UIDs (some test files) keeps the File Meta Information's.
  const sopClassUid = valueText(find(elements, 0x00080016)?.value) || (stringValue(head.meta, '00020002') ?? '');
  const sopInstanceUid = valueText(find(elements, 0x00080018)?.value) || (stringValue(head.meta, '00020003') ?? '');
  if (!sopClassUid || !sopInstanceUid) return { kept: 'no SOP Class UID or SOP Instance UID in the data set', transferSyntaxUid: ts };
  const out = writeRawInstance(elements, { sopClassUid, sopInstanceUid, transferSyntaxUid: TransferSyntax.ExplicitVRLittleEndian });
  return { bytes: out, transferSyntaxUid: TransferSyntax.ExplicitVRLittleEndian, changed: true };
}
