import type { StudyCache } from '../cache/studyCache';
import { nodeAuditParty } from './nodeAuditParty';
import type { PacsNode } from './pacsSettings';

interface StudyTally {
  node: PacsNode;
  studyUid: string;
  sent: number;
  /** Found at the node when asked after an interrupted send (stored once, by an earlier drain). */
  alreadyThere: number;
  refused: number;
  /** Why the node did not take the rest, when it failed the batch. */
  nodeError: string;
}

/**
 * What one drain did per study and node, written to the audit trail when it ends: one 'send'
 * entry per study it touched (IHE ATNA "DICOM Instances Transferred", PS3.15 A.5.3.5, in our
 * plain words), with the node, the counts and the outcome.
 */
export class SendAuditTally {
  private readonly tallies = new Map<string, StudyTally>();

  constructor(private readonly ourAe: string) {}

  private tally(node: PacsNode, studyUid: string): StudyTally {
    const key = `${node.name}\u0000${studyUid}`;
    let t = this.tallies.get(key);
    if (!t) this.tallies.set(key, (t = { node, studyUid, sent: 0, alreadyThere: 0, refused: 0, nodeError: '' }));
    return t;
  }

  count(node: PacsNode, studyUid: string, what: 'sent' | 'alreadyThere' | 'refused'): void {
    this.tally(node, studyUid)[what]++;
  }

  nodeFailed(node: PacsNode, studyUid: string, error: string): void {
    this.tally(node, studyUid).nodeError = error;
  }

  /** Writes one entry per study touched; `left` says how many of its instances still wait for that node. */
  write(cache: StudyCache, left: (node: string, studyUid: string) => number): void {
    for (const t of this.tallies.values()) {
      const name = t.node.name;
      const remaining = left(name, t.studyUid);
      const sent = t.sent + t.alreadyThere;
      const outcome = t.refused > 0 ? `${t.refused} refused by ${name}` : t.nodeError ? `${name} failed: ${t.nodeError}` : remaining > 0 ? 'incomplete' : 'success';
      const detail = `to ${name}: ${sent} sent${t.alreadyThere ? ` (${t.alreadyThere} found already there after an interrupted send)` : ''}, ${t.refused} refused, ${remaining} left in the outbox`;
      cache.audit({
        action: 'send',
        outcome,
        // PS3.15 A.5.1: 4 when part went (the rest waits or was refused), 8 when none did.
        outcomeCode: outcome === 'success' ? 0 : sent > 0 ? 4 : 8,
        studyUid: t.studyUid,
        // The node as the audit trail names it (a DICOMweb URL without any credentials it carries).
        ...nodeAuditParty(t.node, this.ourAe),
        instances: sent,
        detail,
      });
    }
  }
}
