// One thread of the host's imaging pool: decodes a frame and turns it into what was asked for
// (samples, a display frame, a thumbnail), so that the host's event loop only routes.
import { decodeFrame } from '../../../native-codecs/node/decodeFrame';
import { serveDecodeRequests } from '../../../native-codecs/node/serveDecodeRequests';
import { toDisplayFrame } from '../../common/dicom/display/displayFrame';
import { rangeOf } from '../../common/dicom/display/sampleRange';
import { samplesAsLittleEndianBytes } from './decodeFileFrame';
import { displayFrameBytes } from './displayFrameBytes';
import type { ImagingRequest, ImagingResult } from './imagingTask';
import { renderThumbnail } from './renderThumbnail';
import { lowerThisThreadPriority } from '../runtime/threadPriority';

// Decoding takes the cores' spare time; the host's event loop is scheduled first (see threadPriority.ts).
lowerThisThreadPriority(Number(process.env.LIGHTBOX_DECODER_NICE ?? 5));

serveDecodeRequests<ImagingRequest, ImagingResult>(async (request) => {
  const decoded = await decodeFrame(request);
  let result: ImagingResult;
  if (request.output === 'thumbnail') result = { bytes: renderThumbnail(request.dataset, decoded, request.size), backend: decoded.backend };
  else if (request.output === 'display') result = { bytes: displayFrameBytes(toDisplayFrame(request.pixels, decoded, request.source)), backend: decoded.backend };
  else {
    const single = decoded.samplesPerPixel === 1;
    result = { bytes: samplesAsLittleEndianBytes(decoded.pixels), backend: decoded.backend, ...(single ? { range: rangeOf(decoded.pixels) } : {}) };
  }
  return { result, transfer: [result.bytes.buffer as ArrayBuffer] };
});
