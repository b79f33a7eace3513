import { useEffect, useRef, useState } from 'react';
import { readerMessage } from '../../../electron/common/contract/hostClient';
import { decodeMultipart } from '../../../electron/common/contract/multipart';
import { buildStack, type StackImage } from '../../common/viewing/stackImages';
import { imagelessSeriesMessage } from '../../common/viewing/imagelessSeries';
import { markOnce } from './viewerTestHooks';
import type { StudyMetadataSource } from './studyMetadataSource';
import type { DicomJsonAttribute, DicomJsonDataset } from '../../../electron/common/dicom/model/dicomJson';

/** LUT Data in the Modality/VOI LUT Sequences: needed to display, often too big to be inline. */
const LUT_SEQUENCES = ['00283000', '00283010'];
const LUT_DATA = '00283006';

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** Fetches LUT Data given by BulkDataURI and inlines it, so the display pipeline has the tables. */
async function inlineLutData(ds: DicomJsonDataset): Promise<DicomJsonDataset> {
  const pending: Promise<void>[] = [];
  for (const seq of LUT_SEQUENCES) {
    for (const item of (ds[seq]?.Value ?? []) as DicomJsonDataset[]) {
      const attr = item[LUT_DATA];
      if (!attr?.BulkDataURI) continue;
      const uri = attr.BulkDataURI;
      pending.push(
        fetch(uri, { credentials: 'same-origin' }).then(async (r) => {
          if (!r.ok) throw new Error(`LUT data ${uri}: HTTP ${r.status}`);
          const body = decodeMultipart(new Uint8Array(await r.arrayBuffer()), r.headers.get('content-type') ?? '');
          const bytes = body.parts[0]?.bytes ?? new Uint8Array();
          item[LUT_DATA] = { vr: 'OW', InlineBinary: toBase64(bytes) } as DicomJsonAttribute;
        }),
      );
    }
  }
  await Promise.all(pending);
  return ds;
}

/** The ordered images of a series, from WADO-RS metadata (the index; no pixel data is read). */
export function useSeriesStack(metadata: StudyMetadataSource, seriesUid: string | undefined): { stack?: StackImage[]; error?: string } {
  const [state, setState] = useState<{ stack?: StackImage[]; error?: string }>({});
  const previousSeries = useRef<string>(undefined);
  useEffect(() => {
    if (!seriesUid) {
      setState({});
      return;
    }
    let live = true;
    // A new series starts empty; the same series re-read (images arrived) keeps showing until the new stack is built.
    if (previousSeries.current !== seriesUid) setState({});
    previousSeries.current = seriesUid;
    metadata
      .series(seriesUid)
      .then((instances) => (markOnce('lightbox-metadata-received'), Promise.all(instances.map(inlineLutData))))
      .then((instances) => {
        if (!live) return;
        const imageless = imagelessSeriesMessage(instances);
        if (imageless) return setState({ error: imageless });
        const stack = buildStack(instances);
        markOnce('lightbox-stack-built');
        setState({ stack });
      })
      .catch((e: unknown) => live && setState({ error: readerMessage(e) }));
    return () => {
      live = false;
    };
  }, [metadata, seriesUid]);
  return state;
}
