import { useState } from 'react';
import { readerMessage } from '../../../electron/common/contract/hostClient';
import type { PacsStatus, StudySummary } from '../../../electron/common/contract/hostContract';
import type { SecondOpinionResponse } from '../../../electron/common/export/secondOpinion';
import { formatPersonName } from '../../common/formatDicomValues';
import { deidentificationOf, type DeidentifyForm } from '../../common/export/exportForm';
import type { HostConnection } from '../host/hostConnection';
import { Dialog } from '../shell/Dialog';
import { DeidentifyFields } from './DeidentifyFields';
import './exportDialogs.css';

export interface SecondOpinionDialogProps {
  host: HostConnection;
  study: Pick<StudySummary, 'studyInstanceUid' | 'patientName' | 'studyDescription'>;
  pacs: PacsStatus;
  onClose(): void;
}

function sentText(r: SecondOpinionResponse): string {
  const what = r.deidentified ? `De-identified copy (patient ${r.pseudonym}, study ${r.studyInstanceUid}) kept in the study list;` : 'The study as it is:';
  const already = r.instances - r.queued;
  return `${what} ${r.queued} of ${r.instances} instances queued for ${r.node}${already > 0 ? ` (${already} already sent there)` : ''}. The PACS status shows the outbox.`;
}

/** "Send for second opinion": a node, and (by default) de-identification under the project's pseudonym. */
export function SecondOpinionDialog({ host, study, pacs, onClose }: SecondOpinionDialogProps) {
  const [node, setNode] = useState(pacs.nodes[0]?.name ?? '');
  const [deidentify, setDeidentify] = useState<DeidentifyForm>({ enabled: true, options: [], pseudonym: '' });
  const [sending, setSending] = useState(false);
  const [sent, setSent] = useState<SecondOpinionResponse>();
  const [error, setError] = useState<string>();

  const send = (): void => {
    const deid = deidentificationOf(deidentify);
    setSending(true);
    setError(undefined);
    setSent(undefined);
    host.client
      .call('sendSecondOpinion', { params: { studyUid: study.studyInstanceUid }, body: { node, ...(deid ? { deidentify: deid } : {}) } })
      .then(setSent, (e: unknown) => setError(readerMessage(e)))
      .finally(() => setSending(false));
  };

  return (
    <Dialog title="Send for second opinion" testId="second-opinion-dialog" onClose={onClose}>
      <p className="dialog-note">
        {formatPersonName(study.patientName)} — {study.studyDescription || study.studyInstanceUid}
      </p>
      <div className="export-form">
        <label>
          Send to
          <select className="source-select" aria-label="Send to" value={node} onChange={(e) => setNode(e.target.value)} disabled={sending}>
            {pacs.nodes.map((n) => (
              <option key={n.name} value={n.name}>
                {n.name}
                {n.state === 'offline' ? ' (offline: sent when it answers)' : ''}
              </option>
            ))}
          </select>
        </label>
      </div>
      <DeidentifyFields value={deidentify} onChange={setDeidentify} withoutRetainUids hint="recommended outside your organisation" disabled={sending} />
      {sent && (
        <p className="dialog-note" role="status" data-testid="second-opinion-result">
          {sentText(sent)}
          {sent.leftOut.map((l) => (
            <span key={l.sopInstanceUid} className="dialog-error">
              <br />
              Left out: {l.reason}
            </span>
          ))}
        </p>
      )}
      {error && (
        <div className="dialog-error" role="alert" data-testid="second-opinion-error">
          {error}
        </div>
      )}
      <div className="dialog-actions">
        <button className="toolbar-button" onClick={send} disabled={sending || !node} data-testid="second-opinion-send">
          {sending ? 'Sending…' : 'Send'}
        </button>
        <button className="toolbar-button" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
