import type { HostClient } from '../../../electron/common/contract/hostClient';
import type { AiRequest, SaveResultsResponse } from '../../../electron/common/contract/hostContract';
import { SaveResultsForm } from './SaveResultsForm';
import type { ResultOverlay, SegmentStyle } from '../../common/results/resultOverlay';
import { ReportDetails } from './ReportDetails';
import { SegmentationDetails } from './SegmentationDetails';
import type { ResultKind, ResultObject } from '../../../electron/common/results/resultObjects';

const KIND_LABELS: Record<ResultKind, string> = {
  sr: 'Report',
  ko: 'Key images',
  rejection: 'Rejection note',
  pr: 'Presentation state',
  seg: 'Segmentation',
  rtstruct: 'Structure set',
  registration: 'Registration',
  rwvm: 'Value mapping',
};

export interface ResultsPanelProps {
  results: ResultObject[];
  error?: string;
  /** SOP Instance UIDs of the results drawn on the images. */
  shown: ReadonlySet<string>;
  onToggle(sopInstanceUid: string, shown: boolean): void;
  onClose(): void;
  aiRequests: AiRequest[];
  /** Nodes marked as AI services: "Send to AI" offers each. */
  aiNodes: string[];
  onSendToAi(node: string): void;
  /** The loaded overlays of the results switched on (their segments and report contents are listed). */
  overlays: ResultOverlay[];
  segmentStyles: Readonly<Record<string, SegmentStyle>>;
  onSegmentStyle(key: string, style: SegmentStyle): void;
  client: HostClient;
  studyUid: string;
  /** Nodes results may be sent to, and how to save them (absent: saving is not offered). */
  sendNodes: string[];
  onSave?(request: { keyImageTitle: string; sendTo: string[] }): Promise<SaveResultsResponse>;
}

/** The study's results — reports, AI segmentations, structure sets, presentation states — with who made them, each shown or hidden. */
export function ResultsPanel({ results, error, shown, onToggle, onClose, aiRequests, aiNodes, onSendToAi, overlays, segmentStyles, onSegmentStyle, client, studyUid, sendNodes, onSave }: ResultsPanelProps) {
  return (
    <aside className="results-panel" aria-label="Results" data-testid="results-panel">
      <div className="dialog-title">
        <span>Results</span>
        <button className="link-button" onClick={onClose} aria-label="Close results">
          ×
        </button>
      </div>
      {onSave && <SaveResultsForm nodes={sendNodes} onSave={onSave} />}
      {error && <p className="dialog-error">{error}</p>}
      {results.length === 0 && !error && <p className="dialog-note">No reports, key images, presentation states or segmentations in this study.</p>}
      <ul className="results-list">
        {results.map((r) => {
          const producer = [r.producer.manufacturer, r.producer.modelName, r.producer.softwareVersions.join(' ')].filter(Boolean).join(' ') || 'unknown producer';
          return (
            <li key={r.sopInstanceUid} data-testid="result-item" data-kind={r.kind} data-sop={r.sopInstanceUid}>
              <label>
                <input type="checkbox" checked={shown.has(r.sopInstanceUid)} onChange={(e) => onToggle(r.sopInstanceUid, e.target.checked)} disabled={r.kind === 'rejection'} />
                <strong>{KIND_LABELS[r.kind]}</strong> {r.title || r.seriesDescription}
              </label>
              <div className="result-meta">
                {r.summary} · {r.date || 'no date'}
              </div>
              <div className="result-meta" title={r.producer.algorithms.join(', ')}>
                {producer}
                {r.producer.algorithms.length > 0 && ` · ${r.producer.algorithms.join(', ')}`}
                {r.ours && ' · made here'}
              </div>
              {overlays.map((o) =>
                o.sopInstanceUid !== r.sopInstanceUid ? null : o.kind === 'seg' ? (
                  <SegmentationDetails key={o.sopInstanceUid} client={client} studyUid={studyUid} overlay={o} styles={segmentStyles} onStyle={onSegmentStyle} />
                ) : o.kind === 'sr' ? (
                  <ReportDetails key={o.sopInstanceUid} overlay={o} />
                ) : null,
              )}
            </li>
          );
        })}
      </ul>
      {(aiNodes.length > 0 || aiRequests.length > 0) && (
        <div className="ai-requests" data-testid="ai-requests">
          {aiNodes.map((node) => (
            <button key={node} className="toolbar-button" onClick={() => onSendToAi(node)} data-testid="send-to-ai">
              Send to AI: {node}
            </button>
          ))}
          {aiRequests.map((a) => (
            <div key={`${a.node}-${a.requestedAt}`} className="result-meta" data-testid="ai-request" data-state={a.state}>
              {a.node}, sent {a.requestedAt.slice(0, 19).replace('T', ' ')}: {a.state === 'pending' ? 'waiting for results' : `results arrived ${a.answeredAt?.slice(0, 19).replace('T', ' ')}`}
            </div>
          ))}
        </div>
      )}
    </aside>
  );
}
