import type { RawElement } from '../deidentify/rawElementTree';
import type { DirectoryRecordNode } from '../dicom/dicomdir/buildDirectoryRecords';
import { createCharacterSetDecoder } from '../dicom/characterSets';
import type { MediaProfile } from './mediaProfile';

/** What the media's README.TXT and INDEX.HTM say besides its content. */
export interface MediaDescription {
  createdBy: string;
  createdAt: Date;
  profile: MediaProfile;
  /** How the files were de-identified, in words; absent when they were not. */
  deidentified?: string;
  /** Instances kept in a stored syntax although Explicit VR Little Endian was asked for. */
  kept: number;
}

function value(elements: RawElement[], tag: number): string {
  const el = elements.find((e) => e.tag === tag);
  if (!el?.value) return '';
  const charset = elements.find((e) => e.tag === 0x00080005)?.value;
  const terms = charset ? new TextDecoder('latin1').decode(charset).trim().split('\\') : undefined;
  return createCharacterSetDecoder(terms).decode(el.value, el.vr === 'PN').replace(/[\0 ]+$/, '').trim();
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

interface Counts {
  patients: number;
  studies: number;
  series: number;
  instances: number;
}

function countsOf(roots: DirectoryRecordNode[]): Counts {
  const c: Counts = { patients: roots.length, studies: 0, series: 0, instances: 0 };
  for (const p of roots) for (const st of p.children) {
    c.studies++;
    for (const se of st.children) {
      c.series++;
      c.instances += se.children.length;
    }
  }
  return c;
}

/**
 * README.TXT at the root of PDI media (IHE RAD TF-2 4.47.4.1.2): what the media is, who made it,
 * how it is laid out and how to read it. No patient data: that is in DICOMDIR and INDEX.HTM.
 * ISO 9660 media take CR LF line ends.
 */
export function mediaReadme(roots: DirectoryRecordNode[], d: MediaDescription): string {
  const c = countsOf(roots);
  const lines = [
    'DICOM MEDIA (IHE Portable Data for Imaging)',
    '',
    `Created by ${d.createdBy} on ${d.createdAt.toISOString().slice(0, 10)}.`,
    `Content: ${plural(c.patients, 'patient')}, ${c.studies} ${c.studies === 1 ? 'study' : 'studies'}, ${c.series} series, ${plural(c.instances, 'instance')}.`,
    `Application profile: ${d.profile.profile === 'none' ? 'none of the PS3.11 General Purpose profiles' : d.profile.profile} (${d.profile.note}).`,
    ...(d.kept ? [`${plural(d.kept, 'instance')} could not be converted to Explicit VR Little Endian and ${d.kept === 1 ? 'is' : 'are'} kept as stored.`] : []),
    ...(d.deidentified ? [`De-identified: ${d.deidentified}.`] : []),
    '',
    'Layout:',
    '  DICOMDIR     the DICOM directory (DICOM PS3.10): every patient, study, series and file on this media',
    '  DICOM\\       the DICOM files, named by PS3.10 File IDs without extension:',
    '               DICOM\\PATnnnnn\\STUnnnnn\\SERnnnnn\\IMGnnnnn (patient, study, series, instance)',
    '  README.TXT   this file',
    '  INDEX.HTM    the list of studies, for a web browser',
    '',
    'To view the images, open this media (or its DICOMDIR) in a DICOM viewer; most have',
    '"Open DICOMDIR" or "Import media". No viewer is included on this media.',
    'With Lightbox: lightbox import <media>/DICOMDIR',
    '',
    'This media may hold personal health information: keep it as you would keep any medical record.',
  ];
  return `${lines.join('\r\n')}\r\n`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

const formatDate = (da: string): string => (/^\d{8}$/.test(da) ? `${da.slice(0, 4)}-${da.slice(4, 6)}-${da.slice(6, 8)}` : da);

/**
 * INDEX.HTM at the root (IHE PDI): a plain XHTML page listing patients, studies and series from the
 * DICOMDIR's records, with a link to README.TXT. It shows what the DICOMDIR holds (for a
 * de-identified export, the pseudonyms) and nothing more.
 */
export function mediaIndexHtml(roots: DirectoryRecordNode[], d: MediaDescription, seriesDescriptions: Map<string, string>): string {
  const rows: string[] = [];
  for (const patient of roots) {
    const name = value(patient.elements, 0x00100010).replace(/\^+/g, ' ').trim();
    rows.push(`<h2>${escapeHtml(name || '(no name)')} <small>ID ${escapeHtml(value(patient.elements, 0x00100020))}</small></h2>`);
    for (const study of patient.children) {
      rows.push(`<h3>${escapeHtml(formatDate(value(study.elements, 0x00080020)))} ${escapeHtml(value(study.elements, 0x00081030) || '(no description)')}</h3>`);
      rows.push('<table><tr><th>Series</th><th>Modality</th><th>Description</th><th>Instances</th></tr>');
      for (const series of study.children) {
        const uid = value(series.elements, 0x0020000e);
        rows.push(
          `<tr><td>${escapeHtml(value(series.elements, 0x00200011))}</td><td>${escapeHtml(value(series.elements, 0x00080060))}</td><td>${escapeHtml(seriesDescriptions.get(uid) ?? '')}</td><td>${series.children.length}</td></tr>`,
        );
      }
      rows.push('</table>');
    }
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">',
    '<html xmlns="http://www.w3.org/1999/xhtml" lang="en" xml:lang="en">',
    '<head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8" /><title>DICOM media</title></head>',
    '<body>',
    '<h1>DICOM media</h1>',
    `<p>Created by ${escapeHtml(d.createdBy)} on ${d.createdAt.toISOString().slice(0, 10)}. Open the DICOMDIR in a DICOM viewer to see the images; see <a href="README.TXT">README.TXT</a>.</p>`,
    ...(d.deidentified ? [`<p>De-identified: ${escapeHtml(d.deidentified)}.</p>`] : []),
    ...rows,
    '</body>',
    '</html>',
    '',
  ].join('\r\n');
}
