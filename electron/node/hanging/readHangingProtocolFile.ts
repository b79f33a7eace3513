import { readFileSync } from 'node:fs';
import { HANGING_PROTOCOL_SOP_CLASS, protocolFromDicom, type ImportedProtocol } from '../../common/hanging/dicomHangingProtocol';
import { validateProtocol } from '../../common/hanging/validateProtocol';
import { readDicomFileSync } from '../dicom/readDicomFile';

/**
 * A protocol file as Lightbox's protocol: JSON in its own form (validated), or a DICOM Hanging
 * Protocol instance (converted, with notes on what did not carry over). Errors name the file.
 */
export function readHangingProtocolFile(file: string): ImportedProtocol {
  const bytes = readFileSync(file);
  const trimmed = bytes.subarray(0, 64).toString('utf8').trimStart();
  if (trimmed.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(bytes.toString('utf8'));
    } catch (e) {
      throw new Error(`${file}: not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
    return { protocol: validateProtocol(json, file), notes: [] };
  }
  let parsed: ReturnType<typeof readDicomFileSync>;
  try {
    parsed = readDicomFileSync(file);
  } catch (e) {
    throw new Error(`${file}: neither a protocol JSON file nor DICOM: ${e instanceof Error ? e.message : String(e)}`);
  }
  const sopClass = String(parsed.dataset['00080016']?.Value?.[0] ?? '');
  if (sopClass !== HANGING_PROTOCOL_SOP_CLASS) throw new Error(`${file}: a DICOM file, but not a Hanging Protocol instance (SOP Class ${sopClass || 'missing'}, expected ${HANGING_PROTOCOL_SOP_CLASS})`);
  const imported = protocolFromDicom(parsed.dataset, file);
  return { protocol: validateProtocol(imported.protocol, file), notes: imported.notes };
}
