import { parseArgs } from 'node:util';
import { StudyCache } from '../../cache/studyCache';
import { verifyCache } from '../../cache/verifyCache';
import { verifyFrames, type FrameVerifyReport } from '../../cache/verifyFrames';
import { ImagingService } from '../../imaging/imagingService';
import { enforceQuota } from '../../cache/cachePolicy';
import { CliUsageError, type CliCommand, type CliContext } from '../cliTypes';
import { existsSync } from 'node:fs';
import { CACHE_KEY_FILE_ENV, createCacheKeyFile, keyIdHex, readCacheKeyFile } from '../../cache/cacheKey';
import { encryptStoredFiles, turnOnCacheEncryption } from '../../cache/encryptCache';

/** `500M`, `10G`, `123456` → bytes. */
function parseSize(value: string | undefined): number {
  const m = /^(\d+(?:\.\d+)?)([KMGT]?)i?B?$/i.exec(value ?? '');
  if (!m) throw new CliUsageError('--quota takes a size such as 500M or 20G');
  const power = ' KMGT'.indexOf((m[2] || ' ').toUpperCase());
  return Math.floor(Number(m[1]) * 1024 ** power);
}

export const cacheCommand: CliCommand = {
  name: 'cache',
  summary: 'local cache maintenance: verify (--repair), stats, evict to a quota, pin/unpin and delete studies, encrypt',
  usage:
    'lightbox cache verify [--repair] [--all-frames | --no-decode] [--json] | stats [--json] | evict --quota SIZE[K|M|G] [--keep-days N] [--dry-run] | pin STUDY_UID | unpin STUDY_UID | delete STUDY_UID [--reason TEXT] | encrypt [--key-file PATH] [--json]',
  async run(ctx) {
    const { values, positionals } = parseArgs({
      args: ctx.args,
      options: {
        repair: { type: 'boolean', default: false },
        'all-frames': { type: 'boolean', default: false },
        'no-decode': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        quota: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        'keep-days': { type: 'string' },
        reason: { type: 'string' },
        'key-file': { type: 'string' },
      },
      allowPositionals: true,
      strict: true,
    });
    const [action, argument] = positionals;
    if (!['verify', 'stats', 'evict', 'pin', 'unpin', 'delete', 'encrypt'].includes(action ?? '')) throw new CliUsageError('give verify, stats, evict, pin, unpin, delete or encrypt');
    if (action === 'encrypt') return encryptCommand(ctx, values['key-file'], values.json);
    if ((action === 'pin' || action === 'unpin' || action === 'delete') && !argument) throw new CliUsageError(`${action} needs a Study Instance UID`);
    const quota = action === 'evict' ? parseSize(values.quota) : 0;
    const cache = new StudyCache(ctx.dataDir, 'lightbox-cli', { env: ctx.env });
    try {
      if (action === 'pin' || action === 'unpin') {
        if (!cache.index.setPinned(argument!, action === 'pin')) throw new Error(`study ${argument} is not in the cache`);
        ctx.stdout.write(`${action === 'pin' ? 'pinned' : 'unpinned'} ${argument}\n`);
        return 0;
      }
      if (action === 'delete') {
        // Audited with the reason; the files go after their index rows (see StudyCache.deleteStudy).
        if (cache.index.instancesOfStudy(argument!).length === 0) throw new Error(`study ${argument} is not in the cache`);
        const removed = cache.deleteStudy(argument!, values.reason ?? 'deleted with lightbox cache delete');
        ctx.stdout.write(`deleted ${argument}: ${removed} instances\n`);
        return 0;
      }
      if (action === 'evict') {
        const keepDays = values['keep-days'] === undefined ? undefined : Number(values['keep-days']);
        if (keepDays !== undefined && !(keepDays >= 0)) throw new CliUsageError('--keep-days takes a number of days');
        const report = enforceQuota(cache, quota, { dryRun: values['dry-run'], keepDays });
        if (values.json) ctx.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        else {
          const mib = (n: number): string => `${(n / 2 ** 20).toFixed(1)} MiB`;
          ctx.stdout.write(
            `${values['dry-run'] ? 'would evict' : 'evicted'} ${report.evictedPixelBlocks.length} pixel blocks and ${report.evictedStudies.length} studies: ${mib(report.before)} → ${mib(report.after)}${report.shortBy ? `; ${mib(report.shortBy)} over the quota, all of it pinned` : ''}\n`,
          );
        }
        return 0;
      }
      if (action === 'stats') {
        const counts = cache.index.counts();
        ctx.stdout.write(values.json ? `${JSON.stringify(counts)}\n` : `${counts.patients} patients, ${counts.studies} studies, ${counts.series} series, ${counts.instances} instances, ${(counts.bytes / 2 ** 20).toFixed(1)} MiB\n`);
        return 0;
      }
      const report = verifyCache(cache, { repair: values.repair });
      // Each image's first frame (or every frame) decoded as the viewer would: damage the bytes' checksum cannot show.
      const frames = values['no-decode'] ? undefined : await verifyFramesOf(cache, { allFrames: values['all-frames'], record: values.repair });
      const problems = report.missing.length + report.corrupt.length + report.orphans.length + report.damagedVolumes.length + report.exposed.length + (frames?.undecodable.length ?? 0);
      if (values.json) ctx.stdout.write(`${JSON.stringify(frames ? { ...report, frames } : report, null, 2)}\n`);
      else {
        ctx.stdout.write(
          `${report.instances} instances checked: ${report.missing.length} missing, ${report.corrupt.length} corrupt, ${report.orphans.length} orphan files, ${report.damagedVolumes.length} damaged pixel blocks, ${report.exposed.length} readable by others; ${report.knownDamage.length} stored with known damage\n`,
        );
        if (cache.key) ctx.stdout.write(`encrypted cache (key id ${keyIdHex(cache.key.id)}): ${report.unencrypted ? `${report.unencrypted} stored files not sealed yet (lightbox cache encrypt seals them)` : 'every stored file sealed'}\n`);
        if (frames) ctx.stdout.write(`${frames.checked} images decoded (${values['all-frames'] ? 'every frame' : 'first frame'}): ${frames.undecodable.length} cannot be decoded${values.repair && frames.undecodable.length ? ' (now recorded as known damage)' : ''}\n`);
        for (const u of frames?.undecodable ?? []) ctx.stdout.write(`cannot decode: ${u.sopUid} frame ${u.frame}: ${u.problem}\n`);
        for (const d of report.knownDamage) ctx.stdout.write(`known damage: ${d.sopUid}: ${d.damage.join('; ')}\n`);
        for (const e of report.exposed) ctx.stdout.write(`readable by others: ${e}\n`);
        for (const v of report.damagedVolumes) ctx.stdout.write(`damaged pixel block: series ${v}\n`);
        for (const m of report.missing) ctx.stdout.write(`missing: ${m.sopUid} (${m.objectPath})\n`);
        for (const c of report.corrupt) ctx.stdout.write(`corrupt: ${c.sopUid} (${c.objectPath})\n`);
        for (const o of report.orphans) ctx.stdout.write(`orphan: ${o}\n`);
        for (const r of report.repaired) ctx.stdout.write(`repaired: ${r}\n`);
      }
      return problems && !values.repair ? 1 : 0;
    } finally {
      cache.close();
    }
  },
};

/** Decodes the cache's images on the product's imaging threads, then stops them. */
async function verifyFramesOf(cache: StudyCache, options: { allFrames: boolean; record: boolean }): Promise<FrameVerifyReport> {
  const imaging = new ImagingService(cache);
  try {
    return await verifyFrames(cache, imaging, options);
  } finally {
    await imaging.close();
  }
}

/**
 * `cache encrypt`: turns encryption on for the data folder with the key in `--key-file` (made —
 * 32 random bytes, owner-only — when the file does not exist) or LIGHTBOX_CACHE_KEY_FILE, then
 * seals what is stored in plaintext. Rerun after an interruption: it seals the rest.
 */
async function encryptCommand(ctx: CliContext, keyFile: string | undefined, json: boolean): Promise<number> {
  const file = keyFile ?? ctx.env[CACHE_KEY_FILE_ENV];
  if (!file) throw new CliUsageError(`give --key-file PATH (a new key is made there if the file does not exist) or set ${CACHE_KEY_FILE_ENV}`);
  const created = !existsSync(file);
  const key = created ? createCacheKeyFile(file) : readCacheKeyFile(file);
  if (created && !json) ctx.stdout.write(`made a new cache key in ${file} (owner-only): keep a copy somewhere safe — without it the cache cannot be read\n`);
  const { turnedOn } = turnOnCacheEncryption(ctx.dataDir, key);
  const cache = new StudyCache(ctx.dataDir, 'lightbox-cli', { key });
  try {
    const report = { ...(await encryptStoredFiles(cache, (done, total) => !json && done < total && ctx.stdout.write(`sealed ${done}/${total}\n`))), turnedOn };
    if (json) ctx.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else {
      ctx.stdout.write(`${turnedOn ? 'encryption turned on' : 'the cache was already encrypted'} (key id ${report.keyId}): ${report.sealed} stored files sealed now, ${report.alreadySealed} already sealed, ${report.otherFiles} pixel blocks and annotation files sealed\n`);
      for (const s of report.skipped) ctx.stdout.write(`not sealed: ${s.sopUid}: ${s.reason}\n`);
    }
    return report.skipped.length ? 1 : 0;
  } finally {
    cache.close();
  }
}
