import { lookupPrivateVr, lookupTag } from '../dictionary/dataDictionary';

/** VRs whose values are text affected by Specific Character Set (PS3.5 6.1.2.3). */
export const CHARSET_VRS = new Set(['SH', 'LO', 'ST', 'LT', 'UC', 'UT', 'PN']);
/** Text VRs that are one value: backslash is an ordinary character there. */
export const SINGLE_VALUE_TEXT_VRS = new Set(['ST', 'LT', 'UT', 'UR']);
export const STRING_VRS = new Set(['AE', 'AS', 'CS', 'DA', 'DT', 'LO', 'LT', 'PN', 'SH', 'ST', 'TM', 'UC', 'UI', 'UR', 'UT', 'DS', 'IS']);
export const BINARY_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'UN']);
export const NUMBER_VRS: Record<string, { size: number; read: (v: DataView, o: number, le: boolean) => number }> = {
  US: { size: 2, read: (v, o, le) => v.getUint16(o, le) },
  SS: { size: 2, read: (v, o, le) => v.getInt16(o, le) },
  UL: { size: 4, read: (v, o, le) => v.getUint32(o, le) },
  SL: { size: 4, read: (v, o, le) => v.getInt32(o, le) },
  FL: { size: 4, read: (v, o, le) => v.getFloat32(o, le) },
  FD: { size: 8, read: (v, o, le) => v.getFloat64(o, le) },
  UV: { size: 8, read: (v, o, le) => Number(v.getBigUint64(o, le)) },
  SV: { size: 8, read: (v, o, le) => Number(v.getBigInt64(o, le)) },
};

export function isPrivateGroup(tag: number): boolean {
  return ((tag >>> 16) & 1) === 1;
}

/** Context the dictionary's US-or-SS / OB-or-OW entries are resolved in (PS3.5 A.1, dcmtk's xs/ox/lt). */
export interface VrContext {
  pixelRepresentation?: number;
  bitsAllocated?: number;
}

/**
 * The VR of an element whose file does not say it (implicit VR, or UN): the PS3.6 dictionary
 * entry, private creators as LO, group lengths as UL, anything unknown as UN.
 */
export function dictionaryVr(tag: number, ctx: VrContext, privateCreator?: string): string {
  const element = tag & 0xffff;
  if (element === 0x0000) return 'UL';
  if (isPrivateGroup(tag)) {
    if (element >= 0x0010 && element <= 0x00ff) return 'LO';
    const known = privateCreator === undefined ? undefined : lookupPrivateVr(tag >>> 16, privateCreator, element & 0xff);
    return known && known.length === 2 && known === known.toUpperCase() ? known : 'UN';
  }
  const entry = lookupTag(tag);
  if (!entry) return 'UN';
  switch (entry.vr) {
    case 'xs':
      return ctx.pixelRepresentation === 1 ? 'SS' : 'US';
    case 'ox':
    case 'px':
      return 'OW';
    case 'lt':
      return 'OW';
    case 'up':
      return 'UL';
    case 'na':
      return 'UN';
    default:
      return entry.vr;
  }
}
