import type { HostClient } from '../../../electron/common/contract/hostClient';
import { stringValue } from '../../../electron/common/dicom/model/dicomJsonAccess';
import type { HangingProtocol } from '../../../electron/common/hanging/protocolTypes';
import { protocolFromHungScreen } from '../../common/hanging/derivedProtocol';
import type { HungDisplay } from '../../../electron/common/hanging/hangingEngine';
import type { DicomJsonDataset } from '../../../electron/common/dicom/model/dicomJson';

const text = (ds: DicomJsonDataset | undefined, tag: string): string => (stringValue(ds, tag) ?? '').trim();

/** What the viewer shows now, as a new protocol for the editor (study rules from the study's and its series' QIDO rows). */
export async function screenProtocol(
  client: HostClient,
  studyUid: string,
  assigned: (string | undefined)[],
  layout: { rows: number; columns: number },
  hung?: { protocolId: string; stage: number; display: HungDisplay },
): Promise<HangingProtocol> {
  // Asked afresh: the viewer's series list may still be on its way when the button is pressed.
  const [[row], series, list] = await Promise.all([
    client.call('qidoStudies', { query: { StudyInstanceUID: studyUid } }),
    client.call('qidoSeries', { params: { studyUid } }),
    hung ? client.call('listProtocols', {}) : undefined,
  ]);
  const baseProtocol = hung && list?.protocols.find((p) => p.protocol.id === hung.protocolId)?.protocol;
  const rowOf = (uid: string | undefined) => series.find((s) => text(s, '0020000E') === uid);
  const modalities = [...new Set(series.map((s) => text(s, '00080060')).filter(Boolean))];
  const cells = Array.from({ length: layout.rows * layout.columns }, (_, i) => rowOf(assigned[i])).map((s) => (s ? { modality: text(s, '00080060'), seriesDescription: text(s, '0008103E') } : undefined));
  const study = { modalities, bodyPart: series.map((s) => text(s, '00180015')).find(Boolean) ?? '', studyDescription: text(row, '00081030') };
  const base = baseProtocol && hung ? { protocol: baseProtocol, stage: hung.stage, display: hung.display } : undefined;
  return protocolFromHungScreen(`${study.studyDescription || modalities.join('/')} ${layout.rows}×${layout.columns}`, study, { rows: layout.rows, columns: layout.columns, cells }, assigned, base);
}
