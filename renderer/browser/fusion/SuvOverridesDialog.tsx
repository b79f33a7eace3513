import { useEffect, useState } from 'react';
import { readerMessage, type HostClient } from '../../../electron/common/contract/hostClient';
import { computeSuv } from '../../../electron/common/pet/computeSuv';
import { checkSuvOverrides } from '../../../electron/common/pet/suvOverridesCheck';
import type { SuvInputs, SuvOverrides } from '../../../electron/common/pet/suvTypes';
import { Dialog } from '../shell/Dialog';
import { notifySuvOverridesChanged } from './suvOverridesBus';

export interface SuvOverridesDialogProps {
  client: HostClient;
  studyUid: string;
  seriesUid: string;
  onClose(): void;
}

type Fields = { weight: string; height: string; dose: string; injection: string };
const EMPTY: Fields = { weight: '', height: '', dose: '', injection: '' };

const fieldsOf = (o: SuvOverrides): Fields => ({
  weight: o.weightKg !== undefined ? String(o.weightKg) : '',
  height: o.heightM !== undefined ? String(o.heightM) : '',
  dose: o.injectedDoseBq !== undefined ? String(o.injectedDoseBq / 1e6) : '',
  injection: o.injectionDateTime ?? '',
});

/** Typed fields as overrides: an empty field is the header's value (not overridden). */
function overridesOf(f: Fields): SuvOverrides | string {
  const num = (s: string, what: string): number | string | undefined => {
    if (!s.trim()) return undefined;
    const n = Number(s);
    return Number.isFinite(n) ? n : `${what} is not a number`;
  };
  const weight = num(f.weight, 'Weight');
  const height = num(f.height, 'Height');
  const dose = num(f.dose, 'Injected dose');
  for (const v of [weight, height, dose]) if (typeof v === 'string') return v;
  const body = {
    ...(weight !== undefined ? { weightKg: weight as number } : {}),
    ...(height !== undefined ? { heightM: height as number } : {}),
    ...(dose !== undefined ? { injectedDoseBq: (dose as number) * 1e6 } : {}),
    ...(f.injection.trim() ? { injectionDateTime: f.injection.trim() } : {}),
  };
  const checked = checkSuvOverrides(body);
  return checked.ok ? checked.overrides : checked.message;
}

/**
 * "SUV inputs": the reader replaces a PET series' weight, height, injected dose or injection time
 * (a wrong header, a dose entered late). Kept on the host for the series and audited there; every SUV
 * shown for the series then uses them and is marked "SUV (edited)". Each field shows the header's
 * value as its placeholder; an empty field uses it. "Use header values" removes every override.
 */
export function SuvOverridesDialog({ client, studyUid, seriesUid, onClose }: SuvOverridesDialogProps) {
  const [header, setHeader] = useState<SuvInputs>();
  const [fields, setFields] = useState<Fields>(EMPTY);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    let live = true;
    Promise.all([client.call('wadoSeriesMetadata', { params: { studyUid, seriesUid } }), client.call('getSuvOverrides', { params: { studyUid, seriesUid } })]).then(
      ([datasets, kept]) => {
        if (!live) return;
        setHeader(computeSuv(datasets).inputs);
        setFields(fieldsOf(kept.overrides));
      },
      (e: unknown) => live && setError(readerMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [client, studyUid, seriesUid]);

  const save = (overrides: SuvOverrides) => {
    setBusy(true);
    client.call('putSuvOverrides', { params: { studyUid, seriesUid }, body: overrides }).then(
      () => {
        notifySuvOverridesChanged(seriesUid);
        onClose();
      },
      (e: unknown) => {
        setBusy(false);
        setError(readerMessage(e));
      },
    );
  };
  const submit = () => {
    const o = overridesOf(fields);
    if (typeof o === 'string') setError(o);
    else save(o);
  };
  const row = (key: keyof Fields, label: string, placeholder: string | undefined) => (
    <label style={{ display: 'grid', gridTemplateColumns: '11em 12em', gap: 8, alignItems: 'center', margin: '4px 0' }}>
      {label}
      <input value={fields[key]} placeholder={placeholder ?? 'not in the header'} onChange={(e) => setFields({ ...fields, [key]: e.target.value })} data-testid={`suv-override-${key}`} />
    </label>
  );
  return (
    <Dialog title="SUV inputs of this PET series" testId="suv-overrides-dialog" onClose={onClose}>
      <p style={{ fontSize: 12, maxWidth: 380 }}>An empty field uses the header&apos;s value (shown greyed). What you enter is kept for this series, recorded in the audit trail, and every SUV of the series is then shown as &ldquo;SUV (edited)&rdquo;.</p>
      {row('weight', 'Weight (kg)', header?.weightKg !== undefined ? String(header.weightKg) : undefined)}
      {row('height', 'Height (m)', header?.heightM !== undefined ? String(header.heightM) : undefined)}
      {row('dose', 'Injected dose (MBq)', header?.injectedDoseBq !== undefined ? String(Number((header.injectedDoseBq / 1e6).toPrecision(6))) : undefined)}
      {row('injection', 'Injection time (YYYYMMDDHHMMSS)', header?.injectionTime?.text)}
      {error && (
        <div role="alert" style={{ color: 'var(--danger)', fontSize: 12 }} data-testid="suv-override-error">
          {error}
        </div>
      )}
      <div style={{ display: 'flex', gap: 8, marginTop: 8 }}>
        <button onClick={submit} disabled={busy} data-testid="suv-override-save">
          Save
        </button>
        <button onClick={() => save({})} disabled={busy} data-testid="suv-override-clear">
          Use header values
        </button>
        <button onClick={onClose}>Cancel</button>
      </div>
    </Dialog>
  );
}

/** The button that opens the dialog; it reads "SUV inputs (edited)" while overrides are in force. */
export function SuvInputsButton({ client, studyUid, seriesUid, edited }: { client: HostClient; studyUid: string; seriesUid: string; edited: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button onClick={() => setOpen(true)} title="Override the PET's weight, height, injected dose or injection time" data-testid="suv-inputs">
        {edited ? 'SUV inputs (edited)…' : 'SUV inputs…'}
      </button>
      {open && <SuvOverridesDialog client={client} studyUid={studyUid} seriesUid={seriesUid} onClose={() => setOpen(false)} />}
    </>
  );
}
