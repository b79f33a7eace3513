import { describe, expect, it } from 'vitest';
import { atnaAuditMessage, networkAccessPoint } from './atnaAuditMessage';
import { sampleAuditEntries } from '../../../testing/atna/auditEntryFixtures';
import type { AuditAction } from './auditEntry';

const source = { auditSourceId: 'lightbox@ws-3', enterpriseSiteId: 'Radiology & Co' };
const entries = sampleAuditEntries();
const messageFor = (action: AuditAction, nth = 0): string => atnaAuditMessage(entries.filter((e) => e.action === action)[nth]!, source);

/** Each ActiveParticipant as [UserID, UserIsRequestor, role code or '', NAP id or '', NAP type or '']. */
function participants(xml: string): string[][] {
  return [...xml.matchAll(/<ActiveParticipant ([^>]*?)\/?>(.*?)(?:<\/ActiveParticipant>|(?=<ActiveParticipant|<AuditSource))/g)].map(([, attrs, body]) => [
    /UserID="([^"]*)"/.exec(attrs!)![1]!,
    /UserIsRequestor="([^"]*)"/.exec(attrs!)![1]!,
    /<RoleIDCode csd-code="(\d+)"/.exec(body ?? '')?.[1] ?? '',
    /NetworkAccessPointID="([^"]*)"/.exec(attrs!)?.[1] ?? '',
    /NetworkAccessPointTypeCode="([^"]*)"/.exec(attrs!)?.[1] ?? '',
  ]);
}

describe('DICOM PS3.15 A.5 audit messages', () => {
  it.each([
    ['open', '110103', 'R'],
    ['verify', '110103', 'R'],
    ['wado', '110104', 'R'],
    ['send', '110104', 'R'],
    ['retrieve', '110104', 'C'],
    ['receive', '110104', 'C'],
    ['import', '110107', 'C'],
    ['export', '110106', 'R'],
    ['delete', '110105', 'D'],
    ['evict', '110105', 'D'],
    ['query', '110112', 'E'],
  ] as const)('%s is event %s with EventActionCode %s', (action, eventId, actionCode) => {
    const xml = messageFor(action);
    expect(xml).toContain(`<EventID csd-code="${eventId}" codeSystemName="DCM"`);
    expect(xml).toMatch(new RegExp(`<EventIdentification EventActionCode="${actionCode}" EventDateTime="2026-12-03T09:15:27.123Z"`));
    expect(xml).toContain('<AuditSourceIdentification AuditEnterpriseSiteID="Radiology &amp; Co" AuditSourceID="lightbox@ws-3"><AuditSourceTypeCode csd-code="1"/>');
  });

  it('gives each party its role for the direction the data moved', () => {
    // Sending: we are the source, the node the destination, the person asked for it.
    expect(participants(messageFor('send'))).toEqual([
      ['dr.who', 'true', '', '', ''],
      ['lightbox-host (browser mode)', 'false', '110153', '', ''],
      ['PACS', 'false', '110152', 'pacs.example.org', '1'],
    ]);
    expect(messageFor('send')).toContain('AlternativeUserID="AETITLES=LIGHTBOX"');
    // Retrieving: the node is the source (IPv6 address without brackets or port), we are the destination.
    expect(participants(messageFor('retrieve')).slice(1)).toEqual([
      ['lightbox-host (browser mode)', 'false', '110152', '', ''],
      ['ORTHANC', 'false', '110153', '::1', '2'],
    ]);
    // Received on our SCP: the caller started it, from its IP address.
    expect(participants(messageFor('receive'))).toEqual([
      ['dr.who', 'false', '', '', ''],
      ['lightbox-host (browser mode)', 'false', '110152', '', ''],
      ['MODALITY_1', 'true', '110153', '10.0.0.7', '2'],
    ]);
    // Media: import from a source medium, export to a destination medium (with its media type, 110037 URI).
    expect(participants(messageFor('import'))[2]).toEqual(['/media/cdrom/DICOMDIR', 'false', '110155', '', '']);
    expect(messageFor('import')).toContain('<MediaIdentifier><MediaType csd-code="110037" codeSystemName="DCM" originalText="URI"/></MediaIdentifier>');
    expect(participants(messageFor('export'))[2]).toEqual(['/tmp/out &amp; more', 'false', '110154', '', '']);
    // Local access: the person, and our application (110150).
    expect(participants(messageFor('open'))).toEqual([
      ['dr.who', 'true', '', '', ''],
      ['lightbox-host (browser mode)', 'false', '110150', '', ''],
    ]);
  });

  it('names the patient (type 1, role 1, ID type 2) and the study (type 2, role 3, ID type 110180) with its instances per SOP class', () => {
    const xml = messageFor('receive');
    expect(xml).toContain(
      '<ParticipantObjectIdentification ParticipantObjectID="PAT 0001" ParticipantObjectTypeCode="1" ParticipantObjectTypeCodeRole="1"><ParticipantObjectIDTypeCode csd-code="2" codeSystemName="RFC-3881" originalText="Patient Number"/>',
    );
    expect(xml).toContain(
      '<ParticipantObjectIdentification ParticipantObjectID="1.2.826.0.1.3680043.8.498.1" ParticipantObjectTypeCode="2" ParticipantObjectTypeCodeRole="3"><ParticipantObjectIDTypeCode csd-code="110180" codeSystemName="DCM" originalText="Study Instance UID"/><ParticipantObjectName>CT &lt;chest&gt;</ParticipantObjectName>',
    );
    // An instance of unknown SOP class is counted without a UID.
    expect(xml).toContain('<ParticipantObjectDescription><Accession Number="ACC&amp;1"/><SOPClass UID="1.2.840.10008.5.1.4.1.1.2" NumberOfInstances="1"/><SOPClass NumberOfInstances="1"/></ParticipantObjectDescription>');
    // Only a count known: one SOPClass without a UID.
    expect(messageFor('export')).toContain('<SOPClass NumberOfInstances="4"/>');
    // An import that failed before any study: no patient, no study.
    expect(messageFor('import', 1)).not.toContain('ParticipantObjectIdentification');
  });

  it('escapes what patient names and reasons carry, and keeps each message on one line', () => {
    const xml = messageFor('delete');
    // Text content: &, < and > escaped, the PN ^ kept, tab kept, the line break a reference, a control character replaced.
    expect(xml).toContain(`<ParticipantObjectName>O'Brien &amp; &lt;Sons&gt; "Jr"^Ann\tMarie&#10;II\uFFFD</ParticipantObjectName>`);
    expect(xml).toContain('<EventOutcomeDescription>300 instances: "wrong patient" &lt;fixed&gt;</EventOutcomeDescription>');
    // One line each, and no character XML 1.0 forbids (U+0001 in the name became U+FFFD).
    for (const e of entries) expect([...atnaAuditMessage(e, source)].filter((c) => c === '\n' || c === '\r' || c.charCodeAt(0) < 9)).toEqual([]);
    // Attribute values: quotes and apostrophes escaped too.
    expect(atnaAuditMessage({ ...entries[0]!, user: `a"b'c<d>&\n` }, source)).toContain('UserID="a&quot;b&apos;c&lt;d&gt;&amp;&#10;"');
  });

  it('reports outcomes as EventOutcomeIndicator 0, 4, 8 and 12 with the reason', () => {
    expect(messageFor('open')).toContain('EventOutcomeIndicator="0"');
    expect(messageFor('retrieve')).toContain('EventOutcomeIndicator="4"><EventID csd-code="110104" codeSystemName="DCM" originalText="DICOM Instances Transferred"/><EventOutcomeDescription>2 of 5 instance(s) did not arrive: C-MOVE from ORTHANC</EventOutcomeDescription>');
    expect(messageFor('query', 1)).toContain('EventOutcomeIndicator="8"');
    expect(messageFor('verify')).toContain('EventOutcomeIndicator="12"');
  });

  it('carries a query as the SOP Class queried (DIMSE) or the URL (QIDO-RS), with the query itself in base64', () => {
    const dimse = messageFor('query');
    expect(dimse).toContain('ParticipantObjectID="1.2.840.10008.5.1.4.1.2.2.1" ParticipantObjectTypeCode="2" ParticipantObjectTypeCodeRole="3"><ParticipantObjectIDTypeCode csd-code="110181" codeSystemName="DCM" originalText="SOP Class UID"/>');
    const query = /<ParticipantObjectQuery>([^<]*)<\/ParticipantObjectQuery>/.exec(dimse)![1]!;
    expect(new TextDecoder().decode(Uint8Array.from(atob(query), (c) => c.charCodeAt(0)))).toBe("STUDY PatientName=O'BRIEN*");
    expect(dimse).toContain('<EventOutcomeDescription>7 match(es)</EventOutcomeDescription>');
    expect(messageFor('query', 1)).toContain('ParticipantObjectID="https://pacs.example.org/dicom-web" ParticipantObjectTypeCode="2" ParticipantObjectTypeCodeRole="3"><ParticipantObjectIDTypeCode csd-code="12" codeSystemName="RFC-3881" originalText="URI"/>');
    expect(messageFor('query', 1)).toContain('NetworkAccessPointID="https://pacs.example.org/dicom-web" NetworkAccessPointTypeCode="5"');
  });

  it('reads network access points: machine names, IPv4 and IPv6 addresses, URLs', () => {
    expect(networkAccessPoint('pacs.local:104')).toEqual({ id: 'pacs.local', type: '1' });
    expect(networkAccessPoint('::ffff:192.168.1.20:51234')).toEqual({ id: '192.168.1.20', type: '2' });
    expect(networkAccessPoint('10.1.2.3')).toEqual({ id: '10.1.2.3', type: '2' });
    expect(networkAccessPoint('[fe80::1]:4242')).toEqual({ id: 'fe80::1', type: '2' });
    expect(networkAccessPoint('::1')).toEqual({ id: '::1', type: '2' });
    expect(networkAccessPoint('http://h/x')).toEqual({ id: 'http://h/x', type: '5' });
    expect(networkAccessPoint(' ')).toBeUndefined();
  });
});
