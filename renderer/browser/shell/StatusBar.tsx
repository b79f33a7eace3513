import type { ReactNode } from 'react';
import type { HostInfo } from '../../../electron/common/contract/hostContract';
import type { HostState } from './useHostState';

export interface StatusBarProps {
  info?: HostInfo;
  error?: string;
  /** The desktop host process restarting, back, or failing (from Electron main). */
  hostState?: HostState;
  /** Further status (PACS nodes), shown after the host's. */
  children?: ReactNode;
}

export function StatusBar({ info, error, hostState, children }: StatusBarProps) {
  return (
    <footer className="status-bar" data-testid="status-bar">
      {error ? (
        <span className="status-error" role="alert">Host unreachable: {error}</span>
      ) : info ? (
        <>
          <span>
            {info.product} {info.version} · {info.mode === 'electron' ? 'desktop' : 'browser mode'}
          </span>
          {info.notice && <span className="status-notice">{info.notice}</span>}
          {hostState && (
            <span className={hostState.state === 'running' ? 'status-notice' : 'status-error'} role="alert" data-testid="host-state">
              {hostState.message ?? `Host process ${hostState.state}`}
            </span>
          )}
          {children}
          <span className="status-data-dir" title="Data folder">{info.dataDir}</span>
        </>
      ) : (
        <span>Connecting to host…</span>
      )}
    </footer>
  );
}
