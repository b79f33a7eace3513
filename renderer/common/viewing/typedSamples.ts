/** Stored samples as the typed array their type names (little-endian bytes, as the host sends them). */
export type TypedSamples = Uint8Array | Int8Array | Uint16Array | Int16Array | Int32Array | Uint32Array | Float32Array | Float64Array;

export function samplesOfType(sampleType: string, buffer: ArrayBuffer): TypedSamples {
  switch (sampleType) {
    case 'float32':
      return new Float32Array(buffer);
    case 'float64':
      return new Float64Array(buffer);
    case 'int8':
      return new Int8Array(buffer);
    case 'int16':
      return new Int16Array(buffer);
    case 'uint16':
      return new Uint16Array(buffer);
    case 'int32':
      return new Int32Array(buffer);
    case 'uint32':
      return new Uint32Array(buffer);
    default:
      return new Uint8Array(buffer);
  }
}
