import type { PacsNode } from './pacsSettings';

/** A node as the other party of an audit row: its AE title (or name) and address, and our AE title where DIMSE is spoken. */
export function nodeAuditParty(node: PacsNode, ourAeTitle: string): { peer: string; peerAddress: string; localAe: string } {
  if (node.kind === 'dimse') {
    const host = node.host.includes(':') ? `[${node.host}]` : node.host;
    return { peer: node.aeTitle, peerAddress: `${host}:${node.port}`, localAe: ourAeTitle };
  }
  // A DICOMweb URL may carry credentials in its userinfo: never into the audit trail.
  const url = new URL(node.url);
  url.username = '';
  url.password = '';
  return { peer: node.name, peerAddress: url.toString().replace(/\/+$/, ''), localAe: '' };
}
