/**
 * dcmtk dump2dcm input written by the tests that build DICOM objects "as another system writes
 * them" (by hand from the standard, not by Lightbox's writer).
 */

/** An element as [tag "gggg,eeee", VR, value], or a sequence as [tag, items]. */
export type DumpElement = [string, string, string] | [string, DumpElement[][]];

/** The dump2dcm text of `elements`, sequences and items of undefined length. */
export function dumpText(elements: DumpElement[], indent = ''): string {
  return elements
    .map((e) => {
      if (e.length === 3) return `${indent}(${e[0]}) ${e[1]} [${e[2]}]`;
      const items = e[1].map((item) => `${indent}  (fffe,e000) na (Item with undefined length)\n${dumpText(item, `${indent}    `)}\n${indent}  (fffe,e00d) na (ItemDelimitationItem)`);
      return `${indent}(${e[0]}) SQ (Sequence with undefined length)\n${items.join('\n')}\n${indent}(fffe,e0dd) na (SequenceDelimitationItem)`;
    })
    .join('\n');
}
