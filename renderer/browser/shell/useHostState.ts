import { useEffect, useState } from 'react';
import type { HostEvent } from '../../../electron/common/contract/hostContract';
import type { HostConnection } from '../host/hostConnection';

export type HostState = Extract<HostEvent, { type: 'onDidChangeHostState' }>;

/**
 * The desktop app's host process as main reports it: undefined while all is well; restarting or
 * failed (with what to tell the reader) after it stopped; cleared a few seconds after it is back.
 */
export function useHostState(host: HostConnection): HostState | undefined {
  const [state, setState] = useState<HostState>();
  useEffect(() => {
    let clear: ReturnType<typeof setTimeout> | undefined;
    const off = host.onEvent((event) => {
      if (event.type !== 'onDidChangeHostState') return;
      clearTimeout(clear);
      setState(event);
      if (event.state === 'running') clear = setTimeout(() => setState(undefined), 8000);
    });
    return () => {
      clearTimeout(clear);
      off();
    };
  }, [host]);
  return state;
}
