import { useCallback, useEffect, useRef, useState } from 'react';
import { readerMessage, type HostClient } from '../../../electron/common/contract/hostClient';
import type { DicomJsonDataset } from '../../../electron/common/dicom/model/dicomJson';
import { FUSION_COLOR_MAPS, type FusionColorMapId } from '../../common/fusion/colorMaps';
import { DEFAULT_FUSION_DISPLAY, type FusionDisplay, type FusionView } from '../../common/fusion/fusionDisplay';
import { DEFAULT_SUV_WINDOW, fusionRefusal, type FusionSource } from '../../common/fusion/fusionSource';
import { loadFusionSource } from './loadFusionSource';
import { useFusionLink, type FusionSettings } from './fusionLink';
import { SuvInputsButton } from './SuvOverridesDialog';
import { useSuvOverridesRevision } from './suvOverridesBus';
import { AlignControls } from './AlignControls';

export interface FusionControlsProps {
  client: HostClient;
  studyUid: string;
  /** The study's image series (QIDO-RS rows): what can be fused. */
  series: DicomJsonDataset[];
  /** Frame of Reference of the image the active viewport shows: a series outside it is refused. */
  frameOfReferenceUid?: string;
  /** What the active viewport fuses already (a hanging protocol's fusion): the controls show it, and switch it. */
  fused?: { seriesUid: string; display: FusionDisplay };
  onChange(view: FusionView | undefined): void;
}

const text = (ds: DicomJsonDataset, tag: string): string => String(ds[tag]?.Value?.[0] ?? '');

/** A display's settings as one string, whatever the order its fields were set in. */
const displayKey = (d: FusionDisplay): string => [d.colorMap, d.opacity, d.window.min, d.window.max, d.petOnly].join('|');

/** Modalities of series that are not image volumes: nothing to fuse. */
const NOT_VOLUMES = new Set(['OT', 'SR', 'KO', 'PR', 'SEG', 'REG', 'RTSTRUCT', 'RTPLAN', 'RTDOSE', 'DOC']);

/**
 * "Fuse with…": a second series of the study (a PET, typically) over the images, sampled in patient
 * space through the shared Frame of Reference, with its colour map, window (SUV for a PET), opacity,
 * and the PET-only look. One row under the viewer's tool bar.
 */
export function FusionControls({ client, studyUid, series, frameOfReferenceUid, fused, onChange }: FusionControlsProps) {
  const [picked, setPicked] = useState('');
  const [source, setSource] = useState<FusionSource>();
  const [display, setDisplay] = useState<FusionDisplay>();
  const [message, setMessage] = useState<string>();
  // A series loaded in another Frame of Reference than the images': placed only through a registration (AlignControls).
  const [unplaced, setUnplaced] = useState<{ source: FusionSource; imageFrameOfReferenceUid: string }>();
  const onPlaced = useCallback((placed: FusionSource | undefined) => {
    setSource((s) => placed ?? (s?.registration ? undefined : s));
    if (placed) setMessage([placed.registration?.label, ...placed.notices].filter(Boolean).join(' ') || undefined);
  }, []);
  // The window as typed (a half-typed "0." must not be replaced by the last valid number).
  const [typed, setTyped] = useState<{ min: string; max: string }>({ min: '', max: '' });
  // One fusion for the study in every window of the reading room: the other displays follow this one.
  const applyLinked = useCallback((s: FusionSettings) => {
    setPicked(s.seriesUid);
    if (!s.seriesUid) {
      setSource(undefined);
      setMessage(undefined);
    }
    if (s.display) {
      setDisplay(s.display);
      setTyped({ min: String(s.display.window.min), max: String(s.display.window.max) });
    }
  }, []);
  const link = useFusionLink(studyUid, { seriesUid: picked, ...(display ? { display } : {}) }, applyLinked);
  // Another viewport made active (or its protocol's fusion loaded): the controls show what it fuses.
  const fusedRef = useRef(fused);
  fusedRef.current = fused;
  const pickedRef = useRef(picked);
  pickedRef.current = picked;
  const fusedKey = fused ? JSON.stringify(fused) : '';
  // What these controls reported (below) comes back through the viewports as `fused`, later — on a
  // busy machine after the reader typed on: applying that echo put back the window being replaced
  // (max typed 3, shown 5 again). Only a fusion the controls did not report is applied.
  const reported = useRef<string[]>([]);
  useEffect(() => {
    const now = fusedRef.current;
    if (now && now.seriesUid === pickedRef.current && reported.current.includes(displayKey(now.display))) return;
    applyLinked(now ?? { seriesUid: '' });
  }, [fusedKey, applyLinked]);

  // The reader changed the PET's SUV inputs (SuvOverridesDialog): reload it with them.
  const suvRevision = useSuvOverridesRevision(picked || undefined);
  useEffect(() => {
    if (display) reported.current = [...reported.current.slice(-7), displayKey(display)];
    onChange(source && display ? { source, display } : undefined);
  }, [source, display, onChange]);
  // Hidden (MPR shown, study closed): the viewports stop fusing too.
  useEffect(() => () => onChange(undefined), [onChange]);
  useEffect(() => {
    setPicked('');
    setSource(undefined);
    setUnplaced(undefined);
    setMessage(undefined);
  }, [studyUid]);
  useEffect(() => {
    if (!picked) return;
    let live = true;
    setMessage('Loading the series to fuse…');
    loadFusionSource(client, studyUid, picked).then(
      (result) => {
        if (!live) return;
        const refused = !result.ok ? `Not fused: ${result.message}.` : frameOfReferenceUid ? fusionRefusal(frameOfReferenceUid, result.source) : undefined;
        const elsewhere = result.ok && !!frameOfReferenceUid && result.source.frameOfReferenceUid !== frameOfReferenceUid;
        setUnplaced(elsewhere && frameOfReferenceUid ? { source: result.source, imageFrameOfReferenceUid: frameOfReferenceUid } : undefined);
        if (!result.ok || (refused && !elsewhere)) {
          setSource(undefined);
          setMessage(refused);
          return;
        }
        // Fused because another window fused it: as that window shows it.
        const linked = link.received.current?.seriesUid === picked;
        const other = (fusedRef.current?.seriesUid === picked ? fusedRef.current.display : undefined) ?? (linked ? link.received.current?.display : undefined);
        // A series this reader picked here: the other windows take the display it opens with.
        if (!linked && fusedRef.current?.seriesUid !== picked) link.readerChange();
        const window = other?.window ?? result.source.defaultWindow;
        setSource(elsewhere ? undefined : result.source);
        setDisplay((d) => other ?? { ...DEFAULT_FUSION_DISPLAY, ...d, window });
        setTyped({ min: String(window.min), max: String(window.max) });
        setMessage(elsewhere ? refused : result.source.notices.length ? result.source.notices.join(' ') : undefined);
      },
      (e: unknown) => {
        if (!live) return;
        setSource(undefined);
        setMessage(`Not fused: ${readerMessage(e)}`);
      },
    );
    return () => {
      live = false;
    };
    // The Frame of Reference is checked when a series is picked; images shown later are checked by each viewport.
  }, [client, studyUid, picked, suvRevision]);

  // Only series that can be a volume in patient space: not a snapshot, report or other result object
  // (a view saved to the study as a Secondary Capture must not offer itself, nor bring the row).
  const volumes = series.filter((s) => !NOT_VOLUMES.has(text(s, '00080060')));
  if (volumes.length < 2) return null;
  // A PET first: it is what is fused most.
  const candidates = [...volumes].sort((a, b) => Number(text(b, '00080060') === 'PT') - Number(text(a, '00080060') === 'PT'));
  const pick = (uid: string) => {
    link.readerChange();
    setPicked(uid);
    if (uid) return;
    setSource(undefined);
    setUnplaced(undefined);
    setMessage(undefined);
  };
  // What the hidden controls show before a series is picked.
  const shown = display ?? { ...DEFAULT_FUSION_DISPLAY, window: DEFAULT_SUV_WINDOW };
  const unit = source?.unit ?? 'SUVbw';
  const modality = source?.modality ?? 'PT';
  const set = (change: Partial<FusionDisplay>) => {
    link.readerChange();
    setDisplay((d) => (d ? { ...d, ...change } : d));
  };
  const setBound = (bound: 'min' | 'max', value: string) => {
    const next = { ...typed, [bound]: value };
    setTyped(next);
    const [min, max] = [Number(next.min), Number(next.max)];
    if (next.min.trim() && next.max.trim() && Number.isFinite(min) && Number.isFinite(max) && min < max) set({ window: { min, max } });
  };

  return (
    <div className="viewer-toolbar fusion-controls" role="toolbar" aria-label="Fusion" data-testid="fusion-controls">
      <div className="tool-group">
        <label>
          Fuse with{' '}
          <select value={picked} onChange={(e) => pick(e.target.value)} data-testid="fusion-series">
            <option value="">— none —</option>
            {candidates.map((s) => (
              <option key={text(s, '0020000E')} value={text(s, '0020000E')}>
                {`Se ${text(s, '00200011')} ${text(s, '00080060')} ${text(s, '0008103E')}`.trim()}
              </option>
            ))}
          </select>
        </label>
      </div>
      {/* Laid out while hidden: the row keeps its height, so picking a series does not move the images. */}
      <div style={{ display: 'contents', visibility: source ? 'visible' : 'hidden' }} aria-hidden={!source}>
        <div className="tool-group">
          <select value={shown.colorMap} disabled={shown.petOnly} onChange={(e) => set({ colorMap: e.target.value as FusionColorMapId })} aria-label="Colour map" data-testid="fusion-colormap">
            {FUSION_COLOR_MAPS.map((m) => (
              <option key={m.id} value={m.id}>
                {m.label}
              </option>
            ))}
          </select>
        </div>
        <div className="tool-group" title={`Window of the fused values, ${unit}: the bottom gets the colour map's first colour, the top its last`}>
          {unit}{' '}
          <input type="number" step="any" style={{ width: 56 }} value={typed.min} onChange={(e) => setBound('min', e.target.value)} aria-label={`${unit} minimum`} data-testid="fusion-min" />
          –
          <input type="number" step="any" style={{ width: 56 }} value={typed.max} onChange={(e) => setBound('max', e.target.value)} aria-label={`${unit} maximum`} data-testid="fusion-max" />
        </div>
        <div className="tool-group">
          <label>
            Opacity{' '}
            <input type="range" min={0} max={100} value={Math.round(shown.opacity * 100)} disabled={shown.petOnly} onChange={(e) => set({ opacity: Number(e.target.value) / 100 })} data-testid="fusion-opacity" />{' '}
            {Math.round(shown.opacity * 100)}%
          </label>
        </div>
        <div className="tool-group">
          <label title="The fused series alone, in inverted grey">
            <input type="checkbox" checked={shown.petOnly} onChange={(e) => set({ petOnly: e.target.checked })} data-testid="fusion-pet-only" /> {modality === 'PT' ? 'PET' : modality} only
          </label>
        </div>
        {source?.modality === 'PT' && (
          <div className="tool-group">
            <SuvInputsButton client={client} studyUid={studyUid} seriesUid={source.seriesInstanceUid} edited={!!source.edited} />
          </div>
        )}
      </div>
      {message && (
        <span className="fusion-message" role={source ? 'status' : 'alert'} data-testid="fusion-message" style={{ fontSize: 12, color: source ? 'var(--text)' : 'var(--danger)' }}>
          {message}
        </span>
      )}
      {unplaced && <AlignControls client={client} studyUid={studyUid} source={unplaced.source} imageFrameOfReferenceUid={unplaced.imageFrameOfReferenceUid} onPlaced={onPlaced} />}
    </div>
  );
}
