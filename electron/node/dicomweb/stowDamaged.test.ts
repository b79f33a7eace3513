import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeMultipart } from '../../common/contract/multipart';
import { parseDicom } from '../../common/dicom/parse/parseDicom';
import { missingHere } from '../../../testing/node/requiredInCi';
import { samplePath, sharedSamplesAvailable } from '../../../testing/node/sharedSamples';
import { startServedHost, type ServedHost } from '../../../testing/node/servedHost';

// STOW-RS of a truncated CT to `lightbox serve` in its own process: it answered 200 as if all was
// well, and its frame then answered 500. Now the response says so per PS3.18 10.5.3 (202, the
// instance referenced with Warning Reason B007), and the frame answers what is wrong with it.
type Item = Record<string, { Value?: Array<string | number> }>;
let dir: string;
let host: ServedHost;
let auth: Record<string, string>;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lightbox-stow-damaged-'));
  if (sharedSamplesAvailable()) host = await startServedHost({ dataDir: path.join(dir, 'data') });
  auth = host ? { authorization: `Bearer ${host.token}` } : {};
}, 60_000);
afterAll(async () => {
  await host?.close();
  await rm(dir, { recursive: true, force: true });
});

describe.skipIf(missingHere(sharedSamplesAvailable(), 'the shared DICOM samples (../shared/dicom-samples)'))('STOW-RS of damaged instances', () => {
  it('answers 202 with Warning Reason B007 for a CT whose Pixel Data is cut short, and its frame answers 422 naming the problem, without local paths', async () => {
    const ct = new Uint8Array(await readFile(samplePath('pixel-formats/CT_small.dcm')));
    const parsed = parseDicom(ct, { source: 'ct', headerOnly: true });
    const short = ct.subarray(0, parsed.pixelData!.offset + parsed.pixelData!.length! - 62);
    const good = new Uint8Array(await readFile(samplePath('pixel-formats/emri_small.dcm')));
    const body = encodeMultipart({ type: 'application/dicom', parts: [short, good].map((bytes) => ({ contentType: 'application/dicom', bytes })) });
    const response = await fetch(`${host.origin}/dicomweb/studies`, { method: 'POST', headers: { ...auth, 'content-type': body.contentType }, body: body.bytes as Uint8Array<ArrayBuffer> });
    expect(response.status).toBe(202);
    const result = (await response.json()) as Record<string, { Value: Item[] }>;
    const referenced = result['00081199']!.Value;
    expect(referenced).toHaveLength(2);
    const sop = (item: Item): string => String(item['00081155']!.Value![0]);
    const ctSop = String(parsed.dataset['00080018']!.Value![0]);
    const damagedItem = referenced.find((item) => sop(item) === ctSop)!;
    expect(damagedItem['00081196']!.Value).toEqual([0xb007]);
    expect(damagedItem['00081150']!.Value).toEqual([String(parsed.dataset['00080016']!.Value![0])]);
    expect(referenced.find((item) => sop(item) !== ctSop)!['00081196']).toBeUndefined();

    const study = String(parsed.dataset['0020000D']!.Value![0]);
    const series = String(parsed.dataset['0020000E']!.Value![0]);
    const frame = await fetch(`${host.origin}/dicomweb/studies/${study}/series/${series}/instances/${ctSop}/frames/1`, { headers: { ...auth, accept: 'multipart/related; type="application/octet-stream"' } });
    const text = await frame.text();
    expect(frame.status, text).toBe(422);
    expect(text).toMatch(/cut short/);
    expect(text).not.toContain(dir);
    expect(text).not.toMatch(/\/cache\/objects\//);
  }, 60_000);
});
