import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { foldText } from '../../electron/node/cache/cacheIndex';
import { importPaths } from '../../electron/node/cache/importPaths';
import { createCacheKeyFile, readCacheKeyFile, type CacheKey } from '../../electron/node/cache/cacheKey';
import { turnOnCacheEncryption } from '../../electron/node/cache/encryptCache';
import { StudyCache } from '../../electron/node/cache/studyCache';
import { readDicomFileSync } from '../../electron/node/dicom/readDicomFile';
import type { Benchmark } from '../harness/benchmarkTypes';
import { generatedCt } from '../harness/benchData';
import { startProductHost, type ProductHost } from '../harness/productHost';
import { interleave, percentile, summarize } from '../harness/stats';

const DATA_ROOT = path.join(os.tmpdir(), 'lightbox-bench-data');

/**
 * A cache holding the generated 512×512×600 CT, with its decode-once block built (made once),
 * served by the product's host process; `encrypted`: an encrypted cache (its key made once beside
 * it, handed to the host as the desktop app hands it).
 */
async function hostWithLargeCt(encrypted = false): Promise<{ host: ProductHost; dataDir: string; studyUid: string; seriesUid: string }> {
  const files = await generatedCt(512, 600);
  const dataDir = path.join(DATA_ROOT, encrypted ? 'cache-512x512x600-encrypted' : 'cache-512x512x600');
  let key: CacheKey | undefined;
  if (encrypted) {
    const keyFile = path.join(DATA_ROOT, 'cache-512x512x600-encrypted.key');
    key = existsSync(keyFile) ? readCacheKeyFile(keyFile) : createCacheKeyFile(keyFile);
    turnOnCacheEncryption(dataDir, key);
  }
  const cache = new StudyCache(dataDir, 'bench', key ? { key } : {});
  if (cache.index.counts().instances < files.length) await importPaths(cache, [path.dirname(files[0]!)]);
  cache.close();
  const ds = readDicomFileSync(files[0]!).dataset;
  const studyUid = String(ds['0020000D']!.Value![0]);
  const seriesUid = String(ds['0020000E']!.Value![0]);
  const host = await startProductHost({ dataDir, ...(key ? { cacheKey: key.bytes } : {}) });
  await host.client.call('getSeriesVolumeInfo', { params: { studyUid, seriesUid } });
  return { host, dataDir, studyUid, seriesUid };
}

/** Opening a series from the cache, as the renderer does: volume info, then the block, from the host process. */
export const volumeOpenVsCat: Benchmark = {
  name: 'cache-volume-open-vs-cat',
  description: 'open a 512×512×600 CT from the cache as the renderer does (getSeriesVolumeInfo, then getSeriesVolume from the host process over loopback HTTP, read into one buffer) vs `cat BLOCK > /dev/null`, page cache warm',
  async run() {
    const { host, dataDir, studyUid, seriesUid } = await hostWithLargeCt();
    try {
      const pixels = path.join(dataDir, 'cache', 'pixels');
      const raw = path.join(pixels, (readdirSync(pixels, { recursive: true }) as string[]).find((f) => f.endsWith('.raw'))!);
      const params = { studyUid, seriesUid };
      const open = async (): Promise<number> => {
        const t0 = performance.now();
        const info = await host.client.call('getSeriesVolumeInfo', { params });
        const block = await host.client.readBinary('getSeriesVolume', { params }, info.byteLength);
        if (block.byteLength !== info.byteLength) throw new Error('short block');
        return performance.now() - t0;
      };
      // cat's own wall time, measured inside the shell (not the spawn from this process).
      const cat = async (): Promise<number> => {
        const ns = execFileSync('sh', ['-c', `s=$(date +%s%N); cat "${raw}" > /dev/null; e=$(date +%s%N); echo $((e - s))`]).toString();
        return Number(ns) / 1e6;
      };
      await cat();
      await open();
      const [o, c] = await interleave(9, open, cat);
      const ours = summarize('Lightbox: volume info + block from the host process, read into one buffer', 'ms', o);
      const peer = summarize('cat of the same block', 'ms', c);
      const ratio = Math.round((ours.median / peer.median) * 100) / 100;
      return { ours, peer, ratio, ratioMeaning: 'lower is better: our open time ÷ cat time', goal: { ratio: 1.2, comparison: '<=', met: ratio <= 1.2 }, notes: ['cat includes its process start (about 1 ms)', 'the block is streamed from its file by the host process and received over loopback HTTP, as by the renderer'] };
    } finally {
      await host.close();
    }
  },
};

/** A synthetic index of `n` studies, one instance each, inserted in bulk (made once). */
function syntheticIndex(n: number): string {
  const dir = path.join(DATA_ROOT, `index-${n}`);
  const file = path.join(dir, 'cache', 'index.sqlite');
  if (existsSync(file)) return dir;
  mkdirSync(dir, { recursive: true });
  const cache = new StudyCache(dir);
  const db = cache.index.db;
  const family = ['MÜLLER', 'SMITH', 'GARCÍA', 'NGUYEN', 'YAMADA', 'KOWALSKI', 'DUBOIS', 'ROSSI', 'OKAFOR', 'LARSEN'];
  const insert = db.transaction(() => {
    const p = db.prepare('INSERT INTO patients (patient_id, name, name_folded, birth_date, sex) VALUES (?, ?, ?, ?, ?)');
    const s = db.prepare('INSERT INTO studies (study_uid, patient_ref, study_date, accession, description, modalities) VALUES (?, ?, ?, ?, ?, ?)');
    const se = db.prepare('INSERT INTO series (series_uid, study_ref, modality, series_number) VALUES (?, ?, ?, 1)');
    const i = db.prepare(
      "INSERT INTO instances (sop_uid, series_ref, transfer_syntax, size_bytes, sha256, object_path, metadata, stored_at) VALUES (?, ?, '1.2.840.10008.1.2.1', 1000, '', '', '{}', '')",
    );
    for (let k = 0; k < n; k++) {
      const name = `${family[k % family.length]}^PATIENT${k}`;
      const patient = Number(p.run(`P${k}`, name, foldText(name), '19600101', k % 2 ? 'F' : 'M').lastInsertRowid);
      const modality = ['CT', 'MR', 'CR', 'US'][k % 4]!;
      const date = `20${String(10 + (k % 16)).padStart(2, '0')}${String(1 + (k % 12)).padStart(2, '0')}${String(1 + (k % 28)).padStart(2, '0')}`;
      const study = Number(s.run(`2.25.${k}`, patient, date, `ACC${k}`, 'SYNTHETIC', `\\${modality}\\`).lastInsertRowid);
      const series = Number(se.run(`2.25.${k}.1`, study, modality).lastInsertRowid);
      i.run(`2.25.${k}.1.1`, series);
    }
  });
  insert();
  cache.close();
  return dir;
}

/** QIDO-style study search on 100,000 studies: our search vs the bare SQLite query of the same shape. */
export const qidoSearch100k: Benchmark = {
  name: 'cache-study-search-100k',
  description: 'study search by patient name prefix + modality on a 100,000-study index: p95 of our search vs the bare SQLite query',
  async run() {
    const dir = syntheticIndex(100_000);
    const cache = new StudyCache(dir);
    const bare = new Database(path.join(dir, 'cache', 'index.sqlite'), { readonly: true });
    const bareQuery = bare.prepare(
      `SELECT s.study_uid FROM studies s JOIN patients p ON p.id = s.patient_ref
       WHERE p.name_folded GLOB ? AND instr(s.modalities, ?) > 0 ORDER BY s.study_date DESC LIMIT 100`,
    );
    const names = ['muller^patient1*', 'smith^patient2*', 'garcia^patient33*', 'yamada^*', 'rossi^patient4*'];
    try {
      const ours: number[] = [];
      const peer: number[] = [];
      for (let round = 0; round < 40; round++) {
        const name = names[round % names.length]!;
        const [o, p] = await interleave(
          1,
          async () => {
            const t0 = performance.now();
            cache.index.searchStudies({ patientName: name, modality: 'CT', limit: 100 });
            return performance.now() - t0;
          },
          async () => {
            const t0 = performance.now();
            bareQuery.all(name, '\\CT\\');
            return performance.now() - t0;
          },
        );
        ours.push(...o);
        peer.push(...p);
      }
      const o = summarize('Lightbox searchStudies (with counts per study)', 'ms', ours);
      const p = summarize('bare SQLite query, same filter and order', 'ms', peer);
      const ratio = Math.round((percentile(ours, 95) / percentile(peer, 95)) * 100) / 100;
      return {
        ours: o,
        peer: p,
        ratio,
        ratioMeaning: 'p95 ÷ p95, lower is better',
        goal: { ratio: 2, comparison: '<=', met: ratio <= 2 },
        notes: [`our p95 ${percentile(ours, 95).toFixed(2)} ms (the issue asks for under 20 ms)`],
      };
    } finally {
      bare.close();
      cache.close();
    }
  },
};



/** Import throughput (files/s including index and storage) vs Orthanc ingesting the same files over REST. */
export const importVsOrthanc: Benchmark = {
  name: 'cache-import-vs-orthanc',
  description: 'import of the generated 512×512×300 CT into an empty cache vs POSTing the same files to a fresh Orthanc (REST /instances), files/s',
  async run() {
    const { startOrthanc } = await import('../../testing/node/orthancPeer');
    const files = await generatedCt(512, 300);
    const folder = path.dirname(files[0]!);
    const ours = async (): Promise<number> => {
      const dataDir = path.join(DATA_ROOT, `import-${Date.now()}`);
      const cache = new StudyCache(dataDir);
      try {
        const t0 = performance.now();
        await importPaths(cache, [folder]);
        return files.length / ((performance.now() - t0) / 1000);
      } finally {
        cache.close();
        const { rmSync } = await import('node:fs');
        rmSync(dataDir, { recursive: true, force: true });
      }
    };
    const orthanc = async (): Promise<number> => {
      const peer = await startOrthanc();
      try {
        const t0 = performance.now();
        for (const f of files) await peer.upload(f);
        return files.length / ((performance.now() - t0) / 1000);
      } finally {
        await peer.stop();
      }
    };
    const [o, p] = await interleave(3, ours, orthanc);
    const a = summarize('Lightbox import (durable store + index)', 'files/s', o);
    const b = summarize('Orthanc 1.10.1, REST upload of each file', 'files/s', p);
    const ratio = Math.round((a.median / b.median) * 100) / 100;
    return { ours: a, peer: b, ratio, ratioMeaning: 'higher is better: our files/s ÷ Orthanc’s', goal: { ratio: 1, comparison: '>=', met: ratio >= 1 }, notes: ['both fsync: we per file (temp file, rename, directory) and per index commit; Orthanc per its SQLite index'] };
  },
};

/** What the encrypted cache costs on the heaviest read: the same open, the block sealed on disk and deciphered as it is streamed. */
export const volumeOpenEncryptedVsCat: Benchmark = {
  name: 'cache-volume-open-encrypted-vs-cat',
  description:
    'open the 512×512×600 CT from an ENCRYPTED cache as the renderer does (getSeriesVolumeInfo, then getSeriesVolume from the host process, its sealed block deciphered chunk by chunk, AES-256-GCM, over loopback HTTP into one buffer) vs `cat BLOCK > /dev/null` of the sealed block; the unencrypted open is measured in the same rounds',
  async run() {
    const sealed = await hostWithLargeCt(true);
    const plain = await hostWithLargeCt(false);
    try {
      const pixels = path.join(sealed.dataDir, 'cache', 'pixels');
      const raw = path.join(pixels, (readdirSync(pixels, { recursive: true }) as string[]).find((f) => f.endsWith('.raw'))!);
      const opener = (h: typeof sealed) => async (): Promise<number> => {
        const params = { studyUid: h.studyUid, seriesUid: h.seriesUid };
        const t0 = performance.now();
        const info = await h.host.client.call('getSeriesVolumeInfo', { params });
        const block = await h.host.client.readBinary('getSeriesVolume', { params }, info.byteLength);
        if (block.byteLength !== info.byteLength) throw new Error('short block');
        return performance.now() - t0;
      };
      const cat = async (): Promise<number> => {
        const ns = execFileSync('sh', ['-c', `s=$(date +%s%N); cat "${raw}" > /dev/null; e=$(date +%s%N); echo $((e - s))`]).toString();
        return Number(ns) / 1e6;
      };
      const [openSealed, openPlain] = [opener(sealed), opener(plain)];
      await cat();
      await openSealed();
      await openPlain();
      const o: number[] = [];
      const c: number[] = [];
      const p: number[] = [];
      for (let i = 0; i < 9; i++) {
        o.push(await openSealed());
        c.push(await cat());
        p.push(await openPlain());
      }
      const ours = summarize('Lightbox, encrypted cache: volume info + sealed block deciphered by the host process, read into one buffer', 'ms', o);
      const peer = summarize('cat of the same (sealed) block', 'ms', c);
      const unencrypted = summarize('Lightbox, unencrypted cache, same rounds', 'ms', p);
      const ratio = Math.round((ours.median / peer.median) * 100) / 100;
      const cost = Math.round((ours.median / unencrypted.median) * 100) / 100;
      return {
        ours,
        peer,
        ratio,
        ratioMeaning: 'lower is better: our open time ÷ cat time',
        goal: { ratio: 1.2, comparison: '<=', met: ratio <= 1.2 },
        notes: [
          `unencrypted open in the same rounds: median ${unencrypted.median.toFixed(1)} ms (samples ${p.map((v) => v.toFixed(0)).join(', ')}); encrypted ÷ unencrypted = ${cost}`,
          'sealed block: 64 KiB chunks, each AES-256-GCM with its own nonce and tag (0.02 % larger); deciphered 1 MiB at a time on the host\'s event loop as the stream is read',
        ],
      };
    } finally {
      await sealed.host.close();
      await plain.host.close();
    }
  },
};

export const cacheBenchmarks: Benchmark[] = [volumeOpenVsCat, volumeOpenEncryptedVsCat, qidoSearch100k, importVsOrthanc];
