import type { HostRouteImplementations } from '../../common/contract/hostContract';
import { HostError } from '../../common/contract/hostError';
import { secondOpinionRequestProblem } from '../../common/export/secondOpinion';
import { DeidentificationRefused } from '../deidentify/pseudonymousCopy';
import { ExportError } from '../export/exportSinks';
import { notCached, requireUid } from './hostRouteChecks';
import { worklistRequestProblem } from '../../common/worklist/worklistRequestCheck';
import type { LocalStudies } from './localStudies';
import type { PacsApi } from './pacsApi';

type PacsRoutes = Pick<HostRouteImplementations, 'getPacsStatus' | 'echoPacsNode' | 'queryPacs' | 'queryWorklist' | 'retrieveFromPacs' | 'sendToPacs' | 'putPacsNode' | 'deletePacsNode' | 'sendSecondOpinion'>;

/** The PACS requests of the contract; a host without networking answers 501. */
export function createPacsRoutes(pacs: PacsApi | undefined, studies: Pick<LocalStudies, 'hasStudy'>): PacsRoutes {
  const need = (): PacsApi => pacs ?? (() => {
    throw new HostError(501, 'unsupported', 'this host has no DICOM networking');
  })();
  const known = (api: PacsApi, node: string): string => {
    if (!api.status().nodes.some((n) => n.name === node)) throw new HostError(404, 'not-found', `no PACS node named "${node}"`);
    return node;
  };
  return {
    getPacsStatus: async () => need().status(),
    echoPacsNode: async ({ params }) => {
      const api = need();
      return api.echo(known(api, params.node));
    },
    queryPacs: async ({ params, body }) => {
      const api = need();
      const node = known(api, params.node);
      return fromNode(node, () => api.queryStudies(node, body ?? {}));
    },
    queryWorklist: async ({ params, body }) => {
      const api = need();
      const problem = worklistRequestProblem(body);
      if (problem) throw new HostError(400, 'bad-request', problem);
      const node = known(api, params.node);
      if (body.studiesNode !== undefined) known(api, body.studiesNode);
      return fromNode(node, () => api.queryWorklist(node, body));
    },
    retrieveFromPacs: async ({ params, body }) => {
      const api = need();
      const uid = requireUid(body?.studyInstanceUid ?? '', 'StudyInstanceUID');
      if (body.via && !['move', 'get', 'wado'].includes(body.via)) throw new HostError(400, 'bad-request', `via must be move, get or wado, not "${body.via}"`);
      const node = known(api, params.node);
      return fromNode(node, () => api.retrieve(node, uid, { via: body.via, priority: body.priority }));
    },
    putPacsNode: async ({ params, body }) => {
      const api = need();
      if (!body || (body.kind !== 'dimse' && body.kind !== 'dicomweb')) throw new HostError(400, 'bad-request', 'a node needs kind "dimse" or "dicomweb"');
      try {
        return api.saveNode(params.node, body);
      } catch (error) {
        throw new HostError(400, 'bad-request', (error as Error).message);
      }
    },
    deletePacsNode: async ({ params }) => {
      const api = need();
      return api.removeNode(known(api, params.node));
    },
    sendToPacs: async ({ params, body }) => {
      const api = need();
      return api.send(known(api, params.node), requireUid(body?.studyInstanceUid ?? '', 'StudyInstanceUID'));
    },
    sendSecondOpinion: async ({ params, body }) => {
      const api = need();
      const uid = requireUid(params.studyUid, 'StudyInstanceUID');
      const problem = secondOpinionRequestProblem(body);
      if (problem) throw new HostError(400, 'bad-request', problem);
      known(api, body.node);
      if (!studies.hasStudy(uid)) throw notCached(`study ${uid}`);
      try {
        return await api.secondOpinion(uid, body);
      } catch (error) {
        // What the profile cannot make safe is the reader's to decide (another option, or leave those out): 422, naming the instances.
        if (error instanceof DeidentificationRefused) throw new HostError(422, 'deidentify-refused', error.message);
        if (error instanceof ExportError) throw new HostError(400, 'bad-request', error.message);
        throw error;
      }
    },
  };
}

/**
 * A node that failed (refused, timed out, answered a failure status) is the PACS's trouble, not
 * the host's: 502 with the node's name and what happened ("pacs: ORTHANC@10.0.0.5:4242 refused
 * the connection"), which the reader sees as it is.
 */
async function fromNode<T>(node: string, work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof HostError) throw error;
    throw new HostError(502, 'pacs-failed', `${node}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
