import { useEffect, useState } from 'react';
import type { PacsStatus } from '../../../electron/common/contract/hostContract';
import type { HostConnection } from '../host/hostConnection';

/** The host's PACS status, kept current by `onDidChangePacs` events; undefined where the host has no networking. */
export function usePacsStatus(host: HostConnection): PacsStatus | undefined {
  const [status, setStatus] = useState<PacsStatus>();
  useEffect(() => {
    let live = true;
    host.client.call('getPacsStatus', {}).then(
      (s) => live && setStatus(s),
      () => undefined, // 501: no networking in this host
    );
    const off = host.onEvent((event) => {
      if (event.type === 'onDidChangePacs') setStatus(event.status);
    });
    return () => {
      live = false;
      off();
    };
  }, [host]);
  return status;
}
