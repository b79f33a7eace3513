import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync, type Dirent } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostError } from '../../common/contract/hostError';
import type { LocalStudies } from '../host/localStudies';
import { ImagingService } from '../imaging/imagingService';
import { missingHere } from '../../../testing/node/requiredInCi';
import { SHARED_SAMPLES_DIR, sharedSamplesAvailable } from '../../../testing/node/sharedSamples';
import { cacheKeyFrom, createCacheKeyFile, CACHE_KEY_FILE_ENV } from './cacheKey';
import { CacheLockedError } from './cacheEncryption';
import { createCacheLocalStudies } from './cacheLocalStudies';
import { turnOnCacheEncryption } from './encryptCache';
import { importPaths } from './importPaths';
import { StudyCache } from './studyCache';
import { verifyCache } from './verifyCache';

// The shared samples imported into a plain and an encrypted cache side by side: every answer of
// the encrypted one must be the plain one's, and nothing it writes may show a patient or a UID.
let dir: string;
let keyFile: string;
const opened: Array<{ cache: StudyCache; imaging: ImagingService; studies: LocalStudies }> = [];
const open = (dataDir: string, options: ConstructorParameters<typeof StudyCache>[2] = {}) => {
  const cache = new StudyCache(dataDir, 'test', options);
  const imaging = new ImagingService(cache, { poolSize: 2 });
  const entry = { cache, imaging, studies: createCacheLocalStudies(cache, imaging) };
  opened.push(entry);
  return entry;
};

const samples = !missingHere(sharedSamplesAvailable(), 'the shared DICOM samples (../shared/dicom-samples)');

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-encrypted-'));
  keyFile = path.join(dir, 'keys', 'cache.key');
});
afterAll(async () => {
  for (const o of opened) {
    await o.imaging.close();
    o.cache.close();
  }
  await rm(dir, { recursive: true, force: true });
});

describe('an encrypted cache refuses to open without its key', () => {
  it('says how to give the key, and refuses another key, instead of showing an empty cache', async () => {
    const dataDir = path.join(dir, 'locked');
    const key = createCacheKeyFile(path.join(dir, 'locked.key'));
    turnOnCacheEncryption(dataDir, key);
    expect(() => new StudyCache(dataDir, 'test', { env: {} })).toThrow(CacheLockedError);
    expect(() => new StudyCache(dataDir, 'test', { env: {} })).toThrow(new RegExp(`encrypted \\(key id [0-9a-f]{16}\\) and no key was given: set ${CACHE_KEY_FILE_ENV}`));
    expect(() => new StudyCache(dataDir, 'test', { key: cacheKeyFrom(randomBytes(32)) })).toThrow(/is not this cache's key/);
    expect(() => turnOnCacheEncryption(dataDir, cacheKeyFrom(randomBytes(32)))).toThrow(/already encrypted with another key/);
    // The key file named in the environment opens it.
    const cache = new StudyCache(dataDir, 'test', { env: { [CACHE_KEY_FILE_ENV]: path.join(dir, 'locked.key') } });
    expect(cache.key?.check).toBe(key.check);
    cache.close();
  });
});

describe.skipIf(!samples)('the shared samples in an encrypted cache', () => {
  let plain: ReturnType<typeof open>;
  let sealed: ReturnType<typeof open>;
  beforeAll(async () => {
    const key = createCacheKeyFile(keyFile);
    turnOnCacheEncryption(path.join(dir, 'sealed'), key);
    plain = open(path.join(dir, 'plain'));
    sealed = open(path.join(dir, 'sealed'), { key });
    const [a, b] = await Promise.all([importPaths(plain.cache, [SHARED_SAMPLES_DIR]), importPaths(sealed.cache, [SHARED_SAMPLES_DIR])]);
    expect(b.stored).toBe(a.stored);
    expect(b.stored).toBeGreaterThan(500);
  }, 300_000);

  it('answers every WADO-RS instance byte-exact and decodes every first frame as the plain cache does', async () => {
    const instances = sealed.cache.index.allInstances();
    expect(instances.length).toBe(plain.cache.index.allInstances().length);
    let frames = 0;
    for (const i of instances) {
      const bytes = await sealed.studies.instance(i.studyUid, i.seriesUid, i.sopUid);
      expect(createHash('sha256').update(bytes!).digest('hex'), i.sopUid).toBe(i.sha256);
      expect(Buffer.from(bytes!).equals(Buffer.from((await plain.studies.instance(i.studyUid, i.seriesUid, i.sopUid))!)), i.sopUid).toBe(true);
      const outcome = async (s: LocalStudies) => s.frames(i.studyUid, i.seriesUid, i.sopUid, [1]).then((f) => ({ sha: createHash('sha256').update(f![0]!).digest('hex') }), (e: Error) => ({ error: e.message }));
      const [p, s] = await Promise.all([outcome(plain.studies), outcome(sealed.studies)]);
      expect(s, i.sopUid).toEqual(p);
      if ('sha' in s) frames++;
    }
    expect(frames).toBeGreaterThan(400);
  }, 600_000);

  it('builds, serves and verifies a volume block sealed, and keeps annotations sealed', async () => {
    const ct = sealed.cache.index.allInstances().find((i) => i.seriesUid && sealed.cache.index.metadataRows(i.studyUid, i.seriesUid)!.length > 50)!;
    const [infoP, infoS] = await Promise.all([plain.studies.seriesVolumeInfo(ct.studyUid, ct.seriesUid), sealed.studies.seriesVolumeInfo(ct.studyUid, ct.seriesUid)]);
    expect(infoS!.sha256).toBe(infoP!.sha256);
    const body = await sealed.studies.seriesVolume(ct.studyUid, ct.seriesUid);
    const read = Buffer.from(await new Response((body as { stream: ReadableStream<Uint8Array> }).stream).arrayBuffer());
    expect(read.length).toBe(infoS!.byteLength);
    expect(createHash('sha256').update(read).digest('hex')).toBe(infoS!.sha256);
    // A second open reads the sealed description and block (not rebuilt).
    expect((await sealed.studies.seriesVolumeInfo(ct.studyUid, ct.seriesUid))!.sha256).toBe(infoS!.sha256);
    sealed.studies.putAnnotations(ct.studyUid, { measurements: [{ id: 'm1', kind: 'length', seriesInstanceUid: ct.seriesUid, sopInstanceUid: ct.sopUid, frame: 1, points: [[1, 2], [3, 4]] }] });
    expect(sealed.studies.getAnnotations(ct.studyUid).measurements[0]!.sopInstanceUid).toBe(ct.sopUid);
  }, 300_000);

  it('verifies clean, with every stored file sealed', () => {
    const report = verifyCache(sealed.cache);
    expect(report).toMatchObject({ missing: [], corrupt: [], orphans: [], damagedVolumes: [], exposed: [], unencrypted: 0 });
  }, 300_000);

  it('writes no patient name and no UID in plaintext anywhere in its files (objects, pixel blocks, annotations)', () => {
    const needles = new Set<string>();
    for (const i of sealed.cache.index.allInstances()) for (const uid of [i.sopUid, i.seriesUid, i.studyUid]) needles.add(uid);
    // Names and IDs as the files hold them; 6 characters at least (3 letters occur by chance in 100 MB of random bytes).
    for (const s of sealed.cache.index.searchStudies({})) for (const v of [s.patientName, s.patientId]) if (v.trim().length >= 6) needles.add(v.trim());
    const scan = (root: string): string[] => {
      const found: string[] = [];
      for (const e of readdirSync(root, { recursive: true, withFileTypes: true }) as Dirent[]) {
        if (!e.isFile()) continue;
        const text = readFileSync(path.join(e.parentPath, e.name)).toString('latin1');
        // Runs of printable ASCII are where a name or UID would be; in sealed bytes they are short and rare.
        for (const run of text.match(/[\x20-\x7e]{4,}/g) ?? []) for (const n of needles) if (run.includes(n)) found.push(`${e.name}: ${n}`);
      }
      return found;
    };
    const root = sealed.cache.paths.root;
    const sealedFound = ['objects', 'pixels', 'annotations'].flatMap((d) => scan(path.join(root, d)));
    expect(sealedFound).toEqual([]);
    // The same scan finds them in the plain cache: it can fail.
    expect(scan(path.join(plain.cache.paths.root, 'objects')).length).toBeGreaterThan(100);
    expect(scan(path.join(plain.cache.paths.root, 'pixels')).length).toBeGreaterThan(0);
  }, 300_000);

  it('a changed byte in a stored file fails its reads naming the instance, and verify reports it corrupt', async () => {
    const victim = sealed.cache.index.allInstances().find((i) => i.sizeBytes > 200_000)!;
    const file = path.join(sealed.cache.paths.objects, victim.objectPath);
    const bytes = readFileSync(file);
    bytes[bytes.length - 5000]! ^= 0x40; // in the pixel data's last chunk
    writeFileSync(file, bytes);
    const failure = await sealed.studies.instance(victim.studyUid, victim.seriesUid, victim.sopUid).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(HostError);
    expect((failure as HostError).message).toMatch(new RegExp(`^instance ${victim.sopUid.replace(/\./g, '\\.')}: chunk \\d+ .*fails its integrity check`));
    expect((failure as HostError).message).not.toContain(dir);
    const report = verifyCache(sealed.cache);
    expect(report.corrupt).toEqual([{ sopUid: victim.sopUid, objectPath: victim.objectPath }]);
  }, 120_000);
});
