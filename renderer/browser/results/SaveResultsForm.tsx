import { useState } from 'react';
import type { SaveResultsResponse } from '../../../electron/common/contract/hostContract';

/** CID 7010 titles a reader picks for the key image document. */
const TITLES: Array<[string, string]> = [
  ['113000', 'Of Interest'],
  ['113004', 'For Teaching'],
  ['113005', 'For Conference'],
  ['113002', 'For Referring Provider'],
  ['113003', 'For Surgery'],
  ['113008', 'For Peer Review'],
];

interface Props {
  /** Nodes the results may be sent to. */
  nodes: string[];
  onSave(request: { keyImageTitle: string; sendTo: string[] }): Promise<SaveResultsResponse>;
}

/** "Save results": measurements, key images and the displays as DICOM, kept here and sent to the nodes picked. */
export function SaveResultsForm({ nodes, onSave }: Props) {
  const [title, setTitle] = useState('113000');
  const [sendTo, setSendTo] = useState<string[]>([]);
  const [state, setState] = useState<{ busy?: boolean; message?: string; error?: string }>({});
  const save = () => {
    setState({ busy: true });
    onSave({ keyImageTitle: title, sendTo }).then(
      (r) => {
        const kinds = r.written.map((w) => w.kind.toUpperCase()).join(', ') || 'nothing';
        setState({ message: `Saved ${kinds}${r.queued ? `; ${r.queued} queued for ${sendTo.join(', ')}` : ''}${r.skipped.length ? `; left out: ${r.skipped.join('; ')}` : ''}` });
      },
      (e: unknown) => setState({ error: e instanceof Error ? e.message : String(e) }),
    );
  };
  return (
    <div className="save-results" data-testid="save-results">
      <label>
        Key images:{' '}
        <select value={title} onChange={(e) => setTitle(e.target.value)} aria-label="Key image document title">
          {TITLES.map(([code, label]) => (
            <option key={code} value={code}>
              {label}
            </option>
          ))}
        </select>
      </label>
      {nodes.map((n) => (
        <label key={n}>
          <input type="checkbox" checked={sendTo.includes(n)} onChange={(e) => setSendTo((s) => (e.target.checked ? [...s, n] : s.filter((x) => x !== n)))} /> send to {n}
        </label>
      ))}
      <button className="toolbar-button" onClick={save} disabled={state.busy} data-testid="save-results-button">
        Save results
      </button>
      {state.message && <p className="dialog-note" data-testid="save-results-message">{state.message}</p>}
      {state.error && <p className="dialog-error">{state.error}</p>}
    </div>
  );
}
