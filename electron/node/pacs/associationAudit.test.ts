import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atnaAuditMessage } from '../../common/audit/atnaAuditMessage';
import type { AuditEntry } from '../../common/audit/auditEntry';
import { StudyCache } from '../cache/studyCache';
import { GENERATE_PRESETS, generateSyntheticStudies, type GeneratedManifest } from '../synthetic/generateSyntheticStudies';
import { jingAvailable, validateAuditMessages } from '../../../testing/atna/jing';
import { missingHere } from '../../../testing/node/requiredInCi';
import { runTool } from '../../../testing/node/runTool';
import { startReceiver, type Receiver } from './storeReceiver';

const STORESCU = '/usr/bin/storescu';
let dir: string;
let manifest: GeneratedManifest;
let cache: StudyCache;
let receiver: Receiver;

const filesOf = async (study: GeneratedManifest['studies'][number]): Promise<string[]> => {
  const series = study.series[0]!;
  const folder = path.join(dir, 'gen', series.folder);
  return (await readdir(folder)).filter((f) => f.endsWith('.dcm')).map((f) => path.join(folder, f));
};

describe.skipIf(missingHere(existsSync(STORESCU), 'dcmtk storescu'))('the Storage SCP audits what it receives', () => {
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-receive-audit-'));
    manifest = await generateSyntheticStudies({ outDir: path.join(dir, 'gen'), preset: GENERATE_PRESETS.tiny!, onlySeries: ['axial-soft-thin'], seed: 'receive-audit' });
    cache = new StudyCache(path.join(dir, 'data'), 'lightbox-scp');
    receiver = await startReceiver(cache, { aeTitle: 'LIGHTBOX', port: 0, host: '127.0.0.1', flushDelayMs: 20 });
  }, 120_000);
  afterAll(async () => {
    await receiver?.stop();
    cache?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('one row per association per study, with the calling AE, its address, our AE and the instances per SOP class', async () => {
    const [current, prior] = manifest.studies;
    const currentFiles = await filesOf(current!);
    const priorFiles = await filesOf(prior!);
    // Association 1 sends the current study; association 2 sends both (the current one again: duplicates are transfers too).
    await runTool(STORESCU, ['-aet', 'MODALITY_A', '-aec', 'LIGHTBOX', '127.0.0.1', String(receiver.port), ...currentFiles]);
    await runTool(STORESCU, ['-aet', 'MODALITY_B', '-aec', 'LIGHTBOX', '127.0.0.1', String(receiver.port), ...priorFiles, ...currentFiles.slice(0, 3)]);
    // Rows are written once each association's instances are indexed, just after it closes.
    let rows: AuditEntry[] = [];
    for (let i = 0; i < 100 && rows.length < 3; i++) {
      await new Promise((r) => setTimeout(r, 50));
      rows = cache.index.auditTrail({ action: 'receive' }).reverse();
    }
    const ct = '1.2.840.10008.5.1.4.1.1.2';
    const summary = (r: AuditEntry): unknown[] => [r.peer, r.studyUid, r.instances, r.sopClasses, r.localAe, r.outcome, r.outcomeCode];
    const sorted = (list: unknown[][]): unknown[][] => [...list].sort((x, y) => `${x[0]}${x[1]}`.localeCompare(`${y[0]}${y[1]}`));
    expect(sorted(rows.map(summary))).toEqual(
      sorted([
        ['MODALITY_A', current!.studyInstanceUid, currentFiles.length, { [ct]: currentFiles.length }, 'LIGHTBOX', 'success', 0],
        ['MODALITY_B', prior!.studyInstanceUid, priorFiles.length, { [ct]: priorFiles.length }, 'LIGHTBOX', 'success', 0],
        ['MODALITY_B', current!.studyInstanceUid, 3, { [ct]: 3 }, 'LIGHTBOX', 'success', 0],
      ]),
    );
    const byAssociation = new Map<string, AuditEntry[]>();
    for (const r of rows) byAssociation.set(r.peerAddress, [...(byAssociation.get(r.peerAddress) ?? []), r]);
    // Two associations, each from its own loopback port.
    expect([...byAssociation.keys()]).toHaveLength(2);
    for (const address of byAssociation.keys()) expect(address).toMatch(/^(::ffff:)?127\.0\.0\.1:\d+$/);
    expect(new Set(rows.filter((r) => r.peer === 'MODALITY_B').map((r) => r.peerAddress)).size).toBe(1);
    // Who the patient is and what the study is, from the instances themselves.
    expect(rows.find((r) => r.peer === 'MODALITY_A')).toMatchObject({ patientId: manifest.patient.id, patientName: manifest.patient.name, accession: current!.accessionNumber, user: cache.auditUser, source: 'lightbox-scp' });
    if (jingAvailable()) {
      const files = await Promise.all(rows.map(async (r) => {
        const file = path.join(dir, `receive-${r.id}.xml`);
        await writeFile(file, atnaAuditMessage(r, { auditSourceId: 'lightbox@test' }));
        return file;
      }));
      await validateAuditMessages(files);
    }
  }, 60_000);
});
