import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileDurably } from '../cache/durableFile';
import type { DimsePeer } from '../dimse/requestAssociation';
import type { SealedSecret } from './secretBox';
import { DEFAULT_PREFETCH_RULES, type PrefetchRules } from './priorSelection';

/**
 * A remote node: a DIMSE peer or a DICOMweb service. `aiService`: an algorithm host — a study sent
 * there is a request for results (SEG, SR …), pending until results for that study come back.
 * `worklist`: the node serves the RIS's worklist (Modality Worklist C-FIND for a DIMSE node,
 * UPS-RS for a DICOMweb one); absent in settings files written before it (= false).
 */
export type PacsNode =
  | { name: string; kind: 'dimse'; aeTitle: string; host: string; port: number; timeoutMs?: number; aiService?: boolean; worklist?: boolean }
  | { name: string; kind: 'dicomweb'; url: string; timeoutMs?: number; /** Sent as `Authorization`: sealed by the OS keychain in the desktop app, else plain in the 0600 settings file. */ authorization?: SealedSecret; aiService?: boolean; worklist?: boolean };

/** Our side of DICOM networking, and the nodes we talk to. */
export interface PacsSettings {
  /** Our AE title (calling AE of our requests, called AE of our Storage SCP). */
  aeTitle: string;
  /** Port of our Storage SCP. */
  scpPort: number;
  /**
   * Calling AE titles allowed to store to us besides the configured DIMSE nodes' own (a modality
   * that only sends). Nothing else is accepted unless `allowAnyCallingAe`.
   */
  allowedCallingAes: string[];
  /** Accept associations from any calling AE title (the administrator's explicit choice: `nodes local --allow-any`). */
  allowAnyCallingAe: boolean;
  /** The interface our Storage SCP listens on: the loopback by default; an address, or 0.0.0.0 for all, when modalities or a remote PACS send to us. */
  scpHost: string;
  nodes: PacsNode[];
  /** Priors fetched for a study opened for reading (and by `lightbox prefetch`). */
  prefetch: PrefetchRules & { onOpen: boolean };
}

export const DEFAULT_PACS_SETTINGS: PacsSettings = {
  aeTitle: 'LIGHTBOX',
  scpPort: 11112,
  allowedCallingAes: [],
  allowAnyCallingAe: false,
  scpHost: '127.0.0.1',
  nodes: [],
  prefetch: { ...DEFAULT_PREFETCH_RULES, onOpen: true },
};

/**
 * The calling AE titles our Storage SCP accepts (PS3.8 A-ASSOCIATE-RJ "calling AE title not
 * recognized" for any other): the configured DIMSE nodes' and the extra allowed ones; undefined
 * (any) only when the administrator allowed any.
 */
export function acceptedCallingAes(settings: PacsSettings): string[] | undefined {
  if (settings.allowAnyCallingAe) return undefined;
  return [...new Set([...settings.allowedCallingAes, ...settings.nodes.flatMap((n) => (n.kind === 'dimse' ? [n.aeTitle] : []))])];
}

const AE_TITLE = /^[\x20-\x5b\x5d-\x7e]{1,16}$/;

/** AE titles: 1–16 characters of the default repertoire without backslash (PS3.5 6.2), not all spaces. */
export function checkAeTitle(ae: string, what: string): string {
  if (!AE_TITLE.test(ae) || ae.trim() === '') throw new Error(`${what} "${ae}" is not a valid AE title (1–16 printable characters, no backslash)`);
  return ae;
}

function checkPort(port: number, what: string): number {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${what} ${port} is not a TCP port (1–65535)`);
  return port;
}

export function settingsFile(dataDir: string): string {
  return path.join(dataDir, 'settings', 'pacs.json');
}

/** Reads the settings; a damaged file is an error naming it (never silently replaced by defaults). */
export function loadPacsSettings(dataDir: string): PacsSettings {
  const file = settingsFile(dataDir);
  if (!existsSync(file)) return structuredClone(DEFAULT_PACS_SETTINGS);
  let parsed: Partial<PacsSettings>;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<PacsSettings>;
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${(error as Error).message}); fix or remove it`);
  }
  // Credentials written as a bare string (by hand, or by an older Lightbox) are plain ones.
  const nodes = (parsed.nodes ?? []).map((n) => (n.kind === 'dicomweb' && typeof n.authorization === 'string' ? { ...n, authorization: { scheme: 'plain' as const, value: n.authorization } } : n));
  return { ...structuredClone(DEFAULT_PACS_SETTINGS), ...parsed, nodes, prefetch: { ...DEFAULT_PACS_SETTINGS.prefetch, ...parsed.prefetch } };
}

/** Saves durably with owner-only permissions: node entries may carry DICOMweb credentials. */
export function savePacsSettings(dataDir: string, settings: PacsSettings): void {
  const file = settingsFile(dataDir);
  writeFileDurably(file, new TextEncoder().encode(`${JSON.stringify(settings, null, 2)}\n`), path.join(dataDir, 'settings'), undefined, 0o600);
}

/** Validates a node before it is saved. */
export function checkNode(node: PacsNode): PacsNode {
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(node.name)) throw new Error(`node name "${node.name}" must be 1–64 letters, digits, dots, dashes or underscores`);
  if (node.kind === 'dimse') {
    checkAeTitle(node.aeTitle, 'AE title');
    checkPort(node.port, 'port');
    if (!node.host) throw new Error('a DIMSE node needs a host');
  } else if (!/^https?:\/\//.test(node.url)) throw new Error(`DICOMweb URL "${node.url}" must start with http:// or https://`);
  return node;
}

/**
 * A node from the command line: a configured node's name, `AET@host:port` (DIMSE), or a
 * DICOMweb base URL.
 */
export function resolveNode(spec: string, settings: PacsSettings): PacsNode {
  const named = settings.nodes.find((n) => n.name === spec);
  if (named) return named;
  if (/^https?:\/\//.test(spec)) return { name: spec, kind: 'dicomweb', url: spec.replace(/\/+$/, '') };
  const m = /^(.+)@([^@:]+|\[[^\]]+\]):(\d+)$/.exec(spec);
  if (m) {
    const node: PacsNode = { name: spec, kind: 'dimse', aeTitle: m[1]!, host: m[2]!.replace(/^\[|\]$/g, ''), port: Number(m[3]) };
    checkAeTitle(node.aeTitle, 'AE title');
    checkPort(node.port, 'port');
    return node;
  }
  const known = settings.nodes.map((n) => n.name).join(', ') || 'none configured';
  throw new Error(`unknown node "${spec}" (configured: ${known}; or give AET@host:port, or a DICOMweb URL)`);
}

export function dimsePeer(node: PacsNode & { kind: 'dimse' }): DimsePeer {
  return { aeTitle: node.aeTitle, host: node.host, port: node.port, timeoutMs: node.timeoutMs };
}

/** The node in one line, for listings and messages. */
export function describeNode(node: PacsNode): string {
  const worklist = node.worklist ? (node.kind === 'dimse' ? ', Modality Worklist' : ', UPS-RS worklist') : '';
  return node.kind === 'dimse' ? `${node.aeTitle}@${node.host}:${node.port} (DIMSE${worklist})` : `${node.url} (DICOMweb${node.authorization ? ', with credentials' : ''}${worklist})`;
}
