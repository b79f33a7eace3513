import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './orthancPeer';
import { runTool } from './runTool';
import type { WorklistEntry } from '../../electron/common/worklist/worklistTypes';

/** dcmtk's example worklist database (Debian's dcmtk package ships it with the docs). */
export const DCMTK_EXAMPLE_WORKLIST = '/usr/share/doc/dcmtk/examples/wlistdb/OFFIS';

/** dcmtk's Basic Worklist Management SCP and the tools the worklist tests compare with. */
export function worklistScpAvailable(): boolean {
  return ['/usr/bin/wlmscpfs', '/usr/bin/findscu', '/usr/bin/dump2dcm', '/usr/bin/dcm2json'].every((tool) => existsSync(tool)) && existsSync(DCMTK_EXAMPLE_WORKLIST);
}

/** The `.dump` files of dcmtk's example worklist. */
export async function exampleWorklistDumps(): Promise<string[]> {
  return (await readdir(DCMTK_EXAMPLE_WORKLIST)).filter((f) => f.endsWith('.dump')).sort().map((f) => path.join(DCMTK_EXAMPLE_WORKLIST, f));
}

export interface WorklistScp {
  port: number;
  /** The called AE title: wlmscpfs serves the database folder of that name. */
  aeTitle: string;
  /** The worklist files (.wl, made by dump2dcm) it serves. */
  files: string[];
  stop(): Promise<void>;
}

async function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * dcmtk's `wlmscpfs` on loopback serving worklist entries given as dcmtk dump files (dcmtk's
 * example worklist, or a test's own), each turned into a worklist file by `dump2dcm`.
 */
export async function startWorklistScp(dumps: Array<{ file: string } | { name: string; text: string }>, aeTitle = 'OFFIS'): Promise<WorklistScp> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-wlmscpfs-'));
  const db = path.join(dir, aeTitle);
  await mkdir(db, { recursive: true });
  await writeFile(path.join(db, 'lockfile'), '');
  const files: string[] = [];
  for (const dump of dumps) {
    let source: string;
    if ('file' in dump) source = dump.file;
    else {
      source = path.join(dir, `${dump.name}.dump`);
      await writeFile(source, dump.text);
    }
    const out = path.join(db, `${path.basename(source, '.dump')}.wl`);
    await runTool('dump2dcm', ['-q', source, out]);
    files.push(out);
  }
  const port = await freePort();
  // -dfr: dcmtk's examples lack some attributes its default check requires of a worklist file.
  const child: ChildProcess = spawn('wlmscpfs', ['--single-process', '-dfp', dir, '-dfr', String(port)], { stdio: 'ignore' });
  const deadline = Date.now() + 10_000;
  while (!(await listening(port))) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill();
      throw new Error('wlmscpfs did not start');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    aeTitle,
    files,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A data set as dcm2json prints it (PS3.18 F.2). */
export type DcmtkJson = Record<string, { vr: string; Value?: unknown[] }>;

/** A worklist query in the terms the tests give it (the same fields as WorklistQuery). */
export interface FindscuWorklistQuery {
  scheduledDate?: string;
  modality?: string;
  stationAeTitle?: string;
  accessionNumber?: string;
  patientId?: string;
  patientName?: string;
}

/**
 * dcmtk's `findscu -W` for a query: the responses it received (written with `-X`), read by
 * `dcm2json`. The keys are spelled out here as dcmtk's `-k` paths (tag, and item of the Scheduled
 * Procedure Step Sequence), independently of how Lightbox builds its identifier.
 */
export async function findscuWorklist(port: number, calledAe: string, query: FindscuWorklistQuery): Promise<DcmtkJson[]> {
  const step = (tag: string, value?: string): string => `(0040,0100)[0].${tag}${value ? `=${value}` : ''}`;
  const top = (tag: string, value?: string): string => `${tag}${value ? `=${value}` : ''}`;
  const keys = [
    top('(0008,0050)', query.accessionNumber),
    top('(0010,0010)', query.patientName),
    top('(0010,0020)', query.patientId),
    top('(0010,0030)'),
    top('(0010,0040)'),
    top('(0020,000D)'),
    top('(0032,1060)'),
    top('(0040,1001)'),
    step('(0008,0060)', query.modality),
    step('(0040,0001)', query.stationAeTitle),
    step('(0040,0002)', query.scheduledDate),
    step('(0040,0003)'),
    step('(0040,0007)'),
    step('(0040,0009)'),
  ];
  const out = await mkdtemp(path.join(os.tmpdir(), 'lightbox-findscu-'));
  try {
    await runTool('findscu', ['-W', '-aet', 'FINDSCU', '-aec', calledAe, '-X', '-od', out, '127.0.0.1', String(port), ...keys.flatMap((k) => ['-k', k])]);
    const files = (await readdir(out)).filter((f) => f.startsWith('rsp')).sort();
    const datasets: DcmtkJson[] = [];
    for (const f of files) datasets.push(JSON.parse((await runTool('dcm2json', [path.join(out, f)])).toString()) as DcmtkJson);
    return datasets;
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

/** Queries the worklist tests ask (each matches some of dcmtk's example entries, not all). */
export const WORKLIST_TEST_QUERIES: Array<[string, FindscuWorklistQuery]> = [
  ['everything', {}],
  ['by modality', { modality: 'CT' }],
  ['by date range', { scheduledDate: '19960101-19960430' }],
  ['by one date', { scheduledDate: '19951015' }],
  ['by patient name with a wildcard', { patientName: 'HAYDN*' }],
  ['by station AE title', { stationAeTitle: 'AB45' }],
  ['by modality and an open date range', { modality: 'CT', scheduledDate: '-19951231' }],
  ['by accession number', { accessionNumber: '00007' }],
];

type Json = Record<string, { Value?: unknown[] } | undefined>;

/** A worklist response's fields (the shape of Lightbox's WorklistEntry), read here tag by tag from dcm2json's JSON. */
export function worklistFieldsFromJson(ds: Json): Omit<WorklistEntry, 'source' | 'workitemUid' | 'dataset'> {
  const one = (from: Json | undefined, tag: string): string => {
    const v = from?.[tag]?.Value?.[0];
    return v === undefined ? '' : typeof v === 'object' ? String((v as { Alphabetic?: string }).Alphabetic ?? '') : String(v);
  };
  const step = (ds['00400100']?.Value?.[0] ?? {}) as Json;
  return {
    patientName: one(ds, '00100010'),
    patientId: one(ds, '00100020'),
    patientBirthDate: one(ds, '00100030'),
    patientSex: one(ds, '00100040'),
    accessionNumber: one(ds, '00080050'),
    requestedProcedureId: one(ds, '00401001'),
    requestedProcedureDescription: one(ds, '00321060'),
    studyInstanceUid: one(ds, '0020000D'),
    scheduledStep: {
      id: one(step, '00400009'),
      startDate: one(step, '00400002'),
      startTime: one(step, '00400003'),
      modality: one(step, '00080060'),
      stationAeTitles: (step['00400001']?.Value ?? []).map(String),
      description: one(step, '00400007'),
    },
  };
}
