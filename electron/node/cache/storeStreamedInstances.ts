import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { DicomJsonDataset } from '../../common/dicom/model/dicomJson';
import type { IncomingInstance, ReceivedFile } from './incomingInstance';
import { DamagedInstanceError, StorageError } from './storeOutcome';
import type { PreparedRecord, StoreAudit, StudyCache } from './studyCache';

/**
 * STOW-RS into the cache: each instance is written to the incoming folder as its bytes arrive
 * (the Storage SCP's path, `beginIncoming`), then placed and indexed, so a request of any size
 * holds about one network chunk in memory. Answers PS3.18 10.5.3: Referenced SOP Sequence
 * (0008,1199) for stored instances, Failed SOP Sequence (0008,1198) with a reason for the others.
 * An error of the request itself (413 past the size limit, a malformed body) stops the store:
 * the instance being received is dropped, the ones before it stay stored.
 */
export async function storeStreamedInstances(cache: StudyCache, instances: AsyncIterable<AsyncIterable<Uint8Array>>, onStored?: (studyUids: string[]) => void): Promise<DicomJsonDataset> {
  const referenced: DicomJsonDataset[] = [];
  const failed: DicomJsonDataset[] = [];
  let n = 0;
  // One 'receive' row per study per request, written with the study's first stored instance.
  const audit: StoreAudit = { action: 'receive', detail: 'STOW-RS', studies: new Set(), peer: 'STOW-RS client of the host', peerAddress: '127.0.0.1' };
  for await (const chunks of instances) {
    const source = `STOW-RS part ${++n}`;
    let incoming: IncomingInstance<PreparedRecord> | undefined;
    let received: ReceivedFile<PreparedRecord> | undefined;
    try {
      incoming = cache.beginIncoming(source);
      for await (const chunk of chunks) incoming.write(chunk);
      received = incoming.finish();
      incoming = undefined;
      const [outcome] = cache.storeReceived([received], undefined, audit);
      if (outcome instanceof Error) throw outcome;
      const damage = 'damage' in outcome! ? outcome.damage : undefined;
      referenced.push({
        ...sopReference(received.record),
        // Stored, but incomplete (Pixel Data cut short, no fragments …): B007 "Data Set does not match SOP Class".
        ...(damage?.length ? { '00081196': { vr: 'US', Value: [0xb007] } } : {}),
      });
    } catch (error) {
      incoming?.abort();
      if (isRequestError(error)) throw error;
      // 0xA700 "out of resources" for storage failures, 0xA900 for an instance refused as damaged,
      // 0xC000 "cannot understand" for bad data (PS3.4 B.2.3, as PS3.18 10.5.3 uses them).
      const reason = error instanceof StorageError && error.outOfResources ? 0xa700 : error instanceof DamagedInstanceError ? 0xa900 : 0xc000;
      failed.push({ ...(received ? sopReference(received.record) : {}), '00081197': { vr: 'US', Value: [reason] } });
      for await (const _ of chunks) {
        // The rest of a refused instance is read past, not kept.
      }
    }
    // A large STOW never holds up frames and events for long.
    await yieldToEventLoop();
  }
  if (audit.studies.size) onStored?.([...audit.studies]);
  return {
    ...(referenced.length ? { '00081199': { vr: 'SQ', Value: referenced } } : {}),
    ...(failed.length ? { '00081198': { vr: 'SQ', Value: failed } } : {}),
  } as DicomJsonDataset;
}

/** Referenced SOP Class and Instance UIDs of an instance (PS3.18 10.5.3 response items). */
function sopReference(record: PreparedRecord): DicomJsonDataset {
  return {
    ...(record.instance.sopClassUid ? { '00081150': { vr: 'UI', Value: [record.instance.sopClassUid] } } : {}),
    '00081155': { vr: 'UI', Value: [record.instance.sopUid] },
  } as DicomJsonDataset;
}

/** Errors of the request (HostError: too large, malformed), not of one instance. */
function isRequestError(error: unknown): boolean {
  return error instanceof Error && error.name === 'HostError';
}
