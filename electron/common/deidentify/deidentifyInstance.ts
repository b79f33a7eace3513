import { burnedInAnnotationReason, matchingPixelRule } from './burnedInAnnotation';
import { cleanNativePixelData } from './cleanPixelData';
import { BASIC_PROFILE_CODE, DEIDENTIFY_OPTIONS, OPTION_CODES, type DeidentifyOptions } from './deidentifyOptions';
import { ElementDeidentifier, collectIdentifiers, type ElementRules } from './deidentifyElements';
import { IdentityScrubber } from './identityScrubber';
import { readRawInstance, type RawElement } from './rawElementTree';
import { dateOffsetDays, textValue, valueText, type KeyedHash } from './replacementValues';
import { writeRawInstance } from './writeRawInstance';

export interface DeidentifyContext extends DeidentifyOptions {
  /** HMAC under the project's secret: replacement UIDs and date offsets derive from it. */
  hash: KeyedHash;
  /** The project's pseudonym for a patient (the same patient gets the same one every time). */
  pseudonymFor(patientId: string, patientName: string): string;
  inflateRaw?: (bytes: Uint8Array) => Uint8Array;
  deflateRaw?: (bytes: Uint8Array) => Uint8Array;
}

/** An instance the profile and options cannot make safe: nothing is written for it. */
export class DeidentifyRefusal extends Error {
  override name = 'DeidentifyRefusal';
}

export interface DeidentifiedInstance {
  bytes: Uint8Array;
  sopInstanceUid: string;
  originalSopInstanceUid: string;
  pseudonym: string;
  transferSyntaxUid: string;
}

function find(elements: RawElement[], tag: number): RawElement | undefined {
  return elements.find((e) => e.tag === tag);
}

function put(elements: RawElement[], el: RawElement): void {
  const at = elements.findIndex((e) => e.tag === el.tag);
  if (at >= 0) elements[at] = el;
  else elements.push(el);
}

function text(tag: number, vr: string, value: string): RawElement {
  return { tag, vr, value: textValue(value, vr) };
}

/** The attributes that say what was done (PS3.15 E.1.1 item 6, PS3.3 C.7.1.1). */
function methodAttributes(context: DeidentifyOptions): RawElement[] {
  const chosen = DEIDENTIFY_OPTIONS.filter((o) => context.options.has(o));
  const codes = [BASIC_PROFILE_CODE, ...chosen.map((o) => OPTION_CODES[o]).sort((a, b) => a.value.localeCompare(b.value))];
  const temporal = context.options.has('retain-dates') ? 'UNMODIFIED' : context.options.has('modify-dates') ? 'MODIFIED' : 'REMOVED';
  return [
    text(0x00120062, 'CS', 'YES'),
    // LO values hold 64 characters: one value per code meaning.
    text(0x00120063, 'LO', ['Lightbox PS3.15 E.1.1', ...codes.map((c) => c.meaning)].join('\\')),
    {
      tag: 0x00120064,
      vr: 'SQ',
      items: codes.map((c) => [text(0x00080100, 'SH', c.value), text(0x00080102, 'SH', 'DCM'), text(0x00080104, 'LO', c.meaning)]),
    },
    text(0x00280303, 'CS', temporal),
  ];
}

/**
 * De-identifies one Part 10 instance: PS3.15 Annex E Basic Application Level Confidentiality
 * Profile with the chosen options (Table E.1-1 at every depth, private attributes, UIDs replaced
 * consistently under the project key), written back in its own transfer syntax. Refuses, with the
 * reason, an instance whose pixels may carry burned-in identity unless Clean Pixel Data has a rule
 * for its device.
 */
export function deidentifyInstance(bytes: Uint8Array, source: string, context: DeidentifyContext): DeidentifiedInstance {
  const raw = readRawInstance(bytes, { source, inflateRaw: context.inflateRaw });
  const top = raw.elements;
  let cleanedPixels: Uint8Array | undefined;
  const burnedIn = burnedInAnnotationReason(top);
  if (context.options.has('clean-pixel-data')) {
    const rule = matchingPixelRule(top, context.pixelRules ?? []);
    if (burnedIn && !rule) throw new DeidentifyRefusal(`${source}: ${burnedIn}, and no Clean Pixel Data rule matches its modality, device and matrix`);
    if (rule) {
      const cleaned = cleanNativePixelData(top, rule.rectangles);
      if (typeof cleaned === 'string') throw new DeidentifyRefusal(`${source}: Clean Pixel Data cannot be applied: ${cleaned}`);
      cleanedPixels = cleaned;
    }
  } else if (burnedIn) {
    throw new DeidentifyRefusal(`${source}: ${burnedIn}; burned-in identity is not removed by the profile, choose Clean Pixel Data with a rule for this device`);
  }

  const patientId = valueText(find(top, 0x00100020)?.value);
  const patientName = valueText(find(top, 0x00100010)?.value);
  const pseudonym = context.pseudonymFor(patientId, patientName);
  const rules: ElementRules = {
    options: context.options,
    hash: context.hash,
    dateOffsetDays: context.options.has('modify-dates') ? dateOffsetDays(patientId || patientName, context.hash) : undefined,
  };
  const scrubber = new IdentityScrubber();
  collectIdentifiers(top, rules, scrubber);
  const out = new ElementDeidentifier(rules, scrubber).dataset(top);

  if (cleanedPixels) {
    put(out, { tag: 0x7fe00010, vr: find(top, 0x7fe00010)!.vr, value: cleanedPixels });
    put(out, text(0x00280301, 'CS', 'NO'));
  }
  // Patient's Name and ID are Z; the project's pseudonym is the "dummy value" Z allows, so that a
  // patient's studies stay together and a later export of the same patient matches.
  put(out, text(0x00100010, 'PN', `${pseudonym}^`));
  put(out, text(0x00100020, 'LO', pseudonym));
  for (const el of methodAttributes(context)) put(out, el);

  const sopClassUid = valueText(find(top, 0x00080016)?.value);
  const sopInstanceUid = valueText(find(out, 0x00080018)?.value);
  if (!sopClassUid || !sopInstanceUid) throw new DeidentifyRefusal(`${source}: no SOP Class UID or SOP Instance UID`);
  return {
    bytes: writeRawInstance(out, { sopClassUid, sopInstanceUid, transferSyntaxUid: raw.transferSyntaxUid }, context.deflateRaw),
    sopInstanceUid,
    originalSopInstanceUid: valueText(find(top, 0x00080018)?.value),
    pseudonym,
    transferSyntaxUid: raw.transferSyntaxUid,
  };
}
