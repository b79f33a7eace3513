import { useEffect, useState, type ChangeEvent } from 'react';
import type { HostClient } from '../../../electron/common/contract/hostClient';
import { readerMessage } from '../../../electron/common/contract/hostClient';
import type { ProtocolList } from '../../../electron/common/contract/hostContract';
import type { HangingProtocol, RuleOp, StudyAttribute, StudyRule } from '../../../electron/common/hanging/protocolTypes';
import { protocolIdFor } from '../../common/hanging/arrangementProtocol';
import { Dialog } from '../shell/Dialog';

export interface ProtocolEditorDialogProps {
  client: HostClient;
  /** The protocol to edit: the current screen as a new protocol, pre-filled from the study. */
  initial: HangingProtocol;
  onClose(): void;
}

const STUDY_ATTRIBUTES: StudyAttribute[] = ['modality', 'bodyPart', 'studyDescription', 'institution', 'numberOfImages', 'numberOfSeries'];
const OPS: RuleOp[] = ['equals', 'contains', 'matches', 'oneOf', 'range', 'present', 'absent'];

/** A rule's value as typed in the form: lists comma-separated, ranges as "min, max". */
const valueText = (rule: StudyRule): string => (Array.isArray(rule.value) ? rule.value.join(', ') : String(rule.value ?? ''));
function parsedValue(op: RuleOp, text: string): StudyRule['value'] {
  const parts = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (op === 'oneOf') return parts;
  if (op === 'range') return parts.slice(0, 2).map(Number) as [number, number];
  if (op === 'present' || op === 'absent') return undefined;
  return text;
}

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * The hanging-protocol editor: the current screen saved as a new protocol (study rules pre-filled
 * from the study, one display set per viewport, the grid), rules and grid editable in a form,
 * stored in this workstation's protocols (the host validates), exported and imported as JSON;
 * this workstation's protocols listed with their removal.
 */
export function ProtocolEditorDialog({ client, initial, onClose }: ProtocolEditorDialogProps) {
  const [protocol, setProtocol] = useState(initial);
  const [list, setList] = useState<ProtocolList>();
  const [message, setMessage] = useState<{ text: string; error?: boolean }>();
  const fail = (e: unknown): void => setMessage({ text: readerMessage(e), error: true });

  useEffect(() => void client.call('listProtocols', {}).then(setList, fail), [client]);

  const rules = protocol.match;
  const setRule = (i: number, change: Partial<StudyRule>): void => setProtocol({ ...protocol, match: rules.map((r, k) => (k === i ? { ...r, ...change } : r)) });
  const stage = protocol.stages[0]!;
  const display = stage.displays[0]!;
  const grid = display.layout.kind === 'grid' ? display.layout : { rows: 1, columns: display.viewports.length };
  const setGrid = (rows: number, columns: number): void =>
    setProtocol({ ...protocol, stages: [{ ...stage, displays: [{ ...display, layout: { kind: 'grid', rows: Math.max(1, rows), columns: Math.max(1, columns) } }, ...stage.displays.slice(1)] }, ...protocol.stages.slice(1)] });
  const setSeriesDescription = (id: string, description: string): void =>
    setProtocol({ ...protocol, displaySets: protocol.displaySets.map((d) => (d.id === id ? { ...d, rules: d.rules.map((r) => (r.attribute === 'seriesDescription' ? { ...r, value: description } : r)) } : d)) });

  const save = (p: HangingProtocol): void => {
    client.call('putProtocol', { params: { protocolId: p.id }, body: p }).then((next) => {
      setList(next);
      setMessage({ text: `Saved ${p.name} (${p.id})` });
    }, fail);
  };

  const importFile = (e: ChangeEvent<HTMLInputElement>): void => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    void file.text().then((text) => {
      let parsed: HangingProtocol;
      try {
        parsed = JSON.parse(text) as HangingProtocol;
      } catch (error) {
        return fail(`${file.name}: not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
      }
      setProtocol(parsed);
      save(parsed);
    });
  };

  return (
    <Dialog title="Hanging protocol" testId="protocol-dialog" onClose={onClose}>
      <p className="dialog-note">Applies to studies that pass the required rules; the highest score among all protocols wins. Viewports find their series by the rules below.</p>
      <div className="protocol-form">
        <label>
          Name <input value={protocol.name} data-testid="protocol-name" onChange={(e) => setProtocol({ ...protocol, name: e.target.value, id: protocolIdFor(e.target.value) })} />
        </label>
        <span className="dialog-note" data-testid="protocol-id">
          {protocol.id}
        </span>
        <label>
          Grid <input type="number" min={1} max={4} value={grid.rows} aria-label="rows" onChange={(e) => setGrid(Number(e.target.value), grid.columns)} /> ×{' '}
          <input type="number" min={1} max={4} value={grid.columns} aria-label="columns" onChange={(e) => setGrid(grid.rows, Number(e.target.value))} />
        </label>
      </div>
      <table className="study-table" data-testid="protocol-rules">
        <thead>
          <tr>
            <th>Study attribute</th>
            <th>Test</th>
            <th>Value</th>
            <th>Weight</th>
            <th>Required</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rules.map((rule, i) => (
            <tr key={i}>
              <td>
                <select value={rule.attribute} onChange={(e) => setRule(i, { attribute: e.target.value as StudyAttribute })}>
                  {STUDY_ATTRIBUTES.map((a) => (
                    <option key={a}>{a}</option>
                  ))}
                </select>
              </td>
              <td>
                <select value={rule.op} onChange={(e) => setRule(i, { op: e.target.value as RuleOp, value: parsedValue(e.target.value as RuleOp, valueText(rule)) })}>
                  {OPS.map((o) => (
                    <option key={o}>{o}</option>
                  ))}
                </select>
              </td>
              <td>
                <input value={valueText(rule)} aria-label={`${rule.attribute} value`} onChange={(e) => setRule(i, { value: parsedValue(rule.op, e.target.value) })} />
              </td>
              <td>
                <input type="number" value={rule.weight ?? 1} style={{ width: 48 }} onChange={(e) => setRule(i, { weight: Number(e.target.value) })} />
              </td>
              <td>
                <input type="checkbox" checked={!!rule.required} onChange={(e) => setRule(i, { required: e.target.checked })} />
              </td>
              <td>
                <button className="link-button" onClick={() => setProtocol({ ...protocol, match: rules.filter((_, k) => k !== i) })}>
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button className="link-button" onClick={() => setProtocol({ ...protocol, match: [...rules, { attribute: 'studyDescription', op: 'contains', value: '', weight: 1 }] })}>
        Add rule
      </button>
      <table className="study-table" data-testid="protocol-viewports">
        <thead>
          <tr>
            <th>Viewport</th>
            <th>Series description</th>
          </tr>
        </thead>
        <tbody>
          {protocol.displaySets.map((d) => (
            <tr key={d.id}>
              <td>{d.id}</td>
              <td>
                <input value={String(d.rules.find((r) => r.attribute === 'seriesDescription')?.value ?? '')} aria-label={`${d.id} series description`} onChange={(e) => setSeriesDescription(d.id, e.target.value)} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="dialog-actions">
        <button onClick={() => save(protocol)} data-testid="protocol-save">
          Save
        </button>
        <button onClick={() => download(`${protocol.id}.json`, `${JSON.stringify(protocol, null, 2)}\n`)} data-testid="protocol-export">
          Export JSON
        </button>
        <label className="link-button">
          Import JSON… <input type="file" accept="application/json,.json" hidden onChange={importFile} data-testid="protocol-import" />
        </label>
      </div>
      {message && (
        <p className={message.error ? 'dialog-error' : 'dialog-note'} role={message.error ? 'alert' : 'status'} data-testid="protocol-message">
          {message.text}
        </p>
      )}
      <p className="dialog-note">This workstation&apos;s protocols</p>
      <ul data-testid="protocol-list">
        {list?.protocols
          .filter((p) => p.source === 'user')
          .map(({ protocol: p }) => (
            <li key={p.id}>
              {p.name} <span className="dialog-note">({p.id})</span>{' '}
              <button className="link-button" onClick={() => client.call('deleteProtocol', { params: { protocolId: p.id } }).then(setList, fail)} data-testid={`protocol-delete-${p.id}`}>
                Remove
              </button>
            </li>
          ))}
        {list?.problems.map((p) => (
          <li key={p} className="dialog-error">
            {p}
          </li>
        ))}
      </ul>
    </Dialog>
  );
}
