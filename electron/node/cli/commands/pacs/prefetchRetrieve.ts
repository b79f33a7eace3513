import type { StudyCache } from '../../../cache/studyCache';
import { dicomWebClientFor } from '../../../pacs/dicomWebNode';
import type { PacsNode, PacsSettings } from '../../../pacs/pacsSettings';
import type { PrefetchPlan } from '../../../pacs/prefetchPlan';
import { retrieveStudy } from '../../../pacs/retrieveStudy';
import type { Receiver } from '../../../pacs/storeReceiver';
import { receiverForMove } from './pacsOptions';

/** Prints a prefetch plan: each study and each prior with why it was chosen. */
export function printPlan(plan: PrefetchPlan, stdout: NodeJS.WritableStream): void {
  for (const s of plan.studies) stdout.write(`study ${s.studyInstanceUid}  ${s.studyDate} ${s.modalities.join('/')} ${s.studyDescription} (${s.cachedInstances} of ${s.instanceCount ?? '?'} cached)\n`);
  for (const p of plan.priors) stdout.write(`prior ${p.study.studyInstanceUid}  ${p.study.studyDate} ${p.study.studyDescription}: ${p.reasons.join(', ')}\n`);
}

/**
 * Retrieves a plan's studies, then its priors, into the cache (C-MOVE to our SCP, or WADO-RS),
 * one line each; the number of studies that did not arrive whole.
 */
export async function retrievePlan(plan: PrefetchPlan, node: PacsNode, settings: PacsSettings, cache: StudyCache, out: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }): Promise<number> {
  const via = node.kind === 'dicomweb' ? 'wado' : 'move';
  let receiver: Receiver | undefined;
  try {
    if (via === 'move') receiver = await receiverForMove(cache, settings, out.stderr);
    let incomplete = 0;
    for (const uid of [...plan.studies.map((s) => s.studyInstanceUid), ...plan.priors.map((p) => p.study.studyInstanceUid)]) {
      try {
        const result = await retrieveStudy({ cache, node, studyUid: uid, via, ourAeTitle: settings.aeTitle, dicomWeb: node.kind === 'dicomweb' ? dicomWebClientFor(node) : undefined, flushReceived: receiver ? () => receiver!.flush() : undefined });
        out.stdout.write(`${uid}: ${result.received} retrieved, ${result.alreadyCached} already cached, ${result.missing.length} missing\n`);
        if (result.missing.length) incomplete++;
      } catch (error) {
        incomplete++;
        out.stderr.write(`${uid}: ${(error as Error).message}\n`);
      }
    }
    return incomplete;
  } finally {
    await receiver?.stop();
  }
}
