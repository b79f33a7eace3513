import { decodePdu, PduError, PduType, type Pdu, type Pdv } from './pdu';

/** What a `PduStream` finds in the bytes it is given. */
export interface PduStreamHandler {
  /** A whole PDU other than P-DATA-TF (those are small: association, release, abort). */
  onPdu(pdu: Pdu): void;
  /** A P-DATA-TF begins (its PDVs follow as `onPdv`). */
  onPDataStart?(): void;
  /**
   * A fragment of a PDV's value as it arrives: `data` is a view of the caller's bytes, valid only
   * during this call (the socket's read buffer is reused); `isLast` is set on the fragment that
   * ends a PDV whose control header says "last".
   */
  onPdv(fragment: Pdv): void;
  /** The P-DATA-TF's last PDV has been passed on. */
  onPDataEnd?(): void;
}

/**
 * Splits a byte stream into PDUs (PS3.8 9.3) without waiting for a P-DATA-TF to be complete: PDV
 * values are passed on as views of the bytes given, as they arrive, so that a data set goes from
 * the socket's read buffer to the file without being copied or allocated. Other PDUs are
 * collected (copied) and decoded whole. Bounded: a PDU longer than `maxLength` is a protocol error.
 */
export class PduStream {
  /** The 6-byte PDU header, or the 6-byte PDV item header, being gathered. */
  private readonly header = new Uint8Array(6);
  private headerFilled = 0;
  private state: 'pdu-header' | 'body' | 'pdv-header' | 'pdv-value' = 'pdu-header';
  /** Bytes of the current PDU left to read. */
  private pduLeft = 0;
  private pduType = 0;
  /** A non-P-DATA body being collected. */
  private body: Uint8Array | undefined;
  private bodyFilled = 0;
  /** The PDV being read: its value bytes left, context and control byte. */
  private pdvLeft = 0;
  private pdvContext = 0;
  private pdvControl = 0;

  constructor(
    private readonly maxLength: number,
    private readonly handler: PduStreamHandler,
  ) {}

  /** Consumes `bytes` entirely (nothing of it is kept); throws `PduError` on a PS3.8 violation. */
  push(bytes: Uint8Array): void {
    let at = 0;
    while (at < bytes.length) {
      switch (this.state) {
        case 'pdu-header':
        case 'pdv-header': {
          const take = Math.min(6 - this.headerFilled, bytes.length - at);
          this.header.set(bytes.subarray(at, at + take), this.headerFilled);
          this.headerFilled += take;
          at += take;
          if (this.headerFilled === 6) {
            this.headerFilled = 0;
            if (this.state === 'pdu-header') this.beginPdu();
            else this.beginPdv();
          }
          break;
        }
        case 'body': {
          const take = Math.min(this.pduLeft, bytes.length - at);
          this.body!.set(bytes.subarray(at, at + take), this.bodyFilled);
          this.bodyFilled += take;
          this.pduLeft -= take;
          at += take;
          if (this.pduLeft === 0) this.endBody();
          break;
        }
        case 'pdv-value': {
          const take = Math.min(this.pdvLeft, bytes.length - at);
          this.pdvLeft -= take;
          this.pduLeft -= take;
          const data = bytes.subarray(at, at + take);
          at += take;
          const ends = this.pdvLeft === 0;
          if (ends) this.state = this.pduLeft > 0 ? 'pdv-header' : 'pdu-header';
          this.emitPdv(data, ends);
          break;
        }
      }
    }
  }

  private beginPdu(): void {
    const h = this.header;
    this.pduType = h[0]!;
    const length = ((h[2]! << 24) | (h[3]! << 16) | (h[4]! << 8) | h[5]!) >>> 0;
    if (length > this.maxLength + 6) throw new PduError(`PDU of ${length} bytes exceeds the negotiated maximum ${this.maxLength}`);
    this.pduLeft = length;
    if (this.pduType === PduType.PData) {
      this.handler.onPDataStart?.();
      if (length > 0 && length < 6) throw new PduError('PDV header runs past the end of its P-DATA-TF');
      this.state = length > 0 ? 'pdv-header' : 'pdu-header';
      if (length === 0) this.handler.onPDataEnd?.();
      return;
    }
    this.body = new Uint8Array(length);
    this.bodyFilled = 0;
    this.state = 'body';
    if (length === 0) this.endBody();
  }

  private endBody(): void {
    const body = this.body!;
    this.body = undefined;
    this.state = 'pdu-header';
    this.handler.onPdu(decodePdu(this.pduType, body));
  }

  private beginPdv(): void {
    const h = this.header;
    const itemLength = ((h[0]! << 24) | (h[1]! << 16) | (h[2]! << 8) | h[3]!) >>> 0;
    // The item header's 6 bytes are already out of pduLeft's remaining bytes.
    if (itemLength < 2 || itemLength - 2 > this.pduLeft - 6) throw new PduError(`PDV length ${itemLength} does not fit its P-DATA-TF`);
    this.pduLeft -= 6;
    this.pdvContext = h[4]!;
    this.pdvControl = h[5]!;
    this.pdvLeft = itemLength - 2;
    if (this.pdvLeft > 0) {
      this.state = 'pdv-value';
      return;
    }
    this.state = this.pduLeft > 0 ? 'pdv-header' : 'pdu-header';
    this.emitPdv(new Uint8Array(0), true);
  }

  private emitPdv(data: Uint8Array, ends: boolean): void {
    if (this.state === 'pdv-header' && this.pduLeft < 6) throw new PduError('PDV header runs past the end of its P-DATA-TF');
    this.handler.onPdv({ contextId: this.pdvContext, isCommand: (this.pdvControl & 1) !== 0, isLast: ends && (this.pdvControl & 2) !== 0, data });
    if (this.state === 'pdu-header') this.handler.onPDataEnd?.();
  }
}

/**
 * Whole PDUs from a byte stream (P-DATA-TF with its PDVs copied out): for peers written in tests
 * and anything that wants PDUs rather than a stream of fragments.
 */
export class PduReader {
  private out: Pdu[] = [];
  private pdata: Pdv[] | undefined;
  private readonly stream: PduStream;

  constructor(maxLength: number) {
    this.stream = new PduStream(maxLength, {
      onPdu: (pdu) => this.out.push(pdu),
      onPDataStart: () => (this.pdata = []),
      onPdv: (fragment) => this.pdata!.push({ ...fragment, data: new Uint8Array(fragment.data) }),
      onPDataEnd: () => this.out.push({ type: 'p-data', pdvs: this.pdata! }),
    });
  }

  push(chunk: Uint8Array): Pdu[] {
    this.stream.push(chunk);
    const out = this.out;
    this.out = [];
    return out;
  }
}
