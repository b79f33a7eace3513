/**
 * DICOM Upper Layer PDUs (PS3.8 9.3): encoding and decoding. PDU and item lengths are
 * big-endian; the payload of P-DATA-TF (DIMSE messages) is opaque here.
 */
import { trimNulAndSpace } from '../../common/dicom/parse/trimPadding';

export interface PresentationContextProposal {
  /** Odd, 1–255. */
  id: number;
  abstractSyntax: string;
  transferSyntaxes: string[];
}

/** PS3.8 Table 9-18 result: 0 acceptance, 1 user rejection, 2 no reason, 3 abstract syntax not supported, 4 transfer syntaxes not supported. */
export interface PresentationContextResult {
  id: number;
  result: number;
  transferSyntax: string;
}

export interface RoleSelection {
  sopClassUid: string;
  scu: boolean;
  scp: boolean;
}

export interface UserInformation {
  maxPduLength: number;
  implementationClassUid: string;
  implementationVersionName?: string;
  roleSelections: RoleSelection[];
}

export interface AssociateRequest {
  type: 'associate-rq';
  calledAe: string;
  callingAe: string;
  applicationContext: string;
  presentationContexts: PresentationContextProposal[];
  userInfo: UserInformation;
}

export interface AssociateAccept {
  type: 'associate-ac';
  calledAe: string;
  callingAe: string;
  applicationContext: string;
  presentationContexts: PresentationContextResult[];
  userInfo: UserInformation;
}

/** PS3.8 9.3.4: result 1 permanent / 2 transient; source 1 user, 2 ACSE, 3 presentation; reason per source. */
export interface AssociateReject {
  type: 'associate-rj';
  result: number;
  source: number;
  reason: number;
}

/** One Presentation Data Value: a fragment of a command or data set. */
export interface Pdv {
  contextId: number;
  isCommand: boolean;
  isLast: boolean;
  data: Uint8Array;
}

export interface PDataTf {
  type: 'p-data';
  pdvs: Pdv[];
}

export interface ReleaseRequest {
  type: 'release-rq';
}
export interface ReleaseResponse {
  type: 'release-rp';
}
export interface Abort {
  type: 'abort';
  source: number;
  reason: number;
}

export type Pdu = AssociateRequest | AssociateAccept | AssociateReject | PDataTf | ReleaseRequest | ReleaseResponse | Abort;

export const PduType = { AssociateRq: 1, AssociateAc: 2, AssociateRj: 3, PData: 4, ReleaseRq: 5, ReleaseRp: 6, Abort: 7 } as const;
export const APPLICATION_CONTEXT = '1.2.840.10008.3.1.1.1';

/** A PDU that breaks PS3.8: the association is aborted. */
export class PduError extends Error {
  override name = 'PduError';
}

const ascii = new TextEncoder();
const latin = new TextDecoder('latin1');

function uidBytes(uid: string): Uint8Array {
  return ascii.encode(uid);
}

function readUid(bytes: Uint8Array, start: number, length: number): string {
  return trimNulAndSpace(latin.decode(bytes.subarray(start, start + length)));
}

function aeField(ae: string): Uint8Array {
  const out = new Uint8Array(16).fill(0x20);
  out.set(ascii.encode(ae.slice(0, 16)));
  return out;
}

class Writer {
  private parts: Uint8Array[] = [];
  length = 0;
  bytes(b: Uint8Array): this {
    this.parts.push(b);
    this.length += b.length;
    return this;
  }
  u8(x: number): this {
    return this.bytes(Uint8Array.of(x & 0xff));
  }
  u16(x: number): this {
    return this.bytes(Uint8Array.of((x >>> 8) & 0xff, x & 0xff));
  }
  u32(x: number): this {
    return this.bytes(Uint8Array.of((x >>> 24) & 0xff, (x >>> 16) & 0xff, (x >>> 8) & 0xff, x & 0xff));
  }
  /** An item with a 2-byte length: type, reserved, length, body. */
  item(type: number, body: Uint8Array): this {
    return this.u8(type).u8(0).u16(body.length).bytes(body);
  }
  result(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

function pduBytes(type: number, body: Uint8Array): Uint8Array {
  return new Writer().u8(type).u8(0).u32(body.length).bytes(body).result();
}

function userInfoItem(info: UserInformation): Uint8Array {
  const sub = new Writer();
  sub.item(0x51, new Writer().u32(info.maxPduLength).result());
  sub.item(0x52, uidBytes(info.implementationClassUid));
  for (const role of info.roleSelections) {
    const uid = uidBytes(role.sopClassUid);
    sub.item(0x54, new Writer().u16(uid.length).bytes(uid).u8(role.scu ? 1 : 0).u8(role.scp ? 1 : 0).result());
  }
  if (info.implementationVersionName) sub.item(0x55, ascii.encode(info.implementationVersionName.slice(0, 16)));
  return sub.result();
}

function associateBody(pdu: AssociateRequest | AssociateAccept): Uint8Array {
  const w = new Writer().u16(1).u16(0).bytes(aeField(pdu.calledAe)).bytes(aeField(pdu.callingAe)).bytes(new Uint8Array(32));
  w.item(0x10, uidBytes(pdu.applicationContext));
  if (pdu.type === 'associate-rq') {
    for (const pc of pdu.presentationContexts) {
      const sub = new Writer().u8(pc.id).u8(0).u8(0).u8(0).item(0x30, uidBytes(pc.abstractSyntax));
      for (const ts of pc.transferSyntaxes) sub.item(0x40, uidBytes(ts));
      w.item(0x20, sub.result());
    }
  } else {
    for (const pc of pdu.presentationContexts) {
      w.item(0x21, new Writer().u8(pc.id).u8(0).u8(pc.result).u8(0).item(0x40, uidBytes(pc.transferSyntax)).result());
    }
  }
  w.item(0x50, userInfoItem(pdu.userInfo));
  return w.result();
}

/** Header of one P-DATA-TF carrying one PDV of `dataLength` bytes; the data follows it on the wire. */
export function pDataHeader(contextId: number, isCommand: boolean, isLast: boolean, dataLength: number): Uint8Array {
  return new Writer()
    .u8(PduType.PData)
    .u8(0)
    .u32(dataLength + 6)
    .u32(dataLength + 2)
    .u8(contextId)
    .u8((isCommand ? 1 : 0) | (isLast ? 2 : 0))
    .result();
}

export function encodePdu(pdu: Pdu): Uint8Array {
  switch (pdu.type) {
    case 'associate-rq':
      return pduBytes(PduType.AssociateRq, associateBody(pdu));
    case 'associate-ac':
      return pduBytes(PduType.AssociateAc, associateBody(pdu));
    case 'associate-rj':
      return pduBytes(PduType.AssociateRj, Uint8Array.of(0, pdu.result, pdu.source, pdu.reason));
    case 'p-data': {
      const w = new Writer();
      for (const pdv of pdu.pdvs) {
        w.u32(pdv.data.length + 2)
          .u8(pdv.contextId)
          .u8((pdv.isCommand ? 1 : 0) | (pdv.isLast ? 2 : 0))
          .bytes(pdv.data);
      }
      return pduBytes(PduType.PData, w.result());
    }
    case 'release-rq':
      return pduBytes(PduType.ReleaseRq, new Uint8Array(4));
    case 'release-rp':
      return pduBytes(PduType.ReleaseRp, new Uint8Array(4));
    case 'abort':
      return pduBytes(PduType.Abort, Uint8Array.of(0, 0, pdu.source, pdu.reason));
  }
}

function u16(b: Uint8Array, at: number): number {
  return (b[at]! << 8) | b[at + 1]!;
}
function u32(b: Uint8Array, at: number): number {
  return ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
}

/** Walks items with 2-byte lengths: type, reserved, length, value. */
function* items(b: Uint8Array, start: number, end: number): Generator<{ type: number; start: number; length: number }> {
  let at = start;
  while (at < end) {
    if (at + 4 > end) throw new PduError('item header runs past the end of its PDU');
    const length = u16(b, at + 2);
    if (at + 4 + length > end) throw new PduError(`item 0x${b[at]!.toString(16)} runs past the end of its PDU`);
    yield { type: b[at]!, start: at + 4, length };
    at += 4 + length;
  }
}

function decodeUserInfo(b: Uint8Array, start: number, end: number): UserInformation {
  const info: UserInformation = { maxPduLength: 0, implementationClassUid: '', roleSelections: [] };
  for (const it of items(b, start, end)) {
    if (it.type === 0x51 && it.length >= 4) info.maxPduLength = u32(b, it.start);
    else if (it.type === 0x52) info.implementationClassUid = readUid(b, it.start, it.length);
    else if (it.type === 0x55) info.implementationVersionName = readUid(b, it.start, it.length);
    else if (it.type === 0x54) {
      const uidLength = u16(b, it.start);
      info.roleSelections.push({ sopClassUid: readUid(b, it.start + 2, uidLength), scu: b[it.start + 2 + uidLength] === 1, scp: b[it.start + 3 + uidLength] === 1 });
    }
  }
  return info;
}

function decodeAssociate(type: 'associate-rq' | 'associate-ac', b: Uint8Array): AssociateRequest | AssociateAccept {
  if (b.length < 68) throw new PduError('A-ASSOCIATE PDU shorter than its fixed fields');
  const calledAe = readUid(b, 4, 16).trim();
  const callingAe = readUid(b, 20, 16).trim();
  let applicationContext = '';
  const proposals: PresentationContextProposal[] = [];
  const results: PresentationContextResult[] = [];
  let userInfo: UserInformation = { maxPduLength: 0, implementationClassUid: '', roleSelections: [] };
  for (const it of items(b, 68, b.length)) {
    if (it.type === 0x10) applicationContext = readUid(b, it.start, it.length);
    else if (it.type === 0x20 || it.type === 0x21) {
      const id = b[it.start]!;
      let abstractSyntax = '';
      const syntaxes: string[] = [];
      for (const sub of items(b, it.start + 4, it.start + it.length)) {
        if (sub.type === 0x30) abstractSyntax = readUid(b, sub.start, sub.length);
        else if (sub.type === 0x40) syntaxes.push(readUid(b, sub.start, sub.length));
      }
      if (it.type === 0x20) proposals.push({ id, abstractSyntax, transferSyntaxes: syntaxes });
      else results.push({ id, result: b[it.start + 2]!, transferSyntax: syntaxes[0] ?? '' });
    } else if (it.type === 0x50) userInfo = decodeUserInfo(b, it.start, it.start + it.length);
  }
  return type === 'associate-rq'
    ? { type, calledAe, callingAe, applicationContext, presentationContexts: proposals, userInfo }
    : { type, calledAe, callingAe, applicationContext, presentationContexts: results, userInfo };
}

/** Decodes one PDU body (after the 6-byte header). P-DATA values are views into `body`. */
export function decodePdu(type: number, body: Uint8Array): Pdu {
  switch (type) {
    case PduType.AssociateRq:
      return decodeAssociate('associate-rq', body);
    case PduType.AssociateAc:
      return decodeAssociate('associate-ac', body);
    case PduType.AssociateRj:
      return { type: 'associate-rj', result: body[1] ?? 0, source: body[2] ?? 0, reason: body[3] ?? 0 };
    case PduType.PData: {
      const pdvs: Pdv[] = [];
      let at = 0;
      while (at < body.length) {
        if (at + 6 > body.length) throw new PduError('PDV header runs past the end of its P-DATA-TF');
        const length = u32(body, at);
        if (length < 2 || at + 4 + length > body.length) throw new PduError(`PDV length ${length} does not fit its P-DATA-TF`);
        const control = body[at + 5]!;
        pdvs.push({ contextId: body[at + 4]!, isCommand: (control & 1) !== 0, isLast: (control & 2) !== 0, data: body.subarray(at + 6, at + 4 + length) });
        at += 4 + length;
      }
      return { type: 'p-data', pdvs };
    }
    case PduType.ReleaseRq:
      return { type: 'release-rq' };
    case PduType.ReleaseRp:
      return { type: 'release-rp' };
    case PduType.Abort:
      return { type: 'abort', source: body[2] ?? 0, reason: body[3] ?? 0 };
    default:
      throw new PduError(`unknown PDU type 0x${type.toString(16)}`);
  }
}
