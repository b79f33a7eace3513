import type { DicomJsonAttribute, DicomJsonDataset } from '../../electron/common/dicom/model/dicomJson';

/**
 * Compares our DICOM JSON with a reference (dcm2json) outside bulk data, allowing only these
 * documented, standard-conformant differences:
 * - attributes we give as BulkDataURI (pixel data, binaries over the inline limit) are skipped;
 * - FL values: we print the shortest decimal that reads back as the same 32-bit float (3.1),
 *   dcmtk prints 9 significant digits (3.099999905): equal when both round to the same float32;
 * - FD values: dcmtk's 17-digit printing can be one unit in the last place off: equal within 1e-15;
 * - a string attribute whose value field holds only delimiters (the CS `\\\ ` of 4 bytes: Value Length
 *   4, four empty values): PS3.18 F.2.5 encodes each empty value as `null` ("Value": [null, …]);
 *   only a zero Value Length has no "Value". dcmtk 3.6.7's dcm2json drops the values (no "Value")
 *   and loses the multiplicity, so an all-null array of two or more against no "Value" is dcmtk's
 *   deviation, not ours (seen in a Philips private sequence of the enhanced MR sample).
 */
export function diffDicomJson(ours: DicomJsonDataset, reference: DicomJsonDataset, path = ''): string[] {
  const problems: string[] = [];
  for (const key of new Set([...Object.keys(ours), ...Object.keys(reference)])) {
    const a = ours[key];
    const b = reference[key];
    if (a?.BulkDataURI) continue;
    if (!a || !b) {
      problems.push(`${path}${key}: ${a ? 'only in ours' : 'missing from ours'}`);
      continue;
    }
    problems.push(...diffAttribute(a, b, `${path}${key}`));
  }
  return problems;
}

function diffAttribute(a: DicomJsonAttribute, b: DicomJsonAttribute, where: string): string[] {
  if (a.vr !== b.vr) return [`${where}: VR ${a.vr} vs ${b.vr}`];
  if (a.vr === 'SQ') {
    const ai = (a.Value ?? []) as DicomJsonDataset[];
    const bi = (b.Value ?? []) as DicomJsonDataset[];
    if (ai.length !== bi.length) return [`${where}: ${ai.length} items vs ${bi.length}`];
    return ai.flatMap((item, i) => diffDicomJson(item, bi[i]!, `${where}[${i}].`));
  }
  if ((a.InlineBinary ?? null) !== (b.InlineBinary ?? null)) return [`${where}: InlineBinary differs`];
  const av = a.Value ?? [];
  const bv = b.Value ?? [];
  if (isOnlyEmptyValues(av) && b.Value === undefined) return [];
  if (av.length !== bv.length) return [`${where}: ${JSON.stringify(av).slice(0, 80)} vs ${JSON.stringify(bv).slice(0, 80)}`];
  for (let i = 0; i < av.length; i++) {
    const x = av[i];
    const y = bv[i];
    const same =
      a.vr === 'FL' && typeof x === 'number' && typeof y === 'number'
        ? Math.fround(x) === Math.fround(y)
        : a.vr === 'FD' && typeof x === 'number' && typeof y === 'number'
          ? Math.abs(x - y) <= 1e-15 * Math.max(Math.abs(x), Math.abs(y))
          : JSON.stringify(x) === JSON.stringify(y);
    if (!same) return [`${where} ${a.vr}: ${JSON.stringify(x)?.slice(0, 80)} vs ${JSON.stringify(y)?.slice(0, 80)}`];
  }
  return [];
}

/** Two or more values, every one empty (PS3.18 F.2.5 `null`): a value field of delimiters only. */
export function isOnlyEmptyValues(values: unknown[]): boolean {
  return values.length >= 2 && values.every((v) => v === null);
}
