import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHostClient, type HostClient } from '../../electron/common/contract/hostClient';
import type { Vec3 } from '../../electron/common/dicom/geometry/vec3';
import type { GeneratedManifest } from '../../electron/node/synthetic/generateSyntheticStudies';
import { fusionRefusal, type FusionSource } from '../../renderer/common/fusion/fusionSource';
import { manualPlacement, savedMatrix, storedPlacement } from '../../renderer/common/fusion/registeredFusion';
import { dciodvfy } from '../node/presentationStateReference';
import { handmadeRegistrationDump, movePetCopy, MOVED_PET_FRAME_OF_REFERENCE as MOVED_FOR, MOVED_PET_SERIES as MOVED_SERIES, MOVED_PET_SHIFT as SHIFT } from '../node/movedPetPhantom';
import { missingHere } from '../node/requiredInCi';
import { runTool } from '../node/runTool';
import { startServedHost, type ServedHost } from '../node/servedHost';
import { loadFusionSource } from '../../renderer/browser/fusion/loadFusionSource';
import { loadStudyRegistrations } from '../../renderer/browser/fusion/loadStudyRegistrations';

/*
 * Fusion across Frames of Reference, through the real host (`lightbox serve`): the PET/CT phantom
 * with a copy of its PET given another Frame of Reference UID and shifted by a known translation
 * (rewritten by dcmodify). The moved PET is refused over the CT; a Spatial Registration written
 * by hand for dump2dcm (not by Lightbox) then places it, and the fused values at CT pixel centres
 * equal the unmoved PET's (same Frame of Reference) there. An alignment by hand saved through
 * the host route is an SRO in the cache that dciodvfy accepts and that the re-opened study applies.
 */

const BIN = path.resolve(import.meta.dirname, '../../bin/lightbox.js');
const run = promisify(execFile);
const tools = ['dcmodify', 'dump2dcm', 'dciodvfy', 'dcmdump'].every((t) => existsSync(`/usr/bin/${t}`));

describe.skipIf(missingHere(tools, 'dcmtk (dcmodify, dump2dcm, dcmdump) and dicom3tools (dciodvfy)'))('fusion across Frames of Reference through the host', () => {
  let dir: string;
  let host: ServedHost | undefined;
  let client: HostClient;
  let study: string;
  let petUid: string;
  let ctFolder: string;
  let ctFor: string;
  const lightbox = (args: string[]) => run(process.execPath, [BIN, '--data-dir', path.join(dir, 'data'), ...args]);
  const serve = async () => {
    host = await startServedHost({ dataDir: path.join(dir, 'data') });
    client = createHostClient({ baseUrl: host.origin, transport: (r) => fetch(r), headers: { authorization: `Bearer ${host.token}` } });
  };
  const stop = async () => {
    await host?.close();
    host = undefined;
  };
  const loaded = async (seriesUid: string): Promise<FusionSource> => {
    const result = await loadFusionSource(client, study, seriesUid);
    if (!result.ok) throw new Error(result.message);
    return result.source;
  };

  /** CT pixel centres over three CT slices through the spheres, and the PET's edges. */
  const probes = (): Vec3[] => {
    const out: Vec3[] = [];
    for (const z of [-5, 5, 17.5]) for (let y = -140; y <= 140; y += 7.3) for (let x = -140; x <= 140; x += 9.1) out.push([x, y, z]);
    return out;
  };
  const compare = (fused: FusionSource, reference: FusionSource) => {
    let compared = 0;
    let defined = 0;
    for (const p of probes()) {
      const a = fused.sampler.valueAt(p);
      const b = reference.sampler.valueAt(p);
      compared++;
      expect(a === undefined, `value at ${p}`).toBe(b === undefined);
      if (a === undefined || b === undefined) continue;
      defined++;
      expect(Math.abs(a - b), `value at ${p}: ${a} vs ${b}`).toBeLessThan(1e-6 * Math.max(1, Math.abs(b)));
    }
    return { compared, defined };
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-fusion-reg-'));
    const gen = path.join(dir, 'gen');
    await lightbox(['generate', '--out', gen, '--preset', 'petct']);
    const manifest = JSON.parse(readFileSync(path.join(gen, 'lightbox-phantom.json'), 'utf8')) as GeneratedManifest;
    const s = manifest.studies[0]!;
    study = s.studyInstanceUid;
    const series = (key: string) => s.series.find((x) => x.key === key)!;
    petUid = series('pet').seriesInstanceUid;
    ctFolder = path.join(gen, series('ct').folder);
    // The moved PET: a copy with its own series, instances and Frame of Reference, every slice shifted.
    const moved = path.join(dir, 'moved');
    await cp(path.join(gen, series('pet').folder), moved, { recursive: true });
    await movePetCopy(moved);
    ctFor = (await runTool('dcmdump', ['-q', '+P', '0020,0052', path.join(ctFolder, readdirSync(ctFolder).find((f) => f.endsWith('.dcm'))!)])).toString().match(/\[([^\]]+)\]/)![1]!;
    await lightbox(['import', gen]);
    await lightbox(['import', moved]);
    await serve();
  }, 180_000);
  afterAll(async () => {
    await stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('refuses the moved PET, places it by a hand-written SRO, and saves an alignment that re-applies', async () => {
    const pet = await loaded(petUid);
    const movedPet = await loaded(MOVED_SERIES);
    expect(pet.frameOfReferenceUid).toBe(ctFor);
    expect(movedPet.frameOfReferenceUid).toBe(MOVED_FOR);
    // 1. No registration: refused, with the reason.
    expect(fusionRefusal(ctFor, movedPet)).toMatch(/different Frames of Reference .* need a registration/);
    expect(storedPlacement(movedPet, ctFor, (await loadStudyRegistrations(client, study)).registrations)).toEqual({ ok: false, reason: expect.stringMatching(/no Spatial Registration names both/) });

    // 2. An SRO written by hand (PS3.3 C.20.2), built by dump2dcm: registered space the CT's; the
    // moved PET's point q is the CT's q − SHIFT. Imported while the host is down, then re-opened.
    const dump = handmadeRegistrationDump({ studyInstanceUid: study, ctFrameOfReference: ctFor, contentDate: '20200101' });
    writeFileSync(path.join(dir, 'reg.txt'), dump);
    await runTool('dump2dcm', ['+te', path.join(dir, 'reg.txt'), path.join(dir, 'reg.dcm')]);
    await stop();
    await lightbox(['import', path.join(dir, 'reg.dcm')]);
    await serve();
    const stored = storedPlacement(await loaded(MOVED_SERIES), ctFor, (await loadStudyRegistrations(client, study)).registrations);
    expect(stored.ok).toBe(true);
    const registered = (stored as { source: FusionSource }).source;
    expect(registered.registration!.label).toBe('registered (REG HANDMADE)');
    expect(fusionRefusal(ctFor, registered)).toBeUndefined();
    // The registered moved PET gives the unmoved PET's SUVs at the CT's points.
    const same = compare(registered, await loaded(petUid));
    expect(same.defined).toBeGreaterThan(same.compared / 3);

    // 3. An alignment by hand from nothing (the same shift, undone) saved through the host route.
    const byHand = manualPlacement(movedPet, ctFor, undefined, { translate: [-SHIFT[0], -SHIFT[1], -SHIFT[2]], rotateDegrees: [0, 0, 0] });
    compare(byHand, pet);
    const saved = await client.call('saveStudyRegistration', { params: { studyUid: study }, body: { imageFrameOfReferenceUid: ctFor, movingSeriesUid: MOVED_SERIES, matrix: savedMatrix(byHand.registration!) } });
    // What cannot be a rigid registration is refused by the route, with the reason.
    await expect(
      client.call('saveStudyRegistration', { params: { studyUid: study }, body: { imageFrameOfReferenceUid: ctFor, movingSeriesUid: MOVED_SERIES, matrix: [2, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1] } }),
    ).rejects.toThrow(/only a rigid registration is saved/);
    await expect(client.call('saveStudyRegistration', { params: { studyUid: study }, body: { imageFrameOfReferenceUid: ctFor, movingSeriesUid: petUid, matrix: savedMatrix(byHand.registration!) } })).rejects.toThrow(
      /already in that Frame of Reference/,
    );
    // In the cache as an instance of the study: dciodvfy accepts it.
    const res = await fetch(`${host!.origin}/dicomweb/studies/${study}/series/${saved.seriesInstanceUid}/instances/${saved.sopInstanceUid}`, {
      headers: { authorization: `Bearer ${host!.token}`, accept: 'multipart/related; type="application/dicom"' },
    });
    expect(res.status).toBe(200);
    const body = Buffer.from(await res.arrayBuffer());
    const start = body.indexOf('DICM') - 128;
    const file = path.join(dir, 'saved.dcm');
    writeFileSync(file, body.subarray(start, body.indexOf(Buffer.from('\r\n--'), start)));
    const verdict = await dciodvfy(file);
    if (verdict.warnings.length) console.log(`dciodvfy warnings on the saved SRO:\n${verdict.warnings.join('\n')}`);
    expect(verdict.errors).toEqual([]);

    // 4. Re-opened (a fresh host): the newest registration, ours, applies, and fuses as the same-FoR PET.
    await stop();
    await serve();
    const again = storedPlacement(await loaded(MOVED_SERIES), ctFor, (await loadStudyRegistrations(client, study)).registrations);
    expect(again.ok).toBe(true);
    const reopened = (again as { source: FusionSource }).source;
    expect(reopened.registration!.label).toMatch(/^registered \(REG LIGHTBOX Aligned by hand: PT onto CT\)$/);
    compare(reopened, await loaded(petUid));
  }, 180_000);
});
