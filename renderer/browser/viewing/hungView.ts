import type { HungDisplay } from '../../../electron/common/hanging/hangingEngine';
import type { SyncGroup } from '../../../electron/common/hanging/protocolTypes';
import type { SyncBus } from './viewerSync';

/** One display of a hung stage, with the synchronization it takes part in. */
export interface HungView {
  /** Changes when the stage or the protocol changes: the layout is laid out anew. */
  key: string;
  /** The protocol and stage that hung it ("Save as protocol…" starts from them). */
  protocolId: string;
  stage: number;
  display: HungDisplay;
  syncGroups: SyncGroup[];
  bus: SyncBus;
}
