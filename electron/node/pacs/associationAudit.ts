import type { StudyCache } from '../cache/studyCache';
import type { StoreOutcome } from '../cache/storeOutcome';

interface Tally {
  callingAe: string;
  address: string;
  /** SOP Instance UIDs stored (or already held) per study. */
  studies: Map<string, Set<string>>;
  failed: number;
}

/**
 * The Storage SCP's audit trail: one 'receive' row per association per study (PS3.15 A.5.3.2
 * "DICOM Instances Transferred"), with the calling AE title, its address, our AE title and the
 * instances per SOP class — written when the association's last instance is indexed, not per
 * instance (a modality sends hundreds on one association).
 */
export class AssociationAudit {
  private readonly open = new Map<string, Tally>();

  constructor(
    private readonly cache: StudyCache,
    private readonly localAe: string,
  ) {}

  private tally(callingAe: string, address: string): Tally {
    // The address carries the peer's port: one key per association, even from one AE at once.
    const key = `${callingAe}@${address}`;
    let tally = this.open.get(key);
    if (!tally) this.open.set(key, (tally = { callingAe, address, studies: new Map(), failed: 0 }));
    return tally;
  }

  stored(callingAe: string, address: string, outcome: StoreOutcome): void {
    const studies = this.tally(callingAe, address).studies;
    let sops = studies.get(outcome.studyInstanceUid);
    if (!sops) studies.set(outcome.studyInstanceUid, (sops = new Set()));
    sops.add(outcome.sopInstanceUid);
  }

  /** An instance answered with a failure status, or answered but not stored. */
  failed(callingAe: string, address: string): void {
    this.tally(callingAe, address).failed++;
  }

  /** Writes the association's rows; call once everything it sent is indexed. */
  close(callingAe: string, address: string): void {
    const key = `${callingAe}@${address}`;
    const tally = this.open.get(key);
    this.open.delete(key);
    if (tally) this.write(tally);
  }

  /** Writes every association still open (the SCP stops). */
  closeAll(): void {
    const all = [...this.open.values()];
    this.open.clear();
    for (const tally of all) this.write(tally);
  }

  private write(tally: Tally): void {
    const party = { peer: tally.callingAe, peerAddress: tally.address, localAe: this.localAe };
    // Which study a refused instance belonged to is not known (its header may be what was wrong):
    // each study's row says how many of the association's instances failed.
    const failures = tally.failed ? `${tally.failed} instance(s) of this association not stored` : '';
    try {
      for (const [studyUid, sops] of tally.studies) {
        this.cache.audit({
          action: 'receive',
          outcome: failures || 'success',
          outcomeCode: failures ? 4 : 0,
          studyUid,
          instances: sops.size,
          sopClasses: this.cache.index.sopClassesOf(sops),
          ...party,
          detail: `C-STORE from ${tally.callingAe} (${tally.address})`,
        });
      }
      if (tally.studies.size === 0 && tally.failed) {
        this.cache.audit({ action: 'receive', outcome: failures, outcomeCode: 8, studyUid: '', ...party, detail: `C-STORE from ${tally.callingAe} (${tally.address}): nothing stored` });
      }
    } catch (error) {
      console.warn(`lightbox: audit rows for the association of ${tally.callingAe} (${tally.address}) not written: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
