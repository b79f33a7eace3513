// One decoder thread of a DecoderPool: decodes the frames it is sent, one at a time.
import type { DecodedFrame, DecodeRequest } from '../common/decodeTypes';
import { decodeFrame } from './decodeFrame';
import { serveDecodeRequests } from './serveDecodeRequests';

serveDecodeRequests<DecodeRequest, DecodedFrame>(async (request) => {
  const frame = await decodeFrame(request);
  return { result: frame, transfer: [frame.pixels.buffer as ArrayBuffer] };
});
