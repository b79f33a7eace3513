import os from 'node:os';
import type { MachineInfo } from './benchmarkTypes';

export function machineInfo(extras: Record<string, string> = {}): MachineInfo {
  return {
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    cpus: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.release()}`,
    node: process.version,
    ...extras,
  };
}
