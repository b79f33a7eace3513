import { createServer, type Server } from 'node:http';

// A small UPS-RS search service for tests (no real UPS-RS peer is available here: Orthanc does
// not serve UPS-RS). Its workitems are made from Modality Worklist entries as dcm2json prints
// them, by the mapping PS3.4 Table CC.2.5-3 suggests; it answers `GET /workitems?…` with the
// matching ones (PS3.18 11.9 and 8.3.4: single value, wildcard, range, and sequence matching).

type Attribute = { vr: string; Value?: unknown[] };
type Dataset = Record<string, Attribute>;

const UPS_PUSH_SOP_CLASS = '1.2.840.10008.5.1.4.34.6.1';

/** A scheduled workitem carrying what a Modality Worklist entry (dcm2json's JSON of a .wl file) carries. */
export function workitemFromWorklistJson(mwl: Dataset, index: number): Dataset {
  const step = (mwl['00400100']?.Value?.[0] ?? {}) as Dataset;
  const copy = (from: Dataset, tags: string[]): Dataset => Object.fromEntries(tags.filter((t) => from[t]?.Value?.length).map((t) => [t, from[t]!]));
  const first = (from: Dataset, tag: string): string => String(from[tag]?.Value?.[0] ?? '');
  const code = (value: string, scheme: string): Dataset => ({ '00080100': { vr: 'SH', Value: [value] }, '00080102': { vr: 'SH', Value: [scheme] }, '00080104': { vr: 'LO', Value: [value] } });
  const modality = first(step, '00080060');
  const stations = (step['00400001']?.Value ?? []).map(String);
  return {
    '00080016': { vr: 'UI', Value: [UPS_PUSH_SOP_CLASS] },
    '00080018': { vr: 'UI', Value: [`2.25.${1000 + index}`] },
    ...copy(mwl, ['00100010', '00100020', '00100030', '00100040']),
    '00404005': { vr: 'DT', Value: [`${first(step, '00400002')}${first(step, '00400003')}`] },
    ...(modality ? { '00404026': { vr: 'SQ', Value: [code(modality, 'DCM')] } } : {}),
    ...(stations.length ? { '00404025': { vr: 'SQ', Value: stations.map((ae) => code(ae, '99LOCAL')) } } : {}),
    '0040A370': { vr: 'SQ', Value: [copy(mwl, ['00080050', '0020000D', '00321060', '00401001'])] },
    ...(step['00400007']?.Value?.length ? { '00741204': { vr: 'LO', Value: step['00400007'].Value } } : {}),
    '00741000': { vr: 'CS', Value: ['SCHEDULED'] },
  };
}

/** Keywords the service matches on (an unknown one is answered 400, as a real service would). */
const KEYWORDS: Record<string, string> = {
  PatientName: '00100010',
  PatientID: '00100020',
  ProcedureStepState: '00741000',
  ScheduledProcedureStepStartDateTime: '00404005',
  ReferencedRequestSequence: '0040A370',
  AccessionNumber: '00080050',
  ScheduledStationClassCodeSequence: '00404026',
  ScheduledStationNameCodeSequence: '00404025',
  CodeValue: '00080100',
};

function valuesAt(ds: Dataset, path: string[]): string[] {
  const [head, ...rest] = path;
  const attr = ds[KEYWORDS[head!]!];
  if (!attr?.Value) return [];
  if (rest.length) return (attr.Value as Dataset[]).flatMap((item) => valuesAt(item, rest));
  return attr.Value.map((v) => (typeof v === 'object' && v !== null ? String((v as { Alphabetic?: string }).Alphabetic ?? '') : String(v)));
}

function matches(value: string, pattern: string, vr: 'DT' | 'other'): boolean {
  if (vr === 'DT' && pattern.includes('-')) {
    const [from, to] = pattern.split('-');
    const v = value.padEnd(14, '0');
    return (!from || v >= from.padEnd(14, '0')) && (!to || v <= to.padEnd(14, '9'));
  }
  if (/[*?]/.test(pattern)) return new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`).test(value);
  return value === pattern;
}

export interface UpsRsServer {
  url: string;
  /** The query strings received, in order. */
  requests: URLSearchParams[];
  stop(): Promise<void>;
}

export async function startUpsRsServer(workitems: Dataset[]): Promise<UpsRsServer> {
  const requests: URLSearchParams[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'GET' || url.pathname !== '/workitems') {
      res.writeHead(404).end();
      return;
    }
    requests.push(url.searchParams);
    const terms = [...url.searchParams].filter(([k]) => !['includefield', 'limit', 'offset', 'fuzzymatching'].includes(k));
    const unknown = terms.find(([k]) => k.split('.').some((part) => !(part in KEYWORDS)));
    if (unknown) {
      res.writeHead(400, { 'Content-Type': 'text/plain' }).end(`unsupported matching key ${unknown[0]}`);
      return;
    }
    const found = workitems.filter((w) => terms.every(([k, pattern]) => valuesAt(w, k.split('.')).some((v) => matches(v, pattern, k === 'ScheduledProcedureStepStartDateTime' ? 'DT' : 'other'))));
    if (found.length === 0) res.writeHead(204).end();
    else res.writeHead(200, { 'Content-Type': 'application/dicom+json' }).end(JSON.stringify(found));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}`, requests, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}
