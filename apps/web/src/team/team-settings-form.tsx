import { endpoints, type Project, type ResponsibilityCoverage, type TeamSettings } from '@baton/contracts';
import { type FormEvent, useState } from 'react';
import { type ApiError, asApiError } from '../api/api-error.ts';
import { useSignedIn } from '../session/session-context.tsx';
import { ErrorNotice, SuccessNotice } from '../ui/error-notice.tsx';
import { TextField } from '../ui/text-field.tsx';

interface TeamSettingsFormProps {
  project: Project;
  settings: TeamSettings;
  coverage: readonly ResponsibilityCoverage[];
  canManage: boolean;
  onSaved: () => void;
}

const words = (text: string) =>
  text
    .split(',')
    .map((w) => w.trim())
    .filter(Boolean);

/** The knobs of team health; those who manage the team may change them. */
export function TeamSettingsForm({ project, settings, coverage, canManage, onSaved }: TeamSettingsFormProps) {
  const { api } = useSignedIn();
  const [sensitive, setSensitive] = useState(settings.sensitiveAttributes.join(', '));
  const [min, setMin] = useState(String(settings.dsPerMle.min));
  const [max, setMax] = useState(String(settings.dsPerMle.max));
  const [maxRoles, setMaxRoles] = useState(String(settings.maxRolesPerPerson));
  const [small, setSmall] = useState(String(settings.smallTeamSize));
  const [notNeeded, setNotNeeded] = useState<string[]>(settings.notNeeded);
  const [error, setError] = useState<ApiError>();
  const [message, setMessage] = useState<string>();
  const [busy, setBusy] = useState(false);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setMessage(undefined);
    try {
      await api.call(endpoints.updateTeamSettings, {
        params: { project: project.slug },
        body: {
          sensitiveAttributes: words(sensitive),
          dsPerMle: { min: Number(min), max: Number(max) },
          maxRolesPerPerson: Number(maxRoles),
          smallTeamSize: Number(small),
          notNeeded,
        },
      });
      setMessage('Team settings saved; the health report is up to date.');
      onSaved();
    } catch (failure) {
      setError(asApiError(failure));
    } finally {
      setBusy(false);
    }
  };

  if (!canManage) {
    return (
      <p className="notice notice-info">
        Team-health settings (sensitive attributes, the DS:MLE guidance, how many roles one person may hold)
        are changed by those with the <code>member.manage</code> permission.
      </p>
    );
  }
  const toggle = (key: string, on: boolean) =>
    setNotNeeded(on ? [...notNeeded, key] : notNeeded.filter((k) => k !== key));
  return (
    <form className="panel form" aria-label="Team settings" onSubmit={onSubmit}>
      <h2>Team settings</h2>
      <SuccessNotice message={message} />
      <TextField
        label="Sensitive attributes"
        name="sensitive"
        value={sensitive}
        onChange={setSensitive}
        hint="Columns of the project's data such as age or sex, comma-separated. The data lane will add the ones it tags."
        error={error?.fieldError('sensitiveAttributes')}
      />
      <div className="settings-grid">
        <TextField
          label="Data scientists per ML engineer, at least"
          name="ds-min"
          value={min}
          onChange={setMin}
          required
        />
        <TextField
          label="Data scientists per ML engineer, at most"
          name="ds-max"
          value={max}
          onChange={setMax}
          required
        />
        <TextField
          label="Team roles one person may hold"
          name="max-roles"
          value={maxRoles}
          onChange={setMaxRoles}
          required
        />
        <TextField
          label="A small team has at most"
          name="small-team"
          value={small}
          onChange={setSmall}
          required
        />
      </div>
      <fieldset className="role-picker">
        <legend>Responsibilities this project does not need</legend>
        <div className="role-options">
          {coverage.map((c) => (
            <label key={c.responsibility} className="role-option">
              <input
                type="checkbox"
                checked={notNeeded.includes(c.responsibility)}
                onChange={(event) => toggle(c.responsibility, event.target.checked)}
              />
              <span>{c.title}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <ErrorNotice error={error} title="The settings were not saved." />
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save settings'}
        </button>
      </div>
    </form>
  );
}
