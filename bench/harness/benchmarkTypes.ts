/** One side of a comparison: repeated samples of the same measurement. */
export interface Measurement {
  label: string;
  unit: string;
  samples: number[];
  median: number;
  p95: number;
  mean: number;
}

/** What a benchmark writes to bench/results/<name>.json. */
export interface BenchmarkResult {
  name: string;
  description: string;
  /** Our figure and the peer's, measured in the same run on the same machine. */
  ours: Measurement;
  peer: Measurement;
  /** ours.median / peer.median. */
  ratio: number;
  /** How to read the ratio, e.g. "lower is better (time)". */
  ratioMeaning: string;
  goal?: { ratio: number; comparison: '<=' | '>='; met: boolean };
  /** Goals stated as absolute figures (an issue's acceptance), each with the median it was checked on. */
  thresholds?: Array<{ what: string; median: number; limit: number; unit: string; met: boolean }>;
  machine: MachineInfo;
  finishedAt: string;
  notes?: string[];
}

export interface MachineInfo {
  cpuModel: string;
  cpus: number;
  memoryGiB: number;
  platform: string;
  node: string;
  [extra: string]: string | number;
}

export interface Benchmark {
  name: string;
  description: string;
  run(): Promise<Omit<BenchmarkResult, 'machine' | 'finishedAt' | 'name' | 'description'> & { machineExtras?: Record<string, string> }>;
}
