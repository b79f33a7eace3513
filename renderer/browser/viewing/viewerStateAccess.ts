import type { ViewportPresentation } from '../../../electron/common/contract/hostContract';

/** What the shell asks of the viewer when the reader saves results. */
export interface ViewerStateAccess {
  /** What each stack viewport shows, to keep as presentation states. */
  presentations(): ViewportPresentation[];
  /** Resolves once the measurements and key image marks made here have reached the host. */
  flush(): Promise<void>;
}
