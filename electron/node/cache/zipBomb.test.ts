import { spawn } from 'node:child_process';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENERATE_PRESETS, generateSyntheticStudies } from '../synthetic/generateSyntheticStudies';
import { DEFAULT_ZIP_LIMITS } from '../config/resourceLimits';
import { zipEntries } from './zipEntries';
import { canReadProcessMemory } from '../../../testing/node/processMemory';
import { missingHere } from '../../../testing/node/requiredInCi';

// Issue 19: a 1 MiB zip holding a 1 GiB entry took 3.1 GiB of memory on import. Bombs are made
// here (our own writer, so that a header can also lie about its entry's size) and imported by
// `lightbox import` in a process of its own, whose peak memory it reports itself.
const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const BIN = path.resolve(import.meta.dirname, '../../../bin/lightbox.js');

interface ZipItem {
  name: string;
  /** Deflated bytes (or stored ones, method 0). */
  data: Uint8Array;
  method: 0 | 8;
  crc: number;
  uncompressed: number;
  /** What the headers say instead of the truth: how a crafted bomb lies. */
  declaredUncompressed?: number;
}

/** A zip archive (APPNOTE.TXT 4.3): local headers and data, central directory, end record. */
async function writeZip(file: string, items: ZipItem[]): Promise<void> {
  const out = await open(file, 'w');
  const central: Buffer[] = [];
  let offset = 0;
  for (const item of items) {
    const name = Buffer.from(item.name);
    const size = item.declaredUncompressed ?? item.uncompressed;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(item.method, 8);
    local.writeUInt32LE(item.crc, 14);
    local.writeUInt32LE(item.data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(item.method, 10);
    entry.writeUInt32LE(item.crc, 16);
    entry.writeUInt32LE(item.data.length, 20);
    entry.writeUInt32LE(size, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    central.push(entry, name);
    await out.write(Buffer.concat([local, name]));
    await out.write(item.data);
    offset += 30 + name.length + item.data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(items.length, 8);
  end.writeUInt16LE(items.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  await out.write(Buffer.concat([cd, end]));
  await out.close();
}

/** `size` zero bytes, deflated a MiB at a time (never held whole). */
async function deflatedZeros(size: number): Promise<ZipItem> {
  const deflate = createDeflateRaw({ level: 9 });
  const parts: Buffer[] = [];
  deflate.on('data', (d: Buffer) => parts.push(d));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  const zeros = Buffer.alloc(MiB);
  let crc = 0;
  for (let written = 0; written < size; written += MiB) {
    crc = crc32(zeros, crc);
    if (!deflate.write(zeros)) await new Promise((r) => deflate.once('drain', r));
  }
  deflate.end();
  await done;
  return { name: 'IMAGES/BOMB.DCM', data: Buffer.concat(parts), method: 8, crc, uncompressed: size };
}

/** `lightbox import --json` in its own process: the report, and the process's peak resident memory. */
function importInChild(dataDir: string, inputs: string[]): Promise<{ report: { stored: number; failed: Array<{ file: string; reason: string }> }; peakBytes: number }> {
  const probe = `data:text/javascript,${encodeURIComponent("process.on('exit', () => process.stderr.write(`PEAK_RSS_KIB=${process.resourceUsage().maxRSS}\\n`));")}`;
  const child = spawn(process.execPath, ['--import', probe, BIN, '--data-dir', dataDir, 'import', '--json', ...inputs], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('exit', () => {
      const peak = /PEAK_RSS_KIB=(\d+)/.exec(stderr);
      if (!peak) return reject(new Error(`lightbox import reported no memory: ${stderr}`));
      try {
        resolve({ report: JSON.parse(stdout), peakBytes: Number(peak[1]) * 1024 });
      } catch {
        reject(new Error(`lightbox import printed no report: ${stdout}\n${stderr}`));
      }
    });
  });
}

describe.skipIf(missingHere(canReadProcessMemory, "a process's memory (Linux)"))('zip bombs on import', () => {
  let dir: string;
  let dicom: ZipItem;
  let bomb: ZipItem;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-zipbomb-'));
    const manifest = await generateSyntheticStudies({ outDir: path.join(dir, 'gen'), preset: GENERATE_PRESETS.tiny!, onlySeries: ['scout'], currentOnly: true, seed: 'zip-bomb' });
    const bytes = await readFile(path.join(dir, 'gen', manifest.studies[0]!.series[0]!.folder, '0001.dcm'));
    dicom = { name: 'IMAGES/SCOUT.DCM', data: deflateRawSync(bytes), method: 8, crc: crc32(bytes), uncompressed: bytes.length };
    bomb = await deflatedZeros(1 * GiB);
    await writeZip(path.join(dir, 'clean.zip'), [dicom]);
    await writeZip(path.join(dir, 'bomb.zip'), [dicom, bomb]);
    // The same bomb with a header that says 64 MiB: no ratio to see, it must be stopped while inflating.
    await writeZip(path.join(dir, 'lying-bomb.zip'), [{ ...bomb, name: 'IMAGES/LIAR.DCM', declaredUncompressed: 64 * MiB }]);
  }, 120_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('refuses a 1 MiB zip holding a 1 GiB entry, naming the zip and the entry, imports the rest, and stays under +200 MiB', async () => {
    expect(bomb.data.length).toBeLessThan(2 * MiB);
    const clean = await importInChild(path.join(dir, 'data-clean'), [path.join(dir, 'clean.zip')]);
    expect(clean.report.stored).toBe(1);
    const bombed = await importInChild(path.join(dir, 'data-bomb'), [path.join(dir, 'bomb.zip'), path.join(dir, 'lying-bomb.zip')]);
    console.log(`zip bomb import: peak resident memory ${(bombed.peakBytes / MiB).toFixed(0)} MiB, a clean zip's ${(clean.peakBytes / MiB).toFixed(0)} MiB`);
    expect(bombed.report.stored).toBe(1); // the DICOM file beside the bomb
    expect(bombed.report.failed).toEqual([
      {
        file: `${path.join(dir, 'bomb.zip')}!/IMAGES/BOMB.DCM`,
        reason: `zip bomb refused: entry "IMAGES/BOMB.DCM" of ${path.join(dir, 'bomb.zip')} would inflate ${(bomb.data.length / 1024).toFixed(1).replace(/\.0$/, '')} KiB to 1 GiB (${Math.round(GiB / bomb.data.length)}:1, more than the 200:1 an import takes, LIGHTBOX_MAX_ZIP_RATIO)`,
      },
      {
        file: `${path.join(dir, 'lying-bomb.zip')}!/IMAGES/LIAR.DCM`,
        reason: `zip bomb refused: entry "IMAGES/LIAR.DCM" of ${path.join(dir, 'lying-bomb.zip')} inflates past the 64 MiB its header declares`,
      },
    ]);
    expect(bombed.peakBytes - clean.peakBytes).toBeLessThan(200 * MiB);
  }, 180_000);

  it('refuses an archive whose entries add up to more than the total limit, before reading any', async () => {
    expect(() => zipEntries(path.join(dir, 'bomb.zip'), { ...DEFAULT_ZIP_LIMITS, totalBytes: 512 * MiB })).toThrow(
      /^zip archive refused: its entries would inflate to 1 GiB, more than the 512 MiB one archive may hold \(LIGHTBOX_MAX_ZIP_BYTES\)$/,
    );
    // Within the limits, the same entries list and the DICOM one reads back byte-exact.
    const zip = zipEntries(path.join(dir, 'bomb.zip'));
    try {
      expect(zip.entries.map((e) => [e.name, e.size])).toEqual([
        ['IMAGES/SCOUT.DCM', dicom.uncompressed],
        ['IMAGES/BOMB.DCM', GiB],
      ]);
      expect(crc32(zip.entries[0]!.read())).toBe(dicom.crc);
    } finally {
      zip.close();
    }
  });
});
