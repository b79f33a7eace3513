import { decodeMultipart, encodeMultipart } from '../../common/contract/multipart';
import type { RetrieveCounts } from '../dimse/dimseScu';
import type { QueryKeys } from '../dimse/queryIdentifier';
import type { DicomJsonDataset } from '../../common/dicom/model/dicomJson';

/** A DICOMweb request failed: names the node, the request and what came back. */
export class DicomWebError extends Error {
  override name = 'DicomWebError';
  constructor(
    readonly node: string,
    readonly failure: 'refused' | 'timeout' | 'status' | 'protocol',
    detail: string,
    readonly status?: number,
  ) {
    super(`${node}: ${detail}`);
  }
}

export interface DicomWebClientOptions {
  /** Base URL of the service (…/dicom-web). */
  url: string;
  /** Sent as the Authorization header (a bearer token or basic credentials). */
  authorization?: string;
  timeoutMs?: number;
  /** Named in errors. */
  name?: string;
}

export interface StowResult {
  stored: string[];
  failed: { sopInstanceUid: string; reason: string }[];
}

/** QIDO-RS, WADO-RS and STOW-RS (PS3.18 10.4–10.6) against one DICOMweb service. */
export class DicomWebClient {
  private readonly base: string;
  private readonly name: string;

  constructor(private readonly options: DicomWebClientOptions) {
    this.base = options.url.replace(/\/+$/, '');
    this.name = options.name ?? this.base;
  }

  private async request(pathAndQuery: string, init: RequestInit & { accept: string }): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set('Accept', init.accept);
    if (this.options.authorization) headers.set('Authorization', this.options.authorization);
    const what = `${init.method ?? 'GET'} ${pathAndQuery}`;
    let response: Response;
    try {
      response = await fetch(`${this.base}${pathAndQuery}`, { ...init, headers, signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000) });
    } catch (error) {
      const e = error as Error & { cause?: { code?: string; message?: string } };
      if (e.name === 'TimeoutError') throw new DicomWebError(this.name, 'timeout', `${what}: no answer in ${Math.round((this.options.timeoutMs ?? 30_000) / 1000)} s`);
      throw new DicomWebError(this.name, 'refused', `${what}: ${e.cause?.code ?? e.cause?.message ?? e.message}`);
    }
    if (!response.ok && response.status !== 202) {
      const body = (await response.text().catch(() => '')).slice(0, 200);
      throw new DicomWebError(this.name, 'status', `${what}: HTTP ${response.status}${body ? ` (${body})` : ''}`, response.status);
    }
    return response;
  }

  private async json(pathAndQuery: string): Promise<DicomJsonDataset[]> {
    const response = await this.request(pathAndQuery, { accept: 'application/dicom+json' });
    if (response.status === 204) return [];
    return (await response.json()) as DicomJsonDataset[];
  }

  private static query(keys: QueryKeys): string {
    const params = new URLSearchParams(keys);
    const text = params.toString();
    return text ? `?${text}` : '';
  }

  searchStudies(keys: QueryKeys = {}): Promise<DicomJsonDataset[]> {
    return this.json(`/studies${DicomWebClient.query(keys)}`);
  }

  searchSeries(studyUid: string, keys: QueryKeys = {}): Promise<DicomJsonDataset[]> {
    return this.json(`/studies/${studyUid}/series${DicomWebClient.query(keys)}`);
  }

  searchInstances(studyUid: string, keys: QueryKeys = {}): Promise<DicomJsonDataset[]> {
    return this.json(`/studies/${studyUid}/instances${DicomWebClient.query(keys)}`);
  }

  /** UPS-RS Search for Workitems (PS3.18 11.9): `GET {base}/workitems?…`, matches as DICOM JSON. */
  searchWorkitems(keys: QueryKeys = {}): Promise<DicomJsonDataset[]> {
    return this.json(`/workitems${DicomWebClient.query(keys)}`);
  }

  /** WADO-RS metadata of a study. */
  studyMetadata(studyUid: string): Promise<DicomJsonDataset[]> {
    return this.json(`/studies/${studyUid}/metadata`);
  }

  /** WADO-RS frames of an instance, in the service's transfer syntax (`*` asks for it as stored). */
  async frames(studyUid: string, seriesUid: string, sopUid: string, frames: number[]): Promise<Uint8Array[]> {
    const response = await this.request(`/studies/${studyUid}/series/${seriesUid}/instances/${sopUid}/frames/${frames.join(',')}`, { accept: 'multipart/related; type="application/octet-stream"; transfer-syntax=*' });
    return decodeMultipart(new Uint8Array(await response.arrayBuffer()), response.headers.get('content-type') ?? '').parts.map((p) => p.bytes);
  }

  /** WADO-RS retrieve of a series as Part 10 files, each handed to `onFile` as it is decoded from the response. */
  async retrieveSeries(studyUid: string, seriesUid: string, onFile: (file: Uint8Array, source: string) => void, onProgress?: (counts: RetrieveCounts) => void): Promise<RetrieveCounts> {
    const response = await this.request(`/studies/${studyUid}/series/${seriesUid}`, { accept: 'multipart/related; type="application/dicom"; transfer-syntax=*' });
    const body = decodeMultipart(new Uint8Array(await response.arrayBuffer()), response.headers.get('content-type') ?? '');
    const counts: RetrieveCounts = { remaining: body.parts.length, completed: 0, failed: 0, warning: 0 };
    for (const [i, part] of body.parts.entries()) {
      try {
        onFile(part.bytes, `${this.name} series ${seriesUid} part ${i + 1}`);
        counts.completed++;
      } catch {
        counts.failed++;
      }
      counts.remaining--;
      onProgress?.({ ...counts });
    }
    return counts;
  }

  /** STOW-RS: stores Part 10 files; the response says which instances were stored and which failed. */
  async store(files: Uint8Array[], studyUid?: string): Promise<StowResult> {
    const { bytes, contentType } = encodeMultipart({ type: 'application/dicom', parts: files.map((f) => ({ contentType: 'application/dicom', bytes: f })) });
    const response = await this.request(`/studies${studyUid ? `/${studyUid}` : ''}`, { method: 'POST', accept: 'application/dicom+json', headers: { 'Content-Type': contentType }, body: bytes as Uint8Array<ArrayBuffer> });
    const answer = (await response.json().catch(() => ({}))) as DicomJsonDataset;
    const refs = (tag: string): DicomJsonDataset[] => (answer[tag]?.Value ?? []) as DicomJsonDataset[];
    const sop = (ds: DicomJsonDataset): string => String(ds['00081155']?.Value?.[0] ?? '');
    return {
      stored: refs('00081199').map(sop),
      failed: refs('00081198').map((ds) => ({ sopInstanceUid: sop(ds), reason: `failure reason ${String(ds['00081197']?.Value?.[0] ?? 'unknown')}` })),
    };
  }

  /** A cheap request that proves the service answers (the DICOMweb equivalent of C-ECHO). */
  async ping(): Promise<number> {
    const started = performance.now();
    await this.json('/studies?limit=1');
    return performance.now() - started;
  }
}
