import { describe, expect, it } from 'vitest';
import { writeDicomFile, type WriteElement } from '../dicom/write/dicomWriter';
import { TransferSyntax } from '../dicom/transferSyntax';
import { DeidentifyRefusal, deidentifyInstance, type DeidentifyContext } from './deidentifyInstance';
import type { DeidentifyOption, PixelCleaningRule } from './deidentifyOptions';
import { readRawInstance } from './rawElementTree';
import { valueText } from './replacementValues';

/** A stand-in keyed hash (not HMAC: common/ has no crypto); the node project supplies HMAC-SHA-256. */
function testHash(key: string) {
  return (message: string): Uint8Array => {
    const out = new Uint8Array(32);
    let h = 2166136261;
    for (let i = 0; i < 32; i++) {
      for (const c of `${key}|${i}|${message}`) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
      out[i] = h & 0xff;
    }
    return out;
  };
}

function context(options: DeidentifyOption[], extra: Partial<DeidentifyContext> = {}): DeidentifyContext {
  return { options: new Set(options), hash: testHash('k1'), pseudonymFor: (id) => `PSEUDO-${id.length}`, ...extra };
}

const SC = '1.2.840.10008.5.1.4.1.1.7';
const CT = '1.2.840.10008.5.1.4.1.1.2';

function instance(sopClass: string, extra: WriteElement[] = [], modality = 'CT'): Uint8Array {
  const pixels = new Uint8Array(4 * 4 * 2).fill(200);
  return writeDicomFile(
    [
      { tag: 0x00080016, vr: 'UI', strings: [sopClass] },
      { tag: 0x00080018, vr: 'UI', strings: ['1.2.3.4.5.6.7'] },
      { tag: 0x00080060, vr: 'CS', strings: [modality] },
      { tag: 0x00080070, vr: 'LO', strings: ['ACME'] },
      { tag: 0x00081030, vr: 'LO', strings: ['CT chest of Doe John for follow-up'] },
      { tag: 0x00100010, vr: 'PN', strings: ['Doe^John'] },
      { tag: 0x00100020, vr: 'LO', strings: ['MRN123456'] },
      { tag: 0x0020000d, vr: 'UI', strings: ['1.2.3.4'] },
      { tag: 0x00280002, vr: 'US', numbers: [1] },
      { tag: 0x00280010, vr: 'US', numbers: [4] },
      { tag: 0x00280011, vr: 'US', numbers: [4] },
      { tag: 0x00280100, vr: 'US', numbers: [16] },
      { tag: 0x7fe00010, vr: 'OW', bytes: pixels },
      ...extra,
    ],
    { sopClassUid: sopClass, sopInstanceUid: '1.2.3.4.5.6.7', transferSyntaxUid: TransferSyntax.ExplicitVRLittleEndian },
  );
}

const value = (bytes: Uint8Array, tag: number) => valueText(readRawInstance(bytes, { source: 't' }).elements.find((e) => e.tag === tag)?.value);

describe('deidentifyInstance', () => {
  it('replaces UIDs the same way under one key, differently under another', () => {
    const a = deidentifyInstance(instance(CT), 'a', context([]));
    const b = deidentifyInstance(instance(CT), 'b', context([]));
    const other = deidentifyInstance(instance(CT), 'c', context([], { hash: testHash('k2') }));
    expect(a.sopInstanceUid).toBe(b.sopInstanceUid);
    expect(a.sopInstanceUid).toMatch(/^2\.25\.\d{1,39}$/);
    expect(other.sopInstanceUid).not.toBe(a.sopInstanceUid);
    expect(value(a.bytes, 0x0020000d)).toBe(value(b.bytes, 0x0020000d));
  });

  it('refuses burned-in annotation (YES, or Secondary Capture / US without the attribute) unless Clean Pixel Data has a rule', () => {
    expect(() => deidentifyInstance(instance(SC), 'sc', context([]))).toThrow(/Secondary Capture image without Burned In Annotation/);
    expect(() => deidentifyInstance(instance(CT, [], 'US'), 'us', context([]))).toThrow(/ultrasound/);
    expect(() => deidentifyInstance(instance(CT, [{ tag: 0x00280301, vr: 'CS', strings: ['YES'] }]), 'yes', context([]))).toThrow(DeidentifyRefusal);
    expect(() => deidentifyInstance(instance(SC), 'sc', context(['clean-pixel-data'], { pixelRules: [{ modality: 'MR', rectangles: [] }] }))).toThrow(/no Clean Pixel Data rule/);
    expect(deidentifyInstance(instance(SC, [{ tag: 0x00280301, vr: 'CS', strings: ['NO'] }]), 'no', context([])).bytes.length).toBeGreaterThan(0);
  });

  it('Clean Pixel Data blanks the rule\'s rectangles and says Burned In Annotation NO', () => {
    const rules: PixelCleaningRule[] = [{ modality: 'CT', manufacturer: 'acme', rows: 4, columns: 4, rectangles: [{ x: 0, y: 0, width: 2, height: 1 }] }];
    const out = deidentifyInstance(instance(SC), 'sc', context(['clean-pixel-data'], { pixelRules: rules })).bytes;
    const pixels = readRawInstance(out, { source: 't' }).elements.find((e) => e.tag === 0x7fe00010)!.value!;
    expect([...pixels.subarray(0, 6)]).toEqual([0, 0, 0, 0, 200, 200]);
    expect(pixels.subarray(8).every((b) => b === 200)).toBe(true);
    expect(value(out, 0x00280301)).toBe('NO');
  });

  it('Clean Descriptors keeps a description but blanks the identifiers the instance carries in it', () => {
    const basic = deidentifyInstance(instance(CT), 'a', context([])).bytes;
    expect(value(basic, 0x00081030)).toBe('');
    const cleaned = deidentifyInstance(instance(CT), 'a', context(['clean-descriptors'])).bytes;
    expect(value(cleaned, 0x00081030)).toBe('CT chest of ******** for follow-up');
    expect(value(cleaned, 0x00100010)).toBe('PSEUDO-9^');
    expect(value(cleaned, 0x00100020)).toBe('PSEUDO-9');
  });

  it('keeps the transfer syntax and the pixel data bytes', () => {
    const input = instance(CT);
    const out = deidentifyInstance(input, 'a', context([]));
    expect(out.transferSyntaxUid).toBe(TransferSyntax.ExplicitVRLittleEndian);
    const px = (b: Uint8Array) => readRawInstance(b, { source: 't' }).elements.find((e) => e.tag === 0x7fe00010)!.value!;
    expect(px(out.bytes)).toEqual(px(input));
  });
});
