import { DicomWebClient } from './dicomWebClient';
import type { PacsNode } from './pacsSettings';
import { plainSecretBox, type SecretBox } from './secretBox';

/** The DICOMweb client for a configured node, its credential opened by this process's secret box. */
export function dicomWebClientFor(node: PacsNode & { kind: 'dicomweb' }, secrets: SecretBox = plainSecretBox): DicomWebClient {
  return new DicomWebClient({ url: node.url, authorization: node.authorization ? secrets.open(node.authorization) : undefined, timeoutMs: node.timeoutMs, name: node.name });
}
