import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { readDicomDir, referencedFiles } from '../../common/dicom/dicomdir/readDicomDir';
import { referencedFileIdProblem } from '../../common/dicom/dicomdir/referencedFileIdProblem';

/** The files a DICOMDIR references, and the references refused because they lead outside its media folder. */
export interface DicomDirReferences {
  /** Absolute paths inside the media folder (some may not exist: media are often incomplete). */
  files: string[];
  refused: Array<{ id: string; reason: string }>;
}

/**
 * Reads a DICOMDIR and confines what it references to its media folder (the DICOMDIR's own
 * folder, PS3.10 8.2): an ID that climbs out (`..\outside\SECRET`), names an absolute path or a
 * drive, or reaches outside through a symbolic link on the media is refused, with a message that
 * names the DICOMDIR and the ID, and is not read.
 */
export function dicomDirReferences(dicomDir: string): DicomDirReferences {
  const { roots } = readDicomDir(new Uint8Array(readFileSync(dicomDir)), dicomDir, (b) => inflateRawSync(b));
  const media = path.dirname(path.resolve(dicomDir));
  const realMedia = realpathSync(media);
  const out: DicomDirReferences = { files: [], refused: [] };
  for (const { id } of referencedFiles(roots)) {
    const refuse = (why: string): void => void out.refused.push({ id, reason: `Referenced File ID "${id}" of ${dicomDir} ${why}: refused, the media may name only files in its own folder (${media})` });
    const problem = referencedFileIdProblem(id.split('\\'));
    if (problem) {
      refuse(problem);
      continue;
    }
    const file = path.join(media, ...id.split('\\'));
    let real: string;
    try {
      real = realpathSync(file);
    } catch {
      out.files.push(file); // missing: the import skips it as it skips any missing file
      continue;
    }
    if (path.relative(realMedia, real).split(path.sep)[0] === '..' || path.isAbsolute(path.relative(realMedia, real))) {
      refuse('leads outside the media folder through a symbolic link');
      continue;
    }
    out.files.push(file);
  }
  return out;
}
