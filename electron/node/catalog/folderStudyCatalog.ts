import { openSync, readSync, closeSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { DicomJsonDataset, StudySearchQuery, StudySummary } from '../../common/contract/hostContract';
import { HostError } from '../../common/contract/hostError';
import { DicomParseError } from '../../common/dicom/dicomErrors';
import { stringValue, Tag } from '../../common/dicom/model/dicomJsonAccess';
import { describePixels } from '../../common/dicom/model/pixelDescription';
import { matchesStudyQuery, summarizeStudy } from '../../common/dicom/model/studySummary';
import type { ParsedDicom } from '../../common/dicom/parse/parsedDicom';
import { isBigEndian, transferSyntaxName } from '../../common/dicom/transferSyntax';
import { readDicomFileSync } from '../dicom/readDicomFile';
import type { StudyCatalog } from '../host/studyCatalog';

interface CatalogInstance {
  file: string;
  sizeBytes: number;
  parsed: ParsedDicom;
}

export interface FolderScanReport {
  files: number;
  instances: number;
  /** Files that are not DICOM or are broken, with the reason. */
  rejected: Array<{ file: string; reason: string }>;
}

/**
 * A read-only catalog of the DICOM files under a folder, indexed in memory from header-only
 * parses. It serves the demo set and folders opened directly; the local study cache (SQLite,
 * decode-once pixel cache) replaces it for imported studies.
 */
export class FolderStudyCatalog implements StudyCatalog {
  private readonly studies = new Map<string, CatalogInstance[]>();

  static async scan(root: string): Promise<{ catalog: FolderStudyCatalog; report: FolderScanReport }> {
    const catalog = new FolderStudyCatalog();
    const report: FolderScanReport = { files: 0, instances: 0, rejected: [] };
    const entries = await readdir(root, { withFileTypes: true, recursive: true });
    for (const entry of entries) {
      if (!entry.isFile() || entry.name.endsWith('.json') || entry.name.startsWith('.')) continue;
      const file = path.join(entry.parentPath, entry.name);
      report.files++;
      try {
        const parsed = readDicomFileSync(file);
        const study = stringValue(parsed.dataset, Tag.StudyInstanceUID);
        if (!study) throw new DicomParseError(file, 'bad-structure', 'no Study Instance UID');
        const list = catalog.studies.get(study) ?? [];
        list.push({ file, sizeBytes: (await stat(file)).size, parsed });
        catalog.studies.set(study, list);
        report.instances++;
      } catch (error) {
        report.rejected.push({ file, reason: error instanceof Error ? error.message : String(error) });
      }
    }
    return { catalog, report };
  }

  async search(query: StudySearchQuery): Promise<StudySummary[]> {
    const all = [...this.studies.values()].map((instances) => summarizeStudy(instances.map((i) => ({ dataset: i.parsed.dataset, sizeBytes: i.sizeBytes }))));
    const found = all.filter((s) => matchesStudyQuery(s, query)).sort((a, b) => b.studyDate.localeCompare(a.studyDate));
    return query.limit ? found.slice(0, query.limit) : found;
  }

  async getStudyMetadata(studyUid: string): Promise<DicomJsonDataset[] | undefined> {
    return this.studies.get(studyUid)?.map((i) => i.parsed.dataset);
  }

  async getSeriesVolume(): Promise<Uint8Array | undefined> {
    return undefined;
  }

  async getFrame(studyUid: string, seriesUid: string, instanceUid: string, frame: number): Promise<Uint8Array | undefined> {
    const instance = this.studies
      .get(studyUid)
      ?.find((i) => stringValue(i.parsed.dataset, Tag.SeriesInstanceUID) === seriesUid && stringValue(i.parsed.dataset, Tag.SOPInstanceUID) === instanceUid);
    const location = instance?.parsed.pixelData;
    if (!instance || !location) return undefined;
    if (location.encapsulated) {
      throw new HostError(501, 'unsupported-transfer-syntax', `frames of ${transferSyntaxName(instance.parsed.transferSyntaxUid)} need a decoder`);
    }
    const pixels = describePixels(instance.parsed.dataset);
    if (frame > pixels.numberOfFrames) return undefined;
    const bytes = new Uint8Array(pixels.frameBytes);
    const fd = openSync(instance.file, 'r');
    try {
      readSync(fd, bytes, 0, bytes.length, location.offset + (frame - 1) * pixels.frameBytes);
    } finally {
      closeSync(fd);
    }
    // Frames are served little endian whatever the file's byte order.
    if (isBigEndian(instance.parsed.transferSyntaxUid) && pixels.bitsAllocated > 8) {
      const size = pixels.bitsAllocated / 8;
      for (let i = 0; i + size <= bytes.length; i += size) bytes.subarray(i, i + size).reverse();
    }
    return bytes;
  }

  async findStudyByAccession(accessionNumber: string): Promise<string | undefined> {
    for (const [uid, instances] of this.studies) if (stringValue(instances[0]!.parsed.dataset, Tag.AccessionNumber) === accessionNumber) return uid;
    return undefined;
  }
}
