import type { ReactNode } from 'react';
import type { HostInfo } from '../../../electron/common/contract/hostContract';

export interface StatusBarProps {
  info?: HostInfo;
  error?: string;
  /** Further status (PACS nodes), shown after the host's. */
  children?: ReactNode;
}

export function StatusBar({ info, error, children }: StatusBarProps) {
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
          {children}
          <span className="status-data-dir" title="Data folder">{info.dataDir}</span>
        </>
      ) : (
        <span>Connecting to host…</span>
      )}
    </footer>
  );
}
