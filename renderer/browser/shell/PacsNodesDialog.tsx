import { useState, type FormEvent } from 'react';
import { readerMessage } from '../../../electron/common/contract/hostClient';
import type { PacsNodeInput, PacsStatus } from '../../../electron/common/contract/hostContract';
import type { HostConnection } from '../host/hostConnection';
import { Dialog } from './Dialog';

export interface PacsNodesDialogProps {
  host: HostConnection;
  status: PacsStatus;
  onClose(): void;
}

/** The PACS settings: our AE and SCP, the remote nodes with an echo test, add/change/remove. */
export function PacsNodesDialog({ host, status, onClose }: PacsNodesDialogProps) {
  const [name, setName] = useState('');
  const [kind, setKind] = useState<'dimse' | 'dicomweb'>('dimse');
  const [aeTitle, setAeTitle] = useState('');
  const [address, setAddress] = useState('');
  const [port, setPort] = useState('104');
  const [url, setUrl] = useState('');
  const [authorization, setAuthorization] = useState('');
  const [error, setError] = useState<string>();
  const [echoing, setEchoing] = useState<string>();
  /** What the last echo found, said in words (the state column alone did not change when a node stayed online). */
  const [echoResult, setEchoResult] = useState<{ text: string; ok: boolean }>();

  const fail = (e: unknown): void => setError(readerMessage(e));

  const save = (e: FormEvent): void => {
    e.preventDefault();
    const body: PacsNodeInput = kind === 'dimse' ? { kind, aeTitle, host: address, port: Number(port) } : { kind, url, ...(authorization ? { authorization } : {}) };
    host.client.call('putPacsNode', { params: { node: name }, body }).then(() => {
      setError(undefined);
      setName('');
      setAuthorization('');
    }, fail);
  };

  const echo = (node: string): void => {
    setEchoing(node);
    setEchoResult(undefined);
    host.client
      .call('echoPacsNode', { params: { node } })
      .then(
        (s) =>
          setEchoResult(
            s.state === 'online'
              ? { ok: true, text: `${node} answered the echo${s.roundTripMs !== undefined ? ` in ${s.roundTripMs} ms` : ''}` }
              : { ok: false, text: `${node} did not answer: ${s.error ?? 'no reason given'}` },
          ),
        fail,
      )
      .finally(() => setEchoing(undefined));
  };

  return (
    <Dialog title="PACS nodes" testId="pacs-dialog" onClose={onClose}>
      <p className="dialog-note">
        This workstation: <b>{status.aeTitle}</b>, Storage SCP port {status.scpPort} — {status.scpListening ? 'receiving' : (status.scpError ?? 'not receiving')}
      </p>
      <table className="study-table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Address</th>
            <th>State</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {status.nodes.map((n) => (
            <tr key={n.name} data-testid={`pacs-row-${n.name}`}>
              <td>{n.name}</td>
              <td title={n.description}>{n.description}</td>
              <td className={`pacs-${n.state}`} title={n.error} data-testid="pacs-row-state">
                {n.state}
                {n.state === 'online' && n.roundTripMs !== undefined ? ` (${n.roundTripMs} ms)` : ''}
              </td>
              <td>
                <button className="link-button" onClick={() => echo(n.name)} disabled={echoing === n.name}>
                  {echoing === n.name ? 'Echo…' : 'Echo'}
                </button>
                <button className="link-button" onClick={() => host.client.call('deletePacsNode', { params: { node: n.name } }).catch(fail)}>
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="node-form" onSubmit={save}>
        <input className="search-box" placeholder="Name" aria-label="Node name" value={name} onChange={(e) => setName(e.target.value)} required />
        <select className="source-select" aria-label="Node kind" value={kind} onChange={(e) => setKind(e.target.value as 'dimse' | 'dicomweb')}>
          <option value="dimse">DIMSE</option>
          <option value="dicomweb">DICOMweb</option>
        </select>
        {kind === 'dimse' ? (
          <>
            <input className="search-box" placeholder="AE title" aria-label="AE title" value={aeTitle} onChange={(e) => setAeTitle(e.target.value)} required />
            <input className="search-box" placeholder="Host" aria-label="Host" value={address} onChange={(e) => setAddress(e.target.value)} required />
            <input className="search-box" placeholder="Port" aria-label="Port" inputMode="numeric" value={port} onChange={(e) => setPort(e.target.value)} required />
          </>
        ) : (
          <>
            <input className="search-box" placeholder="https://pacs/dicom-web" aria-label="DICOMweb URL" value={url} onChange={(e) => setUrl(e.target.value)} required />
            <input className="search-box" type="password" placeholder="Authorization (optional)" aria-label="Authorization" value={authorization} onChange={(e) => setAuthorization(e.target.value)} />
          </>
        )}
        <button className="toolbar-button" type="submit">
          Save
        </button>
      </form>
      {echoResult && (
        <div className={echoResult.ok ? 'dialog-note' : 'panel-error'} role="status" data-testid="pacs-echo-result">
          {echoResult.text}
        </div>
      )}
      {error && (
        <div className="panel-error" role="alert">
          {error}
        </div>
      )}
    </Dialog>
  );
}
