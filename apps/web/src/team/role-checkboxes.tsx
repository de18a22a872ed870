import type { RoleCatalogue } from '@baton/contracts';
import { useId } from 'react';

interface RoleCheckboxesProps {
  catalogue: RoleCatalogue;
  selected: readonly string[];
  onChange: (roles: string[]) => void;
  legend: string;
  error?: string | undefined;
  disabled?: boolean;
}

/** Picks any number of roles of the catalogue; a person may hold several. */
export function RoleCheckboxes({
  catalogue,
  selected,
  onChange,
  legend,
  error,
  disabled,
}: RoleCheckboxesProps) {
  const errorId = useId();
  const toggle = (key: string, checked: boolean) => {
    const next = checked ? [...selected, key] : selected.filter((k) => k !== key);
    // Keep the catalogue's order so the same roles always read the same way.
    onChange(catalogue.roles.map((role) => role.key).filter((k) => next.includes(k)));
  };
  return (
    <fieldset className="role-picker" aria-describedby={error ? errorId : undefined} disabled={disabled}>
      <legend>{legend}</legend>
      <div className="role-options">
        {catalogue.roles.map((role) => (
          <label key={role.key} className="role-option" title={role.purpose}>
            <input
              type="checkbox"
              checked={selected.includes(role.key)}
              onChange={(event) => toggle(role.key, event.target.checked)}
            />
            <span>{role.name}</span>
          </label>
        ))}
      </div>
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
