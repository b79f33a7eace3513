import { describe, expect, it } from 'vitest';
import { concatBytes } from '../../common/bytes/concatBytes';
import { APPLICATION_CONTEXT, encodePdu, PduError, type Pdu } from './pdu';
import { PduReader, PduStream } from './pduStream';

const associate: Pdu = {
  type: 'associate-rq',
  calledAe: 'LIGHTBOX',
  callingAe: 'MODALITY',
  applicationContext: APPLICATION_CONTEXT,
  presentationContexts: [{ id: 1, abstractSyntax: '1.2.840.10008.5.1.4.1.1.2', transferSyntaxes: ['1.2.840.10008.1.2.1'] }],
  userInfo: { maxPduLength: 16384, implementationClassUid: '1.2.3', roleSelections: [] },
};
const command = Uint8Array.from({ length: 90 }, (_, i) => i);
const data = Uint8Array.from({ length: 5000 }, (_, i) => (i * 7) & 0xff);
// A command and the first part of a data set in one P-DATA-TF, an empty PDV, the rest in a second.
const stream = [
  associate,
  { type: 'p-data', pdvs: [{ contextId: 1, isCommand: true, isLast: true, data: command }, { contextId: 1, isCommand: false, isLast: false, data: data.subarray(0, 3000) }] },
  { type: 'p-data', pdvs: [{ contextId: 1, isCommand: false, isLast: false, data: new Uint8Array(0) }, { contextId: 1, isCommand: false, isLast: true, data: data.subarray(3000) }] },
  { type: 'release-rq' },
] satisfies Pdu[];
const bytes = concatBytes(stream.map(encodePdu));

/** Feeds `bytes` in reads of `size` from one buffer overwritten after each, as a socket's reused read buffer is. */
function feed(size: number): { pdus: string[]; commands: Uint8Array; dataset: Uint8Array; lastFlags: number } {
  const pdus: string[] = [];
  const commandParts: Uint8Array[] = [];
  const dataParts: Uint8Array[] = [];
  let lastFlags = 0;
  const parser = new PduStream(1 << 20, {
    onPdu: (pdu) => pdus.push(pdu.type),
    onPDataStart: () => pdus.push('p-data'),
    onPdv: (pdv) => {
      (pdv.isCommand ? commandParts : dataParts).push(new Uint8Array(pdv.data));
      if (pdv.isLast) lastFlags++;
    },
  });
  const readBuffer = new Uint8Array(size);
  for (let at = 0; at < bytes.length; at += size) {
    const read = readBuffer.subarray(0, Math.min(size, bytes.length - at));
    read.set(bytes.subarray(at, at + read.length));
    parser.push(read);
    readBuffer.fill(0xee);
  }
  return { pdus, commands: concatBytes(commandParts), dataset: concatBytes(dataParts), lastFlags };
}

describe('PduStream', () => {
  it.each([1, 5, 6, 7, 100, 4096, bytes.length])('passes every PDV on as it arrives, in reads of %i bytes from a reused buffer', (size) => {
    const got = feed(size);
    expect(got.pdus).toEqual(['associate-rq', 'p-data', 'p-data', 'release-rq']);
    expect(got.commands).toEqual(command);
    expect(got.dataset).toEqual(data);
    // The command's PDV and the data set's final one: "last" only on the fragment that ends each.
    expect(got.lastFlags).toBe(2);
  });

  it('whole PDUs from PduReader equal the ones encoded', () => {
    const reader = new PduReader(1 << 20);
    const pdus = [...reader.push(bytes.subarray(0, 1000)), ...reader.push(bytes.subarray(1000))];
    expect(pdus.map((p) => p.type)).toEqual(stream.map((p) => p.type));
    expect(pdus[0]).toEqual(associate);
    const pdata = pdus[1] as Extract<Pdu, { type: 'p-data' }>;
    // A PDV split between two reads comes as two fragments, "last" only on its end.
    expect(pdata.pdvs[0]!.data).toEqual(command);
    expect(concatBytes(pdata.pdvs.slice(1).map((p) => p.data))).toEqual(data.subarray(0, 3000));
  });

  it('a PDV longer than its P-DATA-TF, or a PDU over the limit, is a protocol error', () => {
    const pdata = encodePdu({ type: 'p-data', pdvs: [{ contextId: 1, isCommand: true, isLast: true, data: command }] });
    const lying = pdata.slice();
    new DataView(lying.buffer).setUint32(6, 5000);
    expect(() => new PduStream(1 << 20, { onPdu: () => undefined, onPdv: () => undefined }).push(lying)).toThrow(PduError);
    expect(() => new PduStream(1 << 20, { onPdu: () => undefined, onPdv: () => undefined }).push(lying)).toThrow(/PDV length 5000 does not fit/);
    expect(() => new PduStream(64, { onPdu: () => undefined, onPdv: () => undefined }).push(pdata)).toThrow(/exceeds the negotiated maximum 64/);
  });
});
