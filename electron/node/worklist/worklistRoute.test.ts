import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missingHere } from '../../../testing/node/requiredInCi';
import { startServedHost, type ServedHost } from '../../../testing/node/servedHost';
import { textSink } from '../../../testing/node/textSink';
import { exampleWorklistDumps, findscuWorklist, startWorklistScp, worklistFieldsFromJson, worklistScpAvailable, type WorklistScp } from '../../../testing/node/worklistScp';
import type { PacsStatus } from '../../common/contract/hostContract';
import type { WorklistItem } from '../../common/worklist/worklistTypes';
import { runCli } from '../cli/main';

// The host's worklist request (what a study browser will list): `lightbox serve` asks the node
// marked --worklist (dcmtk's wlmscpfs with its example worklist) and answers each entry with its
// cache state; the entries are those findscu -W gets for the same query.

async function cli(argv: string[]): Promise<{ code: number; out: string }> {
  const [out, err] = [textSink(), textSink()];
  const code = await runCli(argv, { stdout: out.stream, stderr: err.stream, env: {}, untilStopped: Promise.resolve() });
  return { code, out: `${out.text()}${err.text()}` };
}

describe.skipIf(missingHere(worklistScpAvailable(), "dcmtk's wlmscpfs, findscu, dump2dcm, dcm2json and its example worklist"))('queryWorklist host request', () => {
  let dir: string;
  let scp: WorklistScp;
  let host: ServedHost;
  const post = (url: string, body: unknown): Promise<Response> =>
    fetch(`${host.origin}${url}`, { method: 'POST', headers: { authorization: `Bearer ${host.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-worklist-route-'));
    scp = await startWorklistScp((await exampleWorklistDumps()).map((file) => ({ file })));
    const dataDir = path.join(dir, 'data');
    const added = await cli(['--data-dir', dataDir, 'nodes', 'add', 'ris', `${scp.aeTitle}@127.0.0.1:${scp.port}`, '--worklist']);
    expect(added.code, added.out).toBe(0);
    expect(added.out).toContain('Modality Worklist');
    host = await startServedHost({ dataDir });
  }, 120_000);
  afterAll(async () => {
    await host?.close();
    await scp?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('answers the entries findscu -W gets, each with its cache state, and marks the node as serving the worklist', async () => {
    const status = (await (await fetch(`${host.origin}/api/pacs`, { headers: { authorization: `Bearer ${host.token}` } })).json()) as PacsStatus;
    expect(status.nodes.find((n) => n.name === 'ris')).toMatchObject({ worklist: true });
    const response = await post('/api/pacs/nodes/ris/worklist', { query: { modality: 'CT' } });
    expect(response.status).toBe(200);
    const items = (await response.json()) as WorklistItem[];
    const reference = (await findscuWorklist(scp.port, scp.aeTitle, { modality: 'CT' })).map(worklistFieldsFromJson);
    const byAccession = (a: { accessionNumber: string }, b: { accessionNumber: string }): number => a.accessionNumber.localeCompare(b.accessionNumber);
    expect(items.map(({ dataset: _d, source: _s, cache: _c, ...fields }) => fields).sort(byAccession)).toEqual(reference.sort(byAccession));
    // No studies node is configured: what the (empty) cache holds is all there is to say.
    for (const item of items) expect(item.cache).toEqual({ state: 'absent', cachedInstances: 0, studyInstanceUid: item.studyInstanceUid });
  }, 60_000);

  it('refuses a malformed query (400) and an unknown node (404) without asking the RIS', async () => {
    expect((await post('/api/pacs/nodes/ris/worklist', { query: { scheduledDate: 'tomorrow' } })).status).toBe(400);
    expect((await post('/api/pacs/nodes/ris/worklist', { query: { modalty: 'CT' } })).status).toBe(400);
    expect((await post('/api/pacs/nodes/nobody/worklist', { query: {} })).status).toBe(404);
  }, 60_000);
});
