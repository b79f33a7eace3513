import type { AuditAction, AuditEntry } from './auditEntry';
import { xmlAttribute, xmlText } from './xmlEscape';

/** A coded value of the audit schema (PS3.15 A.5.1 CodedValueType). */
interface Code {
  code: string;
  system: string;
  meaning: string;
}

const dcm = (code: string, meaning: string): Code => ({ code, system: 'DCM', meaning });

/** PS3.15 A.5.3 event IDs (CID 400). */
const EVENT = {
  instancesAccessed: dcm('110103', 'DICOM Instances Accessed'),
  instancesTransferred: dcm('110104', 'DICOM Instances Transferred'),
  studyDeleted: dcm('110105', 'DICOM Study Deleted'),
  export: dcm('110106', 'Export'),
  import: dcm('110107', 'Import'),
  query: dcm('110112', 'Query'),
  patientRecord: dcm('110110', 'Patient Record'),
  procedureRecord: dcm('110111', 'Procedure Record'),
};

/** Active participant roles (CID 402). */
const ROLE = {
  application: dcm('110150', 'Application'),
  destination: dcm('110152', 'Destination Role ID'),
  source: dcm('110153', 'Source Role ID'),
  destinationMedia: dcm('110154', 'Destination Media'),
  sourceMedia: dcm('110155', 'Source Media'),
};

/** Media type (CID 405): what we import from or export to is a file or folder path or a URL. */
const MEDIA_URI = dcm('110037', 'URI');

type Direction = 'local' | 'out' | 'in' | 'query';

/**
 * Each action as a PS3.15 A.5.3 message: which event, its EventActionCode, and which way data
 * moved (who is Source and who Destination). Transfers use C when we receive (the instances are
 * new here) and R when we send (A.5.3.2: "R" when the audit source is not the receiver).
 */
const ACTIONS: Record<AuditAction, { event: Code; actionCode: 'C' | 'R' | 'U' | 'D' | 'E'; direction: Direction; media?: boolean }> = {
  open: { event: EVENT.instancesAccessed, actionCode: 'R', direction: 'local' },
  verify: { event: EVENT.instancesAccessed, actionCode: 'R', direction: 'local' },
  wado: { event: EVENT.instancesTransferred, actionCode: 'R', direction: 'out' },
  send: { event: EVENT.instancesTransferred, actionCode: 'R', direction: 'out' },
  retrieve: { event: EVENT.instancesTransferred, actionCode: 'C', direction: 'in' },
  receive: { event: EVENT.instancesTransferred, actionCode: 'C', direction: 'in' },
  import: { event: EVENT.import, actionCode: 'C', direction: 'in', media: true },
  export: { event: EVENT.export, actionCode: 'R', direction: 'out', media: true },
  delete: { event: EVENT.studyDeleted, actionCode: 'D', direction: 'local' },
  evict: { event: EVENT.studyDeleted, actionCode: 'D', direction: 'local' },
  query: { event: EVENT.query, actionCode: 'E', direction: 'query' },
  // A.5.3.9 Patient Record, Update: the reader replaced the patient's weight, height or dose for a calculation.
  edit: { event: EVENT.patientRecord, actionCode: 'U', direction: 'local' },
  // Procedure Record (DCM 110111), Update: the study's reading status (unread / in progress / read) changed.
  status: { event: EVENT.procedureRecord, actionCode: 'U', direction: 'local' },
};

export interface AtnaSource {
  /** AuditSourceID: this installation, e.g. `lightbox@reading-room-3`. */
  auditSourceId: string;
  /** AuditEnterpriseSiteID, when configured. */
  enterpriseSiteId?: string;
}

function codeAttributes(c: Code): string {
  return `csd-code=${xmlAttribute(c.code)} codeSystemName=${xmlAttribute(c.system)} originalText=${xmlAttribute(c.meaning)}`;
}

function element(name: string, attributes: Array<[string, string | undefined]>, children: string[] = []): string {
  const attrs = attributes.filter(([, v]) => v !== undefined).map(([k, v]) => ` ${k}=${xmlAttribute(v!)}`).join('');
  return children.length ? `<${name}${attrs}>${children.join('')}</${name}>` : `<${name}${attrs}/>`;
}

function coded(name: string, c: Code): string {
  return `<${name} ${codeAttributes(c)}/>`;
}

/** NetworkAccessPointID and its type (1 machine name, 2 IP address, 5 URI) from `host:port`, an address or a URL. */
export function networkAccessPoint(address: string): { id: string; type: '1' | '2' | '5' } | undefined {
  const a = address.trim();
  if (!a) return undefined;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(a)) return { id: a, type: '5' };
  // IPv4-mapped IPv6 as Node reports peers (`::ffff:10.0.0.5`), with or without a port.
  const v4 = /^(?:::ffff:)?(\d{1,3}(?:\.\d{1,3}){3})(?::\d+)?$/i.exec(a);
  if (v4) return { id: v4[1]!, type: '2' };
  const bracketed = /^\[([0-9a-f:.]+)\](?::\d+)?$/i.exec(a);
  if (bracketed) return { id: bracketed[1]!, type: '2' };
  if (/^[0-9a-f:]+$/i.test(a) && a.includes('::')) return { id: a, type: '2' };
  const host = /^([^\s:]+)(?::\d+)?$/.exec(a);
  return host ? { id: host[1]!, type: '1' } : { id: a.replace(/\s+/g, ' '), type: '1' };
}

interface Participant {
  userId: string;
  alternativeUserId?: string;
  requestor: boolean;
  role?: Code;
  media?: boolean;
  address?: string;
}

function activeParticipant(p: Participant): string {
  const nap = p.address ? networkAccessPoint(p.address) : undefined;
  const children = [...(p.role ? [coded('RoleIDCode', p.role)] : []), ...(p.media ? [`<MediaIdentifier>${coded('MediaType', MEDIA_URI)}</MediaIdentifier>`] : [])];
  return element(
    'ActiveParticipant',
    [
      ['UserID', p.userId || 'unknown'],
      ['AlternativeUserID', p.alternativeUserId],
      ['UserIsRequestor', String(p.requestor)],
      ['NetworkAccessPointID', nap?.id],
      ['NetworkAccessPointTypeCode', nap?.type],
    ],
    children,
  );
}

/** Who took part: the person, our application, and the other party with its role for the direction data moved. */
function participants(entry: AuditEntry, direction: Direction, media: boolean): Participant[] {
  // IHE ITI TF-2 3.20.7: an AE title goes in AlternativeUserID as "AETITLES=…".
  const application: Participant = { userId: entry.source, requestor: false, ...(entry.localAe ? { alternativeUserId: `AETITLES=${entry.localAe}` } : {}) };
  // A caller that opened an association to our SCP started the transfer; otherwise the person did.
  const peerStarted = entry.action === 'receive';
  const person: Participant = { userId: entry.user, requestor: !peerStarted };
  const peer = (role: Code): Participant => ({
    userId: entry.peer || entry.peerAddress || 'unknown',
    requestor: peerStarted,
    role,
    ...(media ? { media: true } : {}),
    ...(entry.peerAddress && !media ? { address: entry.peerAddress } : {}),
  });
  switch (direction) {
    case 'local':
      return [person, { ...application, role: ROLE.application }];
    case 'out':
      return [person, { ...application, role: ROLE.source }, peer(media ? ROLE.destinationMedia : ROLE.destination)];
    case 'in':
      return [person, { ...application, role: ROLE.destination }, peer(media ? ROLE.sourceMedia : ROLE.source)];
    case 'query':
      return [person, { ...application, role: ROLE.source }, peer(ROLE.destination)];
  }
}

function base64Utf8(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** PS3.15 A.5.2.4: the patient (type 1 person, role 1 patient, ID type 2 patient number). */
function patientObject(entry: AuditEntry): string {
  return element(
    'ParticipantObjectIdentification',
    [
      ['ParticipantObjectID', entry.patientId],
      ['ParticipantObjectTypeCode', '1'],
      ['ParticipantObjectTypeCodeRole', '1'],
    ],
    [coded('ParticipantObjectIDTypeCode', { code: '2', system: 'RFC-3881', meaning: 'Patient Number' }), `<ParticipantObjectName>${xmlText(entry.patientName || entry.patientId)}</ParticipantObjectName>`],
  );
}

/** The study (type 2 system object, role 3 report, ID type 110180), with its accession and instances per SOP class. */
function studyObject(entry: AuditEntry): string {
  const classes = Object.entries(entry.sopClasses);
  const description = [
    ...(entry.accession ? [element('Accession', [['Number', entry.accession]])] : []),
    ...(classes.length
      ? classes.map(([uid, n]) => element('SOPClass', [['UID', uid || undefined], ['NumberOfInstances', String(n)]]))
      : entry.instances > 0
        ? [element('SOPClass', [['NumberOfInstances', String(entry.instances)]])]
        : []),
  ];
  return element(
    'ParticipantObjectIdentification',
    [
      ['ParticipantObjectID', entry.studyUid],
      ['ParticipantObjectTypeCode', '2'],
      ['ParticipantObjectTypeCodeRole', '3'],
    ],
    [
      coded('ParticipantObjectIDTypeCode', dcm('110180', 'Study Instance UID')),
      // The schema requires a name or a query on every object: the study's description, else its accession or UID.
      `<ParticipantObjectName>${xmlText(entry.studyDescription || entry.accession || entry.studyUid)}</ParticipantObjectName>`,
      ...(description.length ? [`<ParticipantObjectDescription>${description.join('')}</ParticipantObjectDescription>`] : []),
    ],
  );
}

/**
 * A.5.3.12: the query (type 2, role 3) with the query itself, base64. A DIMSE query names its
 * SOP Class (ID type 110181) and the transfer syntax of its identifier; a QIDO-RS one its URL
 * (ID type 12, URI).
 */
function queryObject(entry: AuditEntry, queryTransferSyntax: string | undefined): string {
  const sopClass = Object.keys(entry.sopClasses)[0];
  const id: [Code, string] = sopClass ? [dcm('110181', 'SOP Class UID'), sopClass] : [{ code: '12', system: 'RFC-3881', meaning: 'URI' }, entry.peerAddress || entry.peer];
  return element(
    'ParticipantObjectIdentification',
    [
      ['ParticipantObjectID', id[1]],
      ['ParticipantObjectTypeCode', '2'],
      ['ParticipantObjectTypeCodeRole', '3'],
    ],
    [
      coded('ParticipantObjectIDTypeCode', id[0]),
      `<ParticipantObjectQuery>${base64Utf8(entry.detail)}</ParticipantObjectQuery>`,
      ...(sopClass && queryTransferSyntax ? [element('ParticipantObjectDetail', [['type', 'TransferSyntax'], ['value', base64Utf8(queryTransferSyntax)]])] : []),
    ],
  );
}

export interface AtnaOptions {
  /** The transfer syntax a DIMSE query's identifier was encoded in (A.5.3.12 ParticipantObjectDetail). */
  queryTransferSyntax?: string;
}

/**
 * One audit row as a DICOM PS3.15 A.5 audit message (XML, valid against the A.5.1 schema), on a
 * single line: every value is escaped, line breaks included, so a message never spans lines.
 */
export function atnaAuditMessage(entry: AuditEntry, source: AtnaSource, options: AtnaOptions = {}): string {
  const kind = ACTIONS[entry.action];
  // A query's detail is the query itself (in its participant object); its outcome is how many matched.
  const outcomeText =
    entry.action === 'query'
      ? entry.outcome === 'success' ? `${entry.instances} match(es)` : entry.outcome
      : entry.outcome === 'success' ? entry.detail : [entry.outcome, entry.detail].filter(Boolean).join(': ');
  const event = element(
    'EventIdentification',
    [
      ['EventActionCode', kind.actionCode],
      ['EventDateTime', entry.at],
      ['EventOutcomeIndicator', String(entry.outcomeCode)],
    ],
    [coded('EventID', kind.event), ...(outcomeText ? [`<EventOutcomeDescription>${xmlText(outcomeText)}</EventOutcomeDescription>`] : [])],
  );
  const objects = [
    ...(entry.action === 'query' ? [queryObject(entry, options.queryTransferSyntax)] : []),
    ...(entry.patientId ? [patientObject(entry)] : []),
    ...(entry.studyUid ? [studyObject(entry)] : []),
  ];
  const auditSource = element('AuditSourceIdentification', [['AuditEnterpriseSiteID', source.enterpriseSiteId], ['AuditSourceID', source.auditSourceId]], [
    // PS3.15 A.5.1.2.1: 1 = end-user display device (a workstation).
    element('AuditSourceTypeCode', [['csd-code', '1']]),
  ]);
  return `<?xml version="1.0" encoding="UTF-8"?><AuditMessage>${event}${participants(entry, kind.direction, kind.media === true).map(activeParticipant).join('')}${auditSource}${objects.join('')}</AuditMessage>`;
}
