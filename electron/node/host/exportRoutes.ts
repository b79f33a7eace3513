import path from 'node:path';
import type { HostRouteImplementations } from '../../common/contract/hostContract';
import { HostError } from '../../common/contract/hostError';
import { exportRequestProblem } from '../../common/export/exportJob';
import type { ExportJobs } from '../export/exportJobs';
import { ExportError } from '../export/exportSinks';

type ExportRoutes = Pick<HostRouteImplementations, 'startExport' | 'listExports' | 'getExport' | 'cancelExport'>;

/** The export requests of the contract; a host without a cache to export from answers 501. */
export function createExportRoutes(exports: ExportJobs | undefined): ExportRoutes {
  const need = (): ExportJobs =>
    exports ??
    (() => {
      throw new HostError(501, 'unsupported', 'this host has no local cache to export from');
    })();
  const notFound = (id: string): HostError => new HostError(404, 'not-found', `no export "${id}" on this host (exports are remembered until the host restarts)`);
  return {
    startExport: async ({ body }) => {
      const jobs = need();
      const problem = exportRequestProblem(body);
      if (problem) throw new HostError(400, 'bad-request', problem);
      // The destination is on the host's machine; a relative path would land wherever the host was started.
      if (!path.isAbsolute(body.out)) throw new HostError(400, 'bad-request', `out: "${body.out}" is not an absolute path on the host's machine`);
      try {
        return await jobs.start(body);
      } catch (error) {
        if (error instanceof ExportError) throw new HostError(400, 'export-refused', error.message);
        throw error;
      }
    },
    listExports: async () => need().list(),
    getExport: async ({ params }) => need().get(params.exportId) ?? Promise.reject(notFound(params.exportId)),
    cancelExport: async ({ params }) => (await need().cancel(params.exportId)) ?? Promise.reject(notFound(params.exportId)),
  };
}
