import dicomParser, { type DataSet, type Element } from 'dicom-parser';

/**
 * Parses the items of a defined-length sequence whose VR was not known while parsing (UN or a
 * private SQ): their content is implicit VR little endian (PS3.5 6.2.2). Fills `element.items`.
 */
export function readImplicitItems(dataSet: DataSet, element: Element, vrCallback: (tag: string) => string): void {
  const bytes = dataSet.byteArray as Uint8Array;
  const end = Math.min(element.dataOffset + element.length, bytes.length);
  const view = bytes.subarray(0, end);
  const stream = new dicomParser.ByteStream(dicomParser.littleEndianByteArrayParser, view, element.dataOffset);
  try {
    dicomParser.readSequenceItemsImplicit(stream, element, vrCallback);
  } catch {
    // Not a sequence after all (or damaged): leave it as bytes.
    element.items = undefined;
  }
}
