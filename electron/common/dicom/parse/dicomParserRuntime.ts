import dicomParser, { type ByteArray, type ByteArrayParser, type DataSet, type Element } from 'dicom-parser';

// dicom-parser exports a DataSet constructor at run time that its typings declare only as an interface.
const DataSetConstructor = (dicomParser as unknown as {
  DataSet: new (parser: ByteArrayParser, bytes: ByteArray, elements: Record<string, Element>) => DataSet;
}).DataSet;

export function newDataSet(parser: ByteArrayParser, bytes: ByteArray, elements: Record<string, Element>): DataSet {
  return new DataSetConstructor(parser, bytes, elements);
}
