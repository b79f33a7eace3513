import type { AuditAction, AuditEntry } from '../../electron/common/audit/auditEntry';

/** A patient name that needs every escape: PN separators, &, <, >, quotes, a tab, a line break and a control character. */
export const HOSTILE_NAME = `O'Brien & <Sons> "Jr"^Ann\tMarie\nII\u0001`;

/** One audit row per action, as the cache index returns them, with values that test escaping. */
export function sampleAuditEntries(): AuditEntry[] {
  const base: Omit<AuditEntry, 'id' | 'action'> = {
    at: '2026-12-03T09:15:27.123Z',
    outcome: 'success',
    outcomeCode: 0,
    user: 'dr.who',
    source: 'lightbox-host (browser mode)',
    patientId: 'PAT 0001',
    patientName: HOSTILE_NAME,
    studyUid: '1.2.826.0.1.3680043.8.498.1',
    accession: 'ACC&1',
    studyDescription: 'CT <chest>',
    peer: '',
    peerAddress: '',
    localAe: '',
    instances: 0,
    sopClasses: {},
    detail: '',
  };
  const rows: Array<Partial<AuditEntry> & { action: AuditAction }> = [
    { action: 'open', instances: 300, sopClasses: { '1.2.840.10008.5.1.4.1.1.2': 300 }, detail: 'opened for reading' },
    { action: 'wado', instances: 120, sopClasses: { '1.2.840.10008.5.1.4.1.1.2': 120 }, peer: 'viewer or DICOMweb client of the host', peerAddress: '127.0.0.1', detail: '2400 request(s) over 1 min 3 s: display frames 2400' },
    { action: 'send', peer: 'PACS', peerAddress: 'pacs.example.org:11112', localAe: 'LIGHTBOX', instances: 3, sopClasses: { '1.2.840.10008.5.1.4.1.1.2': 3 }, detail: 'C-STORE' },
    { action: 'retrieve', peer: 'ORTHANC', peerAddress: '[::1]:4242', localAe: 'LIGHTBOX', outcome: '2 of 5 instance(s) did not arrive', outcomeCode: 4, instances: 3, sopClasses: { '1.2.840.10008.5.1.4.1.1.4': 3 }, detail: 'C-MOVE from ORTHANC' },
    { action: 'receive', peer: 'MODALITY_1', peerAddress: '::ffff:10.0.0.7:40001', localAe: 'LIGHTBOX', instances: 2, sopClasses: { '1.2.840.10008.5.1.4.1.1.2': 1, '': 1 }, detail: 'C-STORE from MODALITY_1' },
    { action: 'receive', peer: 'STOW-RS client of the host', peerAddress: '127.0.0.1', detail: 'STOW-RS' },
    { action: 'import', peer: '/media/cdrom/DICOMDIR', detail: 'from /media/cdrom' },
    { action: 'export', peer: '/tmp/out & more', instances: 4, detail: 'exported' },
    { action: 'delete', instances: 300, detail: '300 instances: "wrong patient" <fixed>' },
    { action: 'evict', instances: 12, sopClasses: { '1.2.840.10008.5.1.4.1.1.2': 12 }, detail: '12 instances: evicted by the cache quota' },
    { action: 'query', studyUid: '', patientId: '', patientName: '', peer: 'PACS', peerAddress: 'pacs.example.org:104', localAe: 'LIGHTBOX', instances: 7, sopClasses: { '1.2.840.10008.5.1.4.1.2.2.1': 7 }, detail: 'STUDY PatientName=O\'BRIEN*' },
    { action: 'query', studyUid: '', patientId: '', patientName: '', peer: 'https://pacs.example.org/dicom-web', peerAddress: 'https://pacs.example.org/dicom-web', outcome: 'fetch failed', outcomeCode: 8, detail: 'STUDY ModalitiesInStudy=CT' },
    { action: 'verify', outcome: 'major failure', outcomeCode: 12, detail: 'index unreadable' },
    { action: 'status', detail: 'reading status unread → in-progress (opened for reading)' },
    { action: 'edit', detail: 'SUV inputs of PET series 1.2.3 overridden: weight 80 kg (before: none (header values))' },
    { action: 'import', studyUid: '', patientId: '', patientName: '', outcome: '2 file(s) failed', outcomeCode: 8, detail: '/a.dcm, /b.dcm' },
  ];
  return rows.map((row, i) => ({ ...base, ...row, id: i + 1 }));
}
