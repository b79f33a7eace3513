/**
 * Characters XML 1.0 does not allow at all (2.2 Char), even as character references: C0 controls
 * other than tab, line feed and carriage return, lone surrogates, U+FFFE and U+FFFF. A patient
 * name or error text carrying one would make the whole message ill-formed, so it becomes U+FFFD.
 */
// eslint-disable-next-line no-control-regex
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' };

/**
 * Element content. Line breaks are written as references, so a message stays on one line (and a
 * CR survives: XML parsers normalise a literal CR LF to LF).
 */
export function xmlText(value: string): string {
  return value.replace(NOT_XML_CHAR, '\uFFFD').replace(/[&<>\r\n]/g, (c) => ENTITIES[c]!);
}

/** A double-quoted attribute value, quotes included; tab and line breaks as references (attribute-value normalisation would turn them into spaces). */
export function xmlAttribute(value: string): string {
  return `"${value.replace(NOT_XML_CHAR, '\uFFFD').replace(/[&<>"'\t\r\n]/g, (c) => ENTITIES[c]!)}"`;
}
