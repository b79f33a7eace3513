import { useState } from 'react';
import { CT_WINDOW_PRESETS } from '../../common/viewing/windowPresets';
import { TOOLS, type ToolName, type ViewportCommands } from './viewerTools';
import { MPR_LAYOUTS, type MprLayout } from '../mpr/MprToolbar';

export interface ViewerToolbarProps {
  tool: ToolName;
  onTool(tool: ToolName): void;
  layout: { rows: number; columns: number };
  onLayout(layout: { rows: number; columns: number }): void;
  commands(): ViewportCommands | null;
  saveState: 'idle' | 'saving' | 'saved' | 'error';
  /** Opens the active viewport's series as MPR/3D (absent while a reformat is shown). */
  onReformat?(layout: MprLayout): void;
  /** Opens the protocol editor with the current screen as a new protocol. */
  onSaveProtocol?(): void;
  /** The active viewport's window as shown: the W/L fields read it (unless being typed in). */
  activeWindow?: { center: number; width: number };
}

const LAYOUTS = [
  { rows: 1, columns: 1 },
  { rows: 1, columns: 2 },
  { rows: 2, columns: 2 },
  { rows: 3, columns: 3 },
];

/** Tools, window presets and numeric entry, view commands, cine and layout (keys in the titles). */
export function ViewerToolbar({ tool, onTool, layout, onLayout, commands, saveState, onReformat, onSaveProtocol, activeWindow }: ViewerToolbarProps) {
  /** What the reader is typing; otherwise the fields show the active viewport's window. */
  const [typed, setTyped] = useState<{ center: string; width: string }>();
  const center = typed?.center ?? (activeWindow ? String(Math.round(activeWindow.center * 100) / 100) : '');
  const width = typed?.width ?? (activeWindow ? String(Math.round(activeWindow.width * 100) / 100) : '');
  const setCenter = (value: string) => setTyped({ center: value, width });
  const setWidth = (value: string) => setTyped({ center, width: value });
  const [fps, setFps] = useState('15');
  const run = (f: (c: ViewportCommands) => void) => () => {
    const c = commands();
    if (c) f(c);
  };
  return (
    <div className="viewer-toolbar" role="toolbar" aria-label="Viewer tools">
      <div className="tool-group" role="radiogroup" aria-label="Mouse tool">
        {TOOLS.map((t) => (
          <button key={t.id} role="radio" aria-checked={tool === t.id} className={tool === t.id ? 'on' : ''} title={`${t.label} (${t.key})`} onClick={() => onTool(t.id)} data-tool={t.id}>
            {t.label}
          </button>
        ))}
      </div>
      <div className="tool-group" aria-label="Window presets">
        {CT_WINDOW_PRESETS.map((p) => (
          <button key={p.id} title={`${p.label} W ${p.width} L ${p.center} (${p.key})`} onClick={run((c) => c.applyPreset(p.id))} data-preset={p.id}>
            {p.label}
          </button>
        ))}
        <button title="Automatic from the data (9)" onClick={run((c) => c.applyPreset('auto'))} data-preset="auto">
          Auto
        </button>
        <button title="The image's own window (0)" onClick={run((c) => c.applyPreset('default'))} data-preset="default">
          Default
        </button>
        <form
          className="window-entry"
          onSubmit={(e) => {
            e.preventDefault();
            const c = Number(center);
            const w = Number(width);
            if (Number.isFinite(c) && Number.isFinite(w) && w >= 1) commands()?.setWindow(c, w);
            setTyped(undefined);
          }}
        >
          <label>
            W <input aria-label="Window width" value={width} onChange={(e) => setWidth(e.target.value)} size={5} />
          </label>
          <label>
            L <input aria-label="Window level" value={center} onChange={(e) => setCenter(e.target.value)} size={5} />
          </label>
          <button type="submit">Set</button>
        </form>
      </div>
      <div className="tool-group" aria-label="View">
        <button title="Fit (f)" onClick={run((c) => c.fit())}>Fit</button>
        <button title="1:1 pixels (o)" onClick={run((c) => c.oneToOne())} data-command="one-to-one">1:1</button>
        <button title="Rotate left ([)" onClick={run((c) => c.rotate(-90))}>⟲</button>
        <button title="Rotate right (])" onClick={run((c) => c.rotate(90))}>⟳</button>
        <button title="Flip horizontal (h)" onClick={run((c) => c.flip('h'))}>⇋</button>
        <button title="Flip vertical (v)" onClick={run((c) => c.flip('v'))}>⇵</button>
        <button title="Invert (i)" onClick={run((c) => c.invert())}>Inv</button>
        <button title="Reset (r)" onClick={run((c) => c.reset())}>Reset</button>
      </div>
      <div className="tool-group" aria-label="Cine">
        <button title="Play/stop (space)" onClick={run((c) => c.toggleCine())}>▶︎</button>
        <input aria-label="Cine frames per second" value={fps} size={3} onChange={(e) => setFps(e.target.value)} onBlur={run((c) => c.setCine({ fps: Math.max(1, Math.min(60, Number(fps) || 15)) }))} />
        <select aria-label="Cine mode" onChange={(e) => commands()?.setCine({ mode: e.target.value as 'loop' | 'bounce' })}>
          <option value="loop">Loop</option>
          <option value="bounce">Bounce</option>
        </select>
      </div>
      <div className="tool-group" aria-label="Layout">
        {LAYOUTS.map((l) => (
          <button key={`${l.rows}x${l.columns}`} className={l.rows === layout.rows && l.columns === layout.columns ? 'on' : ''} onClick={() => onLayout(l)} data-layout={`${l.rows}x${l.columns}`}>
            {l.rows}×{l.columns}
          </button>
        ))}
        {onReformat &&
          MPR_LAYOUTS.map((l) => (
            <button key={l.id} onClick={() => onReformat(l.id)} data-reformat={l.id} title={`${l.label} of the active viewport's series`}>
              {l.label}
            </button>
          ))}
        {onSaveProtocol && (
          <button onClick={onSaveProtocol} data-command="save-protocol" title="Save this arrangement as a hanging protocol (rules pre-filled from the study)">
            Save as protocol…
          </button>
        )}
      </div>
      <span className={`save-state save-${saveState}`} data-testid="save-state">
        {saveState === 'saving' ? 'Saving…' : saveState === 'saved' ? 'Measurements saved' : saveState === 'error' ? 'Save failed' : ''}
      </span>
    </div>
  );
}
