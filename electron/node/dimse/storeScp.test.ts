import { spawn } from 'node:child_process';
import { inflateRawSync } from 'node:zlib';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StudyCache } from '../cache/studyCache';
import { startReceiver, type Receiver } from '../pacs/storeReceiver';
import { runTool } from '../../../testing/node/runTool';
import { datasetContent } from '../../../testing/node/datasetContent';
import { freePort } from '../../../testing/node/orthancPeer';
import { GENERATE_PRESETS, generateSyntheticStudies } from '../synthetic/generateSyntheticStudies';
import { loadSampleManifest, samplePath, sharedSamplesAvailable } from '../../../testing/node/sharedSamples';
import type { ScpEvent } from './storeScp';
import { readFileMeta } from './part10';
import { store } from './dimseScu';
import { parseDicom } from '../../common/dicom/parse/parseDicom';
import { stringValue, Tag } from '../../common/dicom/model/dicomJsonAccess';
import { missingHere } from '../../../testing/node/requiredInCi';

// dcmtk's storescu (a real, independent SCU) sends every shared sample in its own transfer
// syntax to our Storage SCP over three parallel associations (and our SCU, in a fourth, what
// storescu cannot send): each must land in the cache with its data set byte-exact.

interface Sample {
  file: string;
  sopClassUid: string;
  sopInstanceUid: string;
  transferSyntaxUid: string;
  dataset: Uint8Array;
}

/** storescu config (one context per SOP class × transfer syntax present) so each file goes as it is. */
function storescuConfig(samples: Sample[]): string {
  const pairs = [...new Set(samples.map((s) => `${s.sopClassUid}\\${s.transferSyntaxUid}`))];
  const syntaxes = [...new Set(samples.map((s) => s.transferSyntaxUid))];
  return [
    '[[TransferSyntaxes]]',
    ...syntaxes.flatMap((ts, i) => [`[TS${i}]`, `TransferSyntax1 = ${ts}`]),
    '[[PresentationContexts]]',
    '[Contexts]',
    ...pairs.map((p, i) => {
      const [sopClass, ts] = p.split('\\') as [string, string];
      return `PresentationContext${i + 1} = ${sopClass}\\TS${syntaxes.indexOf(ts)}`;
    }),
    '[[Profiles]]',
    '[All]',
    'PresentationContexts = Contexts',
    '',
  ].join('\n');
}

function run(cmd: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env: { ...process.env, TCP_NODELAY: '1' } });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });
}

/** dcmtk 3.6.7's storescu cannot send these as they are (it fails converting): our own C-STORE SCU sends them. */
const DCMTK_CANNOT_SEND = new Set(['1.2.840.10008.1.2.4.201', '1.2.840.10008.1.2.4.202', '1.2.840.10008.1.2.4.203', '1.2.840.10008.1.2.8.1']);

/** dcmtk and gdcm encoders for the syntaxes that no storable shared sample carries. */
const TRANSCODERS: [string, string[]][] = [
  ['dcmcjpls', []],
  ['dcmcjpls', ['+en']],
  ['dcmcjpeg', ['+el']],
  ['dcmcjpeg', ['+e1']],
  ['dcmcrle', []],
  ['gdcmconv', ['--j2k']],
  ['dcmconv', ['+ti']],
];

/** Every syntax the test must have sent: uncompressed, big endian, deflated, and each compression family. */
const EVERY_SYNTAX_SENT = [
  '1.2.840.10008.1.2', '1.2.840.10008.1.2.1', '1.2.840.10008.1.2.1.99', '1.2.840.10008.1.2.2', '1.2.840.10008.1.2.4.50', '1.2.840.10008.1.2.4.51',
  '1.2.840.10008.1.2.4.57', '1.2.840.10008.1.2.4.70', '1.2.840.10008.1.2.4.80', '1.2.840.10008.1.2.4.81', '1.2.840.10008.1.2.4.90', '1.2.840.10008.1.2.4.91',
  '1.2.840.10008.1.2.5', '1.2.840.10008.1.2.8.1',
];

let dir: string;
let cache: StudyCache;
let receiver: Receiver;
const events: ScpEvent[] = [];
const samples: Sample[] = [];

describe.skipIf(missingHere(sharedSamplesAvailable(), 'the shared DICOM samples (../shared/dicom-samples)'))('Storage SCP receiving from dcmtk storescu', () => {
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-scp-'));
    cache = new StudyCache(path.join(dir, 'data'));
    receiver = await startReceiver(cache, { aeTitle: 'LIGHTBOX_TEST', port: 0, host: '127.0.0.1', onEvent: (e) => events.push(e) });
    // The generator's images transcoded by dcmtk and gdcm: the syntaxes no storable sample has.
    const manifest = await generateSyntheticStudies({ outDir: path.join(dir, 'gen'), preset: GENERATE_PRESETS.tiny!, onlySeries: ['axial-soft-thin'], currentOnly: true, seed: 'scp' });
    const folder = path.join(dir, 'gen', manifest.studies[0]!.series[0]!.folder);
    const transcoded = await Promise.all(
      TRANSCODERS.map(async ([tool, args], i) => {
        const output = path.join(dir, `transcoded-${i}.dcm`);
        // Each its own instance: the same SOP Instance UID in two encodings would be one instance.
        await runTool(tool, [...args, path.join(folder, `${String(i + 1).padStart(4, '0')}.dcm`), output]);
        return output;
      }),
    );
    const entries = [...loadSampleManifest().map((e) => ({ ...e, path: samplePath(e.path), relative: e.path })), ...transcoded.map((f) => ({ path: f, relative: f, dcmtkReads: true, transferSyntaxUID: 'transcoded' }))];
    // Every sample dcmtk reads and that has a complete file meta header (storescu needs it to choose the context).
    const seen = new Set<string>();
    for (const entry of entries) {
      // (The full CT series add bulk, not coverage: the receive benchmark sends those.)
      if (!entry.dcmtkReads || !entry.transferSyntaxUID || /^(malformed|series)\//.test(entry.relative)) continue;
      const bytes = new Uint8Array(readFileSync(entry.path));
      let meta: ReturnType<typeof readFileMeta>;
      try {
        meta = readFileMeta(bytes, entry.path);
      } catch {
        continue; // no SOP Class/Instance UID in its meta header: not storable by any SCU
      }
      const dataset = parseDicom(bytes, { source: entry.path, inflateRaw: (b) => inflateRawSync(b) }).dataset;
      // storescu refuses files without SOP UIDs; our SCP refuses instances without study/series UIDs (tested below).
      if (stringValue(dataset, Tag.SOPInstanceUID) !== meta.sopInstanceUid || !stringValue(dataset, Tag.SOPClassUID)) continue;
      if (!stringValue(dataset, Tag.StudyInstanceUID) || !stringValue(dataset, Tag.SeriesInstanceUID)) continue;
      if (seen.has(meta.sopInstanceUid)) continue; // the same instance in two encodings: keep the first
      seen.add(meta.sopInstanceUid);
      samples.push({ file: entry.path, ...meta, dataset: bytes.subarray(meta.datasetOffset) });
    }
  }, 60_000);
  afterAll(async () => {
    await receiver?.stop();
    cache?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('stores every transfer syntax byte-exact over three parallel associations', async () => {
    const config = path.join(dir, 'storescu.cfg');
    writeFileSync(config, storescuConfig(samples));
    const byDcmtk = samples.filter((s) => !DCMTK_CANNOT_SEND.has(s.transferSyntaxUid));
    const thirds = [0, 1, 2].map((k) => byDcmtk.filter((_, i) => i % 3 === k));
    const peer = { aeTitle: 'LIGHTBOX_TEST', host: '127.0.0.1', port: receiver.port };
    const [ourResults, ...runs] = await Promise.all([
      store(peer, 'OUR_SCU', samples.filter((s) => DCMTK_CANNOT_SEND.has(s.transferSyntaxUid)).map((s) => ({ source: s.file, bytes: new Uint8Array(readFileSync(s.file)) }))),
      ...thirds.map((group) => run('storescu', ['-aec', 'LIGHTBOX_TEST', '-xf', config, 'All', '127.0.0.1', String(receiver.port), ...group.map((s) => s.file)])),
    ]);
    for (const r of runs) expect(`${r.output.slice(-2000)} exit ${r.code}`).toMatch(/ exit 0$/);
    expect(ourResults.filter((r) => r.status !== 0)).toEqual([]);
    const syntaxes = new Set(samples.map((s) => s.transferSyntaxUid));
    for (const ts of EVERY_SYNTAX_SENT) expect(syntaxes.has(ts), ts).toBe(true);
    let byteExact = 0;
    const normalised: { sample: Sample; ours: string }[] = [];
    for (const sample of samples) {
      const stored = cache.index.findInstance(sample.sopInstanceUid);
      expect(stored, sample.file).toBeDefined();
      const bytes = cache.readObject(stored!.objectPath);
      const meta = readFileMeta(bytes, sample.file);
      expect(meta.transferSyntaxUid, sample.file).toBe(sample.transferSyntaxUid);
      if (Buffer.compare(bytes.subarray(meta.datasetOffset), sample.dataset) === 0) byteExact++;
      else normalised.push({ sample, ours: path.join(cache.paths.objects, stored!.objectPath) });
    }
    // dcmtk does not send every file verbatim: it drops trailing padding and group lengths, fixes
    // odd lengths, re-deflates. For those, dcmtk's own storescp receiving the same send is the
    // oracle: what it received must be what we stored, value for value.
    expect(byteExact).toBeGreaterThan(0);
    const oracleDir = path.join(dir, 'storescp');
    mkdirSync(oracleDir);
    const oraclePort = await freePort();
    const storescp = spawn('storescp', ['-od', oracleDir, '-uf', '+xa', '-aet', 'ORACLE', String(oraclePort)], { env: { ...process.env, TCP_NODELAY: '1' }, stdio: 'ignore' });
    try {
      await new Promise((r) => setTimeout(r, 300));
      const resent = normalised.filter((n) => !DCMTK_CANNOT_SEND.has(n.sample.transferSyntaxUid));
      const sent = await run('storescu', ['-aec', 'ORACLE', '-xf', config, 'All', '127.0.0.1', String(oraclePort), ...resent.map((n) => n.sample.file)]);
      expect(`${sent.output.slice(-2000)} exit ${sent.code}`).toMatch(/ exit 0$/);
      for (const n of resent) {
        // storescp -uf names files MODALITY.SOPInstanceUID
        const candidates = readdirSync(oracleDir).filter((f) => f.endsWith(`.${n.sample.sopInstanceUid}`));
        expect(candidates.length, n.sample.file).toBe(1);
        expect(datasetContent(n.ours), n.sample.file).toBe(datasetContent(path.join(oracleDir, candidates[0]!)));
      }
    } finally {
      storescp.kill();
    }
    expect(events.filter((e) => e.type === 'association').length).toBe(4);
    expect(events.filter((e) => e.type === 'store-failed')).toEqual([]);
  }, 120_000);
});
