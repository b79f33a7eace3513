import { useEffect, useState } from 'react';
import { readerMessage, type HostClient } from '../../../electron/common/contract/hostClient';
import type { Vec3 } from '../../../electron/common/dicom/geometry/vec3';
import { NO_ADJUSTMENT, type RigidAdjustment } from '../../../electron/common/registration/affineMatrix';
import type { FusionSource } from '../../common/fusion/fusionSource';
import { manualPlacement, savedMatrix, storedPlacement } from '../../common/fusion/registeredFusion';
import { loadStudyRegistrations } from './loadStudyRegistrations';

export interface AlignControlsProps {
  client: HostClient;
  studyUid: string;
  /** The fused series as loaded, in a Frame of Reference other than the images'. */
  source: FusionSource;
  /** The Frame of Reference of the images it is fused over. */
  imageFrameOfReferenceUid: string;
  /** The source placed over the images (registered or aligned by hand), or undefined: not placed. */
  onPlaced(source: FusionSource | undefined): void;
}

const AXES = ['x', 'y', 'z'] as const;
/** Nudge steps: a PET voxel is 2–4 mm; a degree turns a 300 mm field's edge by about 2.6 mm. */
const STEP_MM = 2;
const STEP_DEG = 1;

/**
 * Fusion across Frames of Reference: the study's Spatial Registration naming both is applied
 * when there is one; otherwise, or to correct it, the reader aligns the fused series by hand
 * (translate in mm, rotate in degrees about its centre), seen live through the fusion, and saves
 * the alignment as a Spatial Registration object in the study.
 */
export function AlignControls({ client, studyUid, source, imageFrameOfReferenceUid, onPlaced }: AlignControlsProps) {
  const [start, setStart] = useState<FusionSource>();
  const [reason, setReason] = useState<string>();
  const [adjusting, setAdjusting] = useState(false);
  const [adjustment, setAdjustment] = useState<RigidAdjustment>(NO_ADJUSTMENT);
  const [typed, setTyped] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState<string>();
  const [reloaded, setReloaded] = useState(0);

  // The stored registration, if the study holds one naming both Frames of Reference.
  useEffect(() => {
    let live = true;
    setStart(undefined);
    setReason('Looking for a registration…');
    loadStudyRegistrations(client, studyUid).then(
      ({ registrations, problems }) => {
        if (!live) return;
        const placed = storedPlacement(source, imageFrameOfReferenceUid, registrations);
        if (placed.ok) {
          setStart(placed.source);
          setReason(undefined);
          setAdjusting(false);
          setAdjustment(NO_ADJUSTMENT);
        } else setReason([placed.reason, ...problems].join('; '));
      },
      (e: unknown) => live && setReason(`registrations not read: ${readerMessage(e)}`),
    );
    return () => {
      live = false;
    };
  }, [client, studyUid, source, imageFrameOfReferenceUid, reloaded]);

  // What the viewports show: the stored placement, or the alignment by hand on top of it.
  useEffect(() => {
    if (adjusting) onPlaced(manualPlacement(source, imageFrameOfReferenceUid, start?.registration?.matrix, adjustment));
    else onPlaced(start);
  }, [adjusting, adjustment, start, source, imageFrameOfReferenceUid, onPlaced]);
  useEffect(() => () => onPlaced(undefined), [onPlaced]);

  const set = (kind: keyof RigidAdjustment, axis: number, value: number) =>
    setAdjustment((a) => ({ ...a, [kind]: a[kind].map((x, i) => (i === axis ? value : x)) as Vec3 }));
  const field = (kind: keyof RigidAdjustment, axis: number, step: number, unit: string) => {
    const key = `${kind}${axis}`;
    const value = adjustment[kind][axis]!;
    const label = `${kind === 'translate' ? 'Shift' : 'Rotate'} ${AXES[axis]} (${unit})`;
    return (
      <span key={key} style={{ whiteSpace: 'nowrap' }}>
        <button type="button" aria-label={`${label} −`} onClick={() => { set(kind, axis, value - step); setTyped((t) => ({ ...t, [key]: String(value - step) })); }} data-testid={`align-${key}-minus`}>−</button>
        <input
          type="number"
          step="any"
          style={{ width: 52 }}
          aria-label={label}
          title={label}
          value={typed[key] ?? String(value)}
          onChange={(e) => {
            setTyped((t) => ({ ...t, [key]: e.target.value }));
            const n = Number(e.target.value);
            if (e.target.value.trim() && Number.isFinite(n)) set(kind, axis, n);
          }}
          data-testid={`align-${key}`}
        />
        <button type="button" aria-label={`${label} +`} onClick={() => { set(kind, axis, value + step); setTyped((t) => ({ ...t, [key]: String(value + step) })); }} data-testid={`align-${key}-plus`}>+</button>
      </span>
    );
  };
  const reset = () => {
    setAdjustment(NO_ADJUSTMENT);
    setTyped({});
  };
  const save = () => {
    const placed = manualPlacement(source, imageFrameOfReferenceUid, start?.registration?.matrix, adjustment);
    setSaving('Saving the registration…');
    client.call('saveStudyRegistration', { params: { studyUid }, body: { imageFrameOfReferenceUid, movingSeriesUid: source.seriesInstanceUid, matrix: savedMatrix(placed.registration!) } }).then(
      (saved) => {
        setSaving(`Saved as a registration (REG ${saved.sopInstanceUid.slice(-8)}).`);
        setAdjusting(false);
        reset();
        // Read back from the study: what re-opening it would apply.
        setReloaded((n) => n + 1);
      },
      (e: unknown) => setSaving(`Not saved: ${readerMessage(e)}`),
    );
  };

  return (
    <div className="tool-group align-controls" data-testid="align-controls" role="group" aria-label="Registration" style={{ flexWrap: 'wrap' }}>
      {!adjusting && (
        <>
          {reason && <span data-testid="align-reason" style={{ fontSize: 12, color: 'var(--danger)' }}>{`Not registered: ${reason}.`}</span>}
          <button type="button" onClick={() => setAdjusting(true)} data-testid="align-start" title="Place the fused series by hand: shift and rotate it until it matches the images">
            {start ? 'Adjust alignment' : 'Align by hand'}
          </button>
        </>
      )}
      {adjusting && (
        <>
          {AXES.map((_, i) => field('translate', i, STEP_MM, 'mm'))}
          {AXES.map((_, i) => field('rotateDegrees', i, STEP_DEG, '°'))}
          <button type="button" onClick={save} data-testid="align-save" title="Store the alignment in the study as a Spatial Registration object">Save registration</button>
          <button type="button" onClick={reset} data-testid="align-reset">Reset</button>
          <button type="button" onClick={() => { reset(); setAdjusting(false); }} data-testid="align-cancel">Cancel</button>
        </>
      )}
      {saving && <span role="status" data-testid="align-saved" style={{ fontSize: 12 }}>{saving}</span>}
    </div>
  );
}
