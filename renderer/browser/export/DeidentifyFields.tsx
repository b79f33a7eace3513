import { deidentifyOptionChoices, toggleOption, type DeidentifyForm } from '../../common/export/exportForm';

export interface DeidentifyFieldsProps {
  value: DeidentifyForm;
  onChange(value: DeidentifyForm): void;
  /** The copy is kept beside the original (second opinion): Retain UIDs is not offered. */
  withoutRetainUids?: boolean;
  /** Shown beside the switch, e.g. "recommended for a second opinion". */
  hint?: string;
  disabled?: boolean;
}

/** De-identify yes/no, the PS3.15 options and an optional pseudonym: shared by the export and second-opinion dialogs. */
export function DeidentifyFields({ value, onChange, withoutRetainUids = false, hint, disabled }: DeidentifyFieldsProps) {
  return (
    <fieldset className="deidentify-fields" disabled={disabled}>
      <label>
        <input type="checkbox" checked={value.enabled} onChange={(e) => onChange({ ...value, enabled: e.target.checked })} data-testid="deidentify-switch" />
        De-identify (PS3.15 Basic Application Confidentiality Profile){hint ? ` — ${hint}` : ''}
      </label>
      {value.enabled && (
        <>
          <p className="dialog-note">
            Names, IDs, dates and UIDs are replaced under this workstation&apos;s de-identification project: the same patient always gets the same pseudonym.
            Images that may show the patient&apos;s name in their pixels (burned-in annotation) are refused unless Clean Pixel Data has a rule for their device.
          </p>
          <div className="deidentify-options">
            {deidentifyOptionChoices(withoutRetainUids).map((o) => (
              <label key={o.value}>
                <input type="checkbox" checked={value.options.includes(o.value)} onChange={(e) => onChange({ ...value, options: toggleOption(value.options, o.value, e.target.checked) })} />
                {o.label}
              </label>
            ))}
          </div>
          <label className="deidentify-pseudonym">
            Pseudonym
            <input className="search-box" placeholder="from the project (leave empty)" aria-label="Pseudonym" value={value.pseudonym} onChange={(e) => onChange({ ...value, pseudonym: e.target.value })} />
          </label>
        </>
      )}
    </fieldset>
  );
}
