/**
 * DIMSE command sets (PS3.7 E.1): group 0000 elements, always Implicit VR Little Endian.
 * Only the fields the C-services use are modelled; unknown ones are kept undecoded.
 */
import { trimNulAndSpace } from '../../common/dicom/parse/trimPadding';

export const CommandField = {
  CStoreRq: 0x0001,
  CStoreRsp: 0x8001,
  CGetRq: 0x0010,
  CGetRsp: 0x8010,
  CFindRq: 0x0020,
  CFindRsp: 0x8020,
  CMoveRq: 0x0021,
  CMoveRsp: 0x8021,
  CEchoRq: 0x0030,
  CEchoRsp: 0x8030,
  CCancelRq: 0x0fff,
} as const;

/** (0000,0800): any value other than 0x0101 means a data set follows. */
export const NO_DATASET = 0x0101;

export const Priority = { Medium: 0, High: 1, Low: 2 } as const;

export interface CommandSet {
  commandField: number;
  affectedSopClassUid?: string;
  requestedSopClassUid?: string;
  messageId?: number;
  messageIdBeingRespondedTo?: number;
  moveDestination?: string;
  priority?: number;
  hasDataset: boolean;
  status?: number;
  errorComment?: string;
  affectedSopInstanceUid?: string;
  requestedSopInstanceUid?: string;
  remainingSubOperations?: number;
  completedSubOperations?: number;
  failedSubOperations?: number;
  warningSubOperations?: number;
  moveOriginatorAe?: string;
  moveOriginatorMessageId?: number;
}

type Field = Exclude<keyof CommandSet, 'hasDataset'>;
type Kind = 'UI' | 'US' | 'AE' | 'LO';

const FIELDS: [number, Field, Kind][] = [
  [0x00000002, 'affectedSopClassUid', 'UI'],
  [0x00000003, 'requestedSopClassUid', 'UI'],
  [0x00000100, 'commandField', 'US'],
  [0x00000110, 'messageId', 'US'],
  [0x00000120, 'messageIdBeingRespondedTo', 'US'],
  [0x00000600, 'moveDestination', 'AE'],
  [0x00000700, 'priority', 'US'],
  [0x00000900, 'status', 'US'],
  [0x00000902, 'errorComment', 'LO'],
  [0x00001000, 'affectedSopInstanceUid', 'UI'],
  [0x00001001, 'requestedSopInstanceUid', 'UI'],
  [0x00001020, 'remainingSubOperations', 'US'],
  [0x00001021, 'completedSubOperations', 'US'],
  [0x00001022, 'failedSubOperations', 'US'],
  [0x00001023, 'warningSubOperations', 'US'],
  [0x00001030, 'moveOriginatorAe', 'AE'],
  [0x00001031, 'moveOriginatorMessageId', 'US'],
];
const DATASET_TYPE = 0x00000800;
const BY_TAG = new Map(FIELDS.map(([tag, field, kind]) => [tag, { field, kind }]));

const ascii = new TextEncoder();
const latin = new TextDecoder('latin1');

function element(tag: number, value: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + value.length);
  const view = new DataView(out.buffer);
  view.setUint16(0, tag >>> 16, true);
  view.setUint16(2, tag & 0xffff, true);
  view.setUint32(4, value.length, true);
  out.set(value, 8);
  return out;
}

function stringValue(text: string, kind: Kind): Uint8Array {
  const bytes = ascii.encode(text);
  if (bytes.length % 2 === 0) return bytes;
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes);
  out[bytes.length] = kind === 'UI' ? 0 : 0x20;
  return out;
}

function us(x: number): Uint8Array {
  return Uint8Array.of(x & 0xff, (x >>> 8) & 0xff);
}

export function encodeCommandSet(command: CommandSet): Uint8Array {
  const elements: [number, Uint8Array][] = [];
  for (const [tag, field, kind] of FIELDS) {
    const value = command[field];
    if (value === undefined) continue;
    elements.push([tag, kind === 'US' ? us(value as number) : stringValue(String(value), kind)]);
  }
  elements.push([DATASET_TYPE, us(command.hasDataset ? 0x0000 : NO_DATASET)]);
  elements.sort((a, b) => a[0] - b[0]);
  const body = elements.map(([tag, value]) => element(tag, value));
  const bodyLength = body.reduce((n, b) => n + b.length, 0);
  const out = new Uint8Array(12 + bodyLength);
  out.set(element(0x00000000, Uint8Array.of(bodyLength & 0xff, (bodyLength >>> 8) & 0xff, (bodyLength >>> 16) & 0xff, bodyLength >>> 24)));
  let at = 12;
  for (const b of body) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}

/** A command set that cannot be read: the association is aborted. */
export class CommandSetError extends Error {
  override name = 'CommandSetError';
}

export function decodeCommandSet(bytes: Uint8Array): CommandSet {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: Record<string, unknown> = {};
  let hasDataset = false;
  let at = 0;
  while (at + 8 <= bytes.length) {
    const tag = ((view.getUint16(at, true) << 16) | view.getUint16(at + 2, true)) >>> 0;
    const length = view.getUint32(at + 4, true);
    const start = at + 8;
    if (start + length > bytes.length) throw new CommandSetError(`command element (${tag.toString(16).padStart(8, '0')}) runs past the command set`);
    if (tag >>> 16 !== 0) throw new CommandSetError(`element (${tag.toString(16).padStart(8, '0')}) outside group 0000 in a command set`);
    if (tag === DATASET_TYPE) hasDataset = length >= 2 && view.getUint16(start, true) !== NO_DATASET;
    const known = BY_TAG.get(tag);
    if (known) {
      out[known.field] = known.kind === 'US' ? (length >= 2 ? view.getUint16(start, true) : 0) : trimNulAndSpace(latin.decode(bytes.subarray(start, start + length))).trim();
    }
    at = start + length;
  }
  if (out.commandField === undefined) throw new CommandSetError('command set without a Command Field (0000,0100)');
  return { ...(out as unknown as CommandSet), hasDataset };
}
