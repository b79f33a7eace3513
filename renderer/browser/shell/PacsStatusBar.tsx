import type { PacsStatus } from '../../../electron/common/contract/hostContract';

function since(iso: string | undefined): string {
  return iso ? new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : '';
}

/**
 * Node states in the status bar, and a plain statement when one is offline: what still works
 * (everything cached) and what waits (the outbox).
 */
export function PacsStatusBar({ status }: { status: PacsStatus | undefined }) {
  if (!status) return null;
  const offline = status.nodes.filter((n) => n.state === 'offline');
  const waiting = status.outbox.queued + status.outbox.sending;
  return (
    <span className="pacs-status" data-testid="pacs-status">
      {status.nodes.map((n) => (
        <span
          key={n.name}
          className={`pacs-node pacs-${n.state}`}
          data-testid={`pacs-node-${n.name}`}
          data-state={n.state}
          title={`${n.description}: ${n.state}${n.error ? ` — ${n.error}` : ''}${n.roundTripMs !== undefined && n.state === 'online' ? ` (${n.roundTripMs} ms)` : ''}`}
        >
          ● {n.name}
        </span>
      ))}
      {offline.length > 0 && (
        <span className="pacs-offline-note" role="status" data-testid="pacs-offline-note">
          {offline.map((n) => `${n.name} unreachable since ${since(n.offlineSince)}`).join('; ')} — cached studies stay available
          {waiting > 0 ? `; ${waiting} waiting in the outbox` : ''}
        </span>
      )}
      {status.outbox.failed > 0 && <span className="pacs-failed">{status.outbox.failed} refused by a node (lightbox outbox)</span>}
      {status.scpError && <span className="pacs-failed" title={status.scpError}>Not receiving: port {status.scpPort} in use</span>}
    </span>
  );
}
