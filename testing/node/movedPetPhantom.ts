import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Vec3 } from '../../electron/common/dicom/geometry/vec3';
import { dumpText, type DumpElement } from '../common/dump2dcmText';
import { runTool } from './runTool';

/*
 * The PET/CT phantom's PET moved out of the CT's Frame of Reference, for the tests of fusion
 * across Frames of Reference (the host integration test and its e2e): a copy of the PET series
 * with its own series, instances and Frame of Reference UID, every slice shifted by a known
 * translation (rewritten by dcmodify, not by Lightbox); and a Spatial Registration that undoes
 * the shift as another system writes it (a dump2dcm dump).
 */

/** Where the moved PET's anatomy is: each of its points is the original's plus this (LPS mm). */
export const MOVED_PET_SHIFT: Vec3 = [12.5, -7.25, 20];
export const MOVED_PET_FRAME_OF_REFERENCE = '2.25.27182818284590452353602874713526624977';
export const MOVED_PET_SERIES = '2.25.31415926535897932384626433832795028841';

/** Moves the PET files copied into `folder` in place (Series Number 4; Series Description when given). */
export async function movePetCopy(folder: string, seriesDescription?: string): Promise<void> {
  for (const [n, f] of readdirSync(folder).filter((x) => x.endsWith('.dcm')).sort().entries()) {
    const file = path.join(folder, f);
    const ipp = (await runTool('dcmdump', ['-q', '+P', '0020,0032', file])).toString().match(/\[([^\]]+)\]/)![1]!.split('\\').map(Number);
    const shifted = ipp.map((x, i) => x + MOVED_PET_SHIFT[i]!).join('\\');
    const description = seriesDescription === undefined ? [] : ['-m', `(0008,103e)=${seriesDescription}`];
    await runTool('dcmodify', ['-nb', '-m', `(0020,0052)=${MOVED_PET_FRAME_OF_REFERENCE}`, '-m', `(0020,000e)=${MOVED_PET_SERIES}`, '-m', `(0008,0018)=${MOVED_PET_SERIES}.${n + 1}`, '-m', '(0020,0011)=4', ...description, '-m', `(0020,0032)=${shifted}`, file]);
  }
}

export interface HandmadeRegistration {
  studyInstanceUid: string;
  /** The CT's Frame of Reference: the registered space. */
  ctFrameOfReference: string;
  /** Content Date (DA): which of several registrations of the pair is the newest. */
  contentDate: string;
  patientName?: string;
}

/**
 * A Spatial Registration (PS3.3 C.20.2) as a dump2dcm dump: registered space the CT's (identity),
 * and the moved PET's point q is the CT's q − MOVED_PET_SHIFT.
 */
export function handmadeRegistrationDump(r: HandmadeRegistration): string {
  const [x, y, z] = MOVED_PET_SHIFT;
  const item = (frameOfReference: string, matrix: string): DumpElement[] => [
    ['0020,0052', 'UI', frameOfReference],
    ['0070,0309', [[['0070,030a', [[['0070,030c', 'CS', 'RIGID'], ['3006,00c6', 'DS', matrix]]]]]]],
  ];
  return dumpText([
    ['0008,0016', 'UI', '1.2.840.10008.5.1.4.1.1.66.1'],
    ['0008,0018', 'UI', '2.25.1618033988749894848204586834365638117'],
    ['0008,0023', 'DA', r.contentDate],
    ['0008,0033', 'TM', '120000'],
    ['0008,0060', 'CS', 'REG'],
    ...(r.patientName === undefined ? [] : [['0010,0010', 'PN', r.patientName] as DumpElement]),
    ['0010,0020', 'LO', 'LBX-SYN-PET-0001'],
    ['0020,000d', 'UI', r.studyInstanceUid],
    ['0020,000e', 'UI', '2.25.1414213562373095048801688724209698078'],
    ['0020,0052', 'UI', r.ctFrameOfReference],
    ['0070,0080', 'CS', 'HANDMADE'],
    ['0070,0308', [item(r.ctFrameOfReference, '1\\0\\0\\0\\0\\1\\0\\0\\0\\0\\1\\0\\0\\0\\0\\1'), item(MOVED_PET_FRAME_OF_REFERENCE, `1\\0\\0\\${-x}\\0\\1\\0\\${-y}\\0\\0\\1\\${-z}\\0\\0\\0\\1`)]],
  ]);
}
