import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concatBytes } from '../../common/bytes/concatBytes';
import { writeDicomFile, type WriteElement } from '../../common/dicom/write/dicomWriter';
import { runTool } from '../../../testing/node/runTool';
import { readDicomFile } from './readDicomFile';

// Names from PS3.5 Annexes H (Japanese), I (Korean), J (Chinese), encoded by glibc's iconv,
// written into real files, decoded by us and by dcmtk (dcm2json converts to UTF-8): both must agree,
// and must give back the original text.
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-charset-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function iconv(text: string, charset: string): Uint8Array {
  return new Uint8Array(execFileSync('iconv', ['-f', 'UTF-8', '-t', charset], { input: text }));
}

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);
const concat = (...parts: Uint8Array[]): Uint8Array => concatBytes(parts);

interface Case {
  name: string;
  scs: string;
  /** Encoded PN and LO values. */
  pn: Uint8Array;
  lo: Uint8Array;
  expectedPn: { Alphabetic?: string; Ideographic?: string; Phonetic?: string };
  expectedLo: string;
  /** dcmtk here converts through glibc iconv, which has no ISO 2022 IR 87 converter: the original text is the oracle. */
  dcmtkCannotDecode?: boolean;
}

/** ISO 2022 code extension: each group starts in the initial set, so switch per run (PS3.5 H.3.1). */
function jis(text: string): Uint8Array {
  return iconv(text, 'ISO-2022-JP');
}

const cases: Case[] = [
  {
    name: 'ISO_IR 100 (Latin-1)',
    scs: 'ISO_IR 100',
    pn: iconv('Müller^Jürgen', 'ISO-8859-1'),
    lo: iconv('Hôpital Île-de-France', 'ISO-8859-1'),
    expectedPn: { Alphabetic: 'Müller^Jürgen' },
    expectedLo: 'Hôpital Île-de-France',
  },
  {
    name: 'ISO_IR 192 (UTF-8)',
    scs: 'ISO_IR 192',
    pn: ascii('Wang^XiaoDong=王^小東'),
    lo: ascii('放射線科'),
    expectedPn: { Alphabetic: 'Wang^XiaoDong', Ideographic: '王^小東' },
    expectedLo: '放射線科',
  },
  {
    name: 'GB18030 (PS3.5 J.3)',
    scs: 'GB18030',
    pn: concat(ascii('Wang^XiaoDong='), iconv('王^小东', 'GB18030')),
    lo: iconv('北京协和医院', 'GB18030'),
    expectedPn: { Alphabetic: 'Wang^XiaoDong', Ideographic: '王^小东' },
    expectedLo: '北京协和医院',
  },
  {
    name: 'ISO 2022 IR 87 (Japanese kanji, PS3.5 H.3.1)',
    scs: '\\ISO 2022 IR 87',
    pn: concat(ascii('Yamada^Tarou='), jis('山田'), ascii('^'), jis('太郎'), ascii('='), jis('やまだ'), ascii('^'), jis('たろう')),
    lo: concat(jis('放射線科'), ascii(' CT')),
    expectedPn: { Alphabetic: 'Yamada^Tarou', Ideographic: '山田^太郎', Phonetic: 'やまだ^たろう' },
    expectedLo: '放射線科 CT',
    dcmtkCannotDecode: true,
  },
  {
    name: 'ISO 2022 IR 149 (Korean, PS3.5 I.2)',
    scs: '\\ISO 2022 IR 149',
    pn: concat(
      ascii('Hong^Gildong='),
      new Uint8Array([0x1b, 0x24, 0x29, 0x43]),
      iconv('洪', 'EUC-KR'),
      ascii('^'),
      new Uint8Array([0x1b, 0x24, 0x29, 0x43]),
      iconv('吉洞', 'EUC-KR'),
      ascii('='),
      new Uint8Array([0x1b, 0x24, 0x29, 0x43]),
      iconv('홍', 'EUC-KR'),
      ascii('^'),
      new Uint8Array([0x1b, 0x24, 0x29, 0x43]),
      iconv('길동', 'EUC-KR'),
    ),
    lo: concat(new Uint8Array([0x1b, 0x24, 0x29, 0x43]), iconv('서울대학교병원', 'EUC-KR')),
    expectedPn: { Alphabetic: 'Hong^Gildong', Ideographic: '洪^吉洞', Phonetic: '홍^길동' },
    expectedLo: '서울대학교병원',
  },
];

describe('Specific Character Set decoding (dcmtk as oracle)', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const elements: WriteElement[] = [
        { tag: 0x00080005, vr: 'CS', strings: [c.scs] },
        { tag: 0x00080016, vr: 'UI', strings: ['1.2.840.10008.5.1.4.1.1.7'] },
        { tag: 0x00080018, vr: 'UI', strings: ['2.25.1'] },
        { tag: 0x00080080, vr: 'LO', bytes: c.lo },
        { tag: 0x00100010, vr: 'PN', bytes: c.pn },
      ];
      const file = path.join(dir, `${c.name.replace(/\W+/g, '_')}.dcm`);
      await writeFile(file, writeDicomFile(elements, { sopClassUid: '1.2.840.10008.5.1.4.1.1.7', sopInstanceUid: '2.25.1' }));
      const ours = (await readDicomFile(file)).dataset;
      expect(ours['00100010']!.Value).toEqual([c.expectedPn]);
      expect(ours['00080080']!.Value).toEqual([c.expectedLo]);
      if (c.dcmtkCannotDecode) return;
      const dcmtk = JSON.parse((await runTool('dcm2json', ['-fc', file])).toString()) as typeof ours;
      expect(ours['00100010']).toEqual(dcmtk['00100010']);
      expect(ours['00080080']).toEqual(dcmtk['00080080']);
    });
  }
});
