import { copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDicomFile, type WriteElement } from '../../common/dicom/write/dicomWriter';
import { GENERATE_PRESETS, generateSyntheticStudies } from '../synthetic/generateSyntheticStudies';
import { importPaths } from './importPaths';
import { StudyCache } from './studyCache';

// Issue 19: a DICOMDIR whose Referenced File ID is `..\outside\SECRET` imported a file from
// outside its media folder. The DICOMDIR is written here with our writer (PS3.10 7.2, PS3.3 F.5),
// next to a real instance in its media and another one outside it.
let dir: string;
let media: string;
let outsideSecret: string;

/** A directory record (PS3.3 F.3.2.2) without offsets: readers nest such records by order and type. */
function record(type: string, attributes: WriteElement[]): WriteElement[] {
  return [
    { tag: 0x00041400, vr: 'UL', numbers: [0] },
    { tag: 0x00041410, vr: 'US', numbers: [0xffff] },
    { tag: 0x00041420, vr: 'UL', numbers: [0] },
    { tag: 0x00041430, vr: 'CS', strings: [type] },
    ...attributes,
  ];
}

const image = (fileId: string[]): WriteElement[] => record('IMAGE', [{ tag: 0x00041500, vr: 'CS', strings: fileId }]);

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-dicomdir-'));
  media = path.join(dir, 'media');
  const generate = async (seed: string): Promise<string> => {
    const m = await generateSyntheticStudies({ outDir: path.join(dir, seed), preset: GENERATE_PRESETS.tiny!, onlySeries: ['scout'], currentOnly: true, seed });
    return path.join(dir, seed, m.studies[0]!.series[0]!.folder, '0001.dcm');
  };
  await mkdir(path.join(media, 'IMAGES'), { recursive: true });
  await mkdir(path.join(dir, 'outside'));
  await copyFile(await generate('inside'), path.join(media, 'IMAGES', 'IM1'));
  outsideSecret = path.join(dir, 'outside', 'SECRET');
  await copyFile(await generate('outside'), outsideSecret);
  // A link on the media that leads out of it.
  await symlink(path.join(dir, 'outside'), path.join(media, 'LINK'));
  const records = [
    record('PATIENT', [{ tag: 0x00100020, vr: 'LO', strings: ['PDI-1'] }]),
    record('STUDY', [{ tag: 0x0020000d, vr: 'UI', strings: ['1.2.3'] }]),
    record('SERIES', [{ tag: 0x0020000e, vr: 'UI', strings: ['1.2.3.4'] }]),
    image(['IMAGES', 'IM1']),
    image(['..', 'outside', 'SECRET']),
    image(['LINK', 'SECRET']),
    image(outsideSecret.split('/')), // '\tmp\…\outside\SECRET': an absolute path
    image(['C:', 'outside', 'SECRET']),
  ];
  await writeFile(
    path.join(media, 'DICOMDIR'),
    writeDicomFile(
      [
        { tag: 0x00041130, vr: 'CS', strings: ['LIGHTBOX_TEST'] },
        { tag: 0x00041200, vr: 'UL', numbers: [0] },
        { tag: 0x00041202, vr: 'UL', numbers: [0] },
        { tag: 0x00041212, vr: 'US', numbers: [0] },
        { tag: 0x00041220, vr: 'SQ', items: records },
      ],
      { sopClassUid: '1.2.840.10008.1.3.10', sopInstanceUid: '2.25.1919191919' },
    ),
  );
}, 120_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('DICOMDIR references confined to their media folder', () => {
  it('imports what the media holds and refuses, by DICOMDIR and ID, every reference that leads out of it', async () => {
    const cache = new StudyCache(path.join(dir, 'data'));
    try {
      const dicomDir = path.join(media, 'DICOMDIR');
      const report = await importPaths(cache, [dicomDir]);
      expect(report.stored).toBe(1);
      expect(cache.index.counts().instances).toBe(1);
      const refusal = (id: string, why: string) => ({
        file: `${dicomDir} (Referenced File ID ${id})`,
        reason: `Referenced File ID "${id}" of ${dicomDir} ${why}: refused, the media may name only files in its own folder (${media})`,
      });
      expect(report.failed).toEqual(
        [
          refusal('..\\outside\\SECRET', 'steps out of the media folder ("..")'),
          refusal('LINK\\SECRET', 'leads outside the media folder through a symbolic link'),
          refusal(outsideSecret.split('/').join('\\'), 'is an absolute path'),
          refusal('C:\\outside\\SECRET', 'is an absolute path'),
        ].sort((a, b) => a.file.localeCompare(b.file)),
      );
      expect(report.skipped.map((s) => s.file)).toEqual([dicomDir]);
    } finally {
      cache.close();
    }
  });
});
