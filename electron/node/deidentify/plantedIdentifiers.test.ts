import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { deidentifyInstance, type DeidentifyContext } from '../../common/deidentify/deidentifyInstance';
import { DEIDENTIFY_OPTIONS, type DeidentifyOption } from '../../common/deidentify/deidentifyOptions';
import { effectiveAction, profileRow } from '../../common/deidentify/profileTable';
import { readRawInstance } from '../../common/deidentify/rawElementTree';
import { valueText } from '../../common/deidentify/replacementValues';
import { IdentifierPlanter, indexOfAscii, plantedCopy, type PlantedValue } from '../../../testing/node/plantIdentifiers';
import { missingHere } from '../../../testing/node/requiredInCi';
import { runTool } from '../../../testing/node/runTool';
import { samplePath, sharedSamplesAvailable } from '../../../testing/node/sharedSamples';
import { openDeidentifyProject } from './deidentifyProject';

/** Explicit, implicit, deflated and compressed syntaxes; CT, MR with overlays and private groups, enhanced MR, SR, SEG, RTSTRUCT. */
const SAMPLES = [
  'pixel-formats/CT_small.dcm',
  'pixel-formats/MR-SIEMENS-DICOM-WithOverlays.dcm',
  'transfer-syntaxes/mr-small/MR_small_implicit.dcm',
  'transfer-syntaxes/mr-small/MR_small_jp2klossless.dcm',
  'transfer-syntaxes/jpeg2000/693_J2KR.dcm',
  'series/philips-enhanced-mr/enhanced',
  'seg-sr/highdicom/sr_document.dcm',
  'seg-sr/dcmqi/sr-example-qin-headneck/sr.dcm',
  'seg-sr/dcmqi/seg/liver.dcm',
  'seg-sr/rt-utils/mock_data/rt.dcm',
];

describe.skipIf(missingHere(sharedSamplesAvailable(), 'the shared DICOM samples (../shared/dicom-samples)'))('planted identifiers (PS3.15 Table E.1-1, every depth)', () => {
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  async function setup(): Promise<{ dir: string; context: (options: DeidentifyOption[]) => DeidentifyContext; files: Array<{ name: string; bytes: Uint8Array; planted: PlantedValue[] }> }> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-deid-'));
    dirs.push(dir);
    // A fixed key: replaced UIDs are then the same every run, so a planted 8-digit date can never
    // turn up inside one by chance and make the byte scan flaky.
    await mkdir(path.join(dir, 'data', 'deidentify', 'planted'), { recursive: true });
    await writeFile(path.join(dir, 'data', 'deidentify', 'planted', 'secret.key'), new Uint8Array(32).fill(7), { mode: 0o600 });
    const project = openDeidentifyProject(path.join(dir, 'data'), 'planted');
    const files = [];
    for (const sample of SAMPLES) {
      let file = samplePath(sample);
      if (!sample.endsWith('.dcm')) {
        file = path.join(file, (await readdir(file)).filter((n) => n.endsWith('.dcm')).sort()[0]!);
      }
      const planter = new IdentifierPlanter();
      const bytes = plantedCopy(new Uint8Array(await readFile(file)), file, planter);
      files.push({ name: sample, bytes, planted: planter.planted });
    }
    const context = (options: DeidentifyOption[]): DeidentifyContext => ({
      options: new Set(options),
      hash: project.hash,
      pseudonymFor: project.pseudonymFor,
      inflateRaw: (b) => new Uint8Array(inflateRawSync(b)),
      deflateRaw: (b) => new Uint8Array(deflateRawSync(b)),
    });
    return { dir, context, files };
  }
  const ready = setup();

  it('plants into copies that dcmtk reads, with every planted value in the bytes', async () => {
    const { dir, files } = await ready;
    for (const f of files) {
      expect(f.planted.length, f.name).toBeGreaterThan(400);
      for (const p of f.planted) expect(indexOfAscii(f.bytes, p.planted), `${f.name} ${p.path}`).toBeGreaterThanOrEqual(0);
      const copy = path.join(dir, `${path.basename(f.name)}.planted.dcm`);
      await writeFile(copy, f.bytes);
      const dump = (await runTool('dcmdump', ['-q', '+U8', copy])).toString();
      expect(dump).toContain('PLANT');
    }
  });

  it('Basic Profile: no planted value is left anywhere in the output bytes (nested, private, SR text)', async () => {
    const { context, files } = await ready;
    let scanned = 0;
    for (const f of files) {
      const out = deidentifyInstance(f.bytes, f.name, context([])).bytes;
      const left = f.planted.filter((p) => indexOfAscii(out, p.planted) >= 0).map((p) => `${p.path}=${p.planted}`);
      expect(left, f.name).toEqual([]);
      scanned += f.planted.length;
      // Nested, private and SR text were planted, not only the top level.
      expect(f.planted.some((p) => p.path.startsWith('/00540016/00540300/'))).toBe(true);
      expect(f.planted.some((p) => p.path.startsWith('/0011'))).toBe(true);
    }
    const sr = files.find((f) => f.name.endsWith('sr_document.dcm'))!;
    expect(sr.planted.filter((p) => p.tag === '0040A160').length).toBeGreaterThan(0);
    expect(scanned).toBeGreaterThan(4000);
    console.log(`${scanned} planted values scanned for`);
  });

  it.each(DEIDENTIFY_OPTIONS.filter((o) => o !== 'clean-pixel-data'))('option %s keeps exactly what it promises', async (option) => {
    const { context, files } = await ready;
    const options = new Set<DeidentifyOption>([option]);
    for (const f of files) {
      const out = deidentifyInstance(f.bytes, f.name, context([option])).bytes;
      const outTop = readRawInstance(out, { source: 'out', inflateRaw: (b) => new Uint8Array(inflateRawSync(b)) }).elements;
      const wrong: string[] = [];
      for (const p of f.planted) {
        const tags = p.path.split('/').slice(1).map((t) => parseInt(t, 16) >>> 0);
        const leaf = tags.pop()!;
        const row = profileRow(leaf);
        const found = indexOfAscii(out, p.planted) >= 0;
        // Kept only where no enclosing sequence is removed or emptied (private ones go unless safe),
        // the leaf's own action keeps it (K), or cleans without removing it (C; a date moves).
        const enclosingKept = tags.every((t) => (t >>> 16) % 2 === 0 && !/^(X|Z|X\/Z)$/.test(profileRow(t) ? effectiveAction(profileRow(t)!, options) : 'K'));
        const action = row ? effectiveAction(row, options) : undefined;
        const pseudonymised = tags.length === 0 && (leaf === 0x00100010 || leaf === 0x00100020);
        // An unlisted leaf (SR Text Value) follows its nearest listed sequence: dummied under D, cleaned under C.
        const nearest = tags.map((t) => profileRow(t)).filter((r) => r !== undefined).pop();
        const unlistedKept = action === undefined && nearest !== undefined && effectiveAction(nearest, options) === 'C';
        const kept = enclosingKept && !pseudonymised && (unlistedKept || action === 'K' || (action === 'C' && !(option === 'modify-dates' && /^D[AT]$/.test(p.vr))));
        if (kept !== found) wrong.push(`${p.path} (${row?.keyword ?? 'unlisted'}, ${action}) ${found ? 'kept' : 'lost'}`);
      }
      expect(wrong, `${f.name} with ${option}`).toEqual([]);
      const has = (tag: number) => outTop.some((e) => e.tag === tag);
      expect(has(0x00191023), `${f.name}: safe private`).toBe(option === 'retain-safe-private');
      expect(has(0x00190010), `${f.name}: its creator`).toBe(option === 'retain-safe-private');
      expect(has(0x00191050) || has(0x00111001) || has(0x00110010), `${f.name}: unsafe private`).toBe(false);
      const temporal = valueText(outTop.find((e) => e.tag === 0x00280303)?.value);
      expect(temporal).toBe(option === 'retain-dates' ? 'UNMODIFIED' : option === 'modify-dates' ? 'MODIFIED' : 'REMOVED');
      if (option === 'modify-dates') {
        // One offset per patient: every planted top-level date moved back by the same whole days.
        const offsets = new Set<number>();
        for (const p of f.planted.filter((q) => q.topLevel && q.vr === 'DA' && effectiveAction(profileRow(parseInt(q.tag, 16))!, options) === 'C')) {
          const moved = valueText(outTop.find((e) => e.tag === parseInt(p.tag, 16))?.value);
          if (!moved) continue;
          const days = (Date.parse(`${p.planted.slice(0, 4)}-${p.planted.slice(4, 6)}-${p.planted.slice(6)}`) - Date.parse(`${moved.slice(0, 4)}-${moved.slice(4, 6)}-${moved.slice(6)}`)) / 86_400_000;
          offsets.add(days);
        }
        expect(offsets.size, f.name).toBe(1);
        const [days] = [...offsets];
        expect(days).toBeGreaterThanOrEqual(1);
        expect(days).toBeLessThanOrEqual(3650);
      }
    }
  });

  it('sets Patient Identity Removed, the method and its CID 7050 codes', async () => {
    const { context, files } = await ready;
    const out = deidentifyInstance(files[0]!.bytes, files[0]!.name, context(['retain-uids', 'clean-descriptors'])).bytes;
    const top = readRawInstance(out, { source: 'out' }).elements;
    expect(valueText(top.find((e) => e.tag === 0x00120062)?.value)).toBe('YES');
    expect(valueText(top.find((e) => e.tag === 0x00120063)?.value)).toContain('Basic Application Confidentiality Profile');
    const codes = top.find((e) => e.tag === 0x00120064)!.items!.map((item) => valueText(item.find((e) => e.tag === 0x00080100)?.value));
    expect(codes).toEqual(['113100', '113105', '113110']);
  });
});
