import type { MemberSkill, Person, ProfileChange } from '@baton/contracts';
import { type FormEvent, useId, useState } from 'react';
import { type ApiError, asApiError } from '../api/api-error.ts';
import { useSignedIn } from '../session/session-context.tsx';
import { ErrorNotice } from '../ui/error-notice.tsx';
import { TextField } from '../ui/text-field.tsx';

interface ProfileFormProps {
  person: Person;
  save: (change: ProfileChange) => Promise<void>;
  onCancel: () => void;
}

const OTHER = '__other__';

/** Background, summary and skills with levels; synonyms such as k8s are stored under the catalogue's name. */
export function ProfileForm({ person, save, onCancel }: ProfileFormProps) {
  const { catalogue } = useSignedIn();
  const backgrounds = (catalogue.backgrounds ?? []).map((b) => b.name);
  const known = person.background === null || backgrounds.includes(person.background);
  const [choice, setChoice] = useState(person.background === null ? '' : known ? person.background : OTHER);
  const [other, setOther] = useState(known ? '' : (person.background ?? ''));
  const [summary, setSummary] = useState(person.summary);
  const [skills, setSkills] = useState<MemberSkill[]>(person.skills);
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const backgroundId = useId();

  const setSkill = (i: number, next: Partial<MemberSkill>) =>
    setSkills(skills.map((s, k) => (k === i ? { ...s, ...next } : s)));

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const background = choice === OTHER ? other.trim() || null : choice || null;
    try {
      await save({ background, summary, skills: skills.filter((s) => s.skill.trim() !== '') });
    } catch (failure) {
      setError(asApiError(failure));
      setBusy(false);
    }
  };

  return (
    <form className="form" aria-label="Edit profile" onSubmit={onSubmit}>
      <div className="field">
        <label htmlFor={backgroundId}>Background</label>
        <select id={backgroundId} value={choice} onChange={(event) => setChoice(event.target.value)}>
          <option value="">Not given</option>
          {backgrounds.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
          <option value={OTHER}>Other…</option>
        </select>
      </div>
      {choice === OTHER ? (
        <TextField label="Other background" name="other" value={other} onChange={setOther} />
      ) : null}
      <TextField label="Summary" name="summary" value={summary} onChange={setSummary} multiline />
      <fieldset className="role-picker">
        <legend>Skills (level 1: aware of it … 5: could teach it)</legend>
        <div className="skill-rows">
          {skills.map((skill, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place; the index is their identity.
            <div key={i} className="skill-row">
              <input
                aria-label={`Skill ${i + 1}`}
                value={skill.skill}
                onChange={(event) => setSkill(i, { skill: event.target.value })}
                aria-invalid={error?.fieldError('skills') ? true : undefined}
              />
              <select
                aria-label={`Level of skill ${i + 1}`}
                value={skill.level}
                onChange={(event) => setSkill(i, { level: Number(event.target.value) })}
              >
                {[1, 2, 3, 4, 5].map((level) => (
                  <option key={level} value={level}>
                    {level}
                  </option>
                ))}
              </select>
              <button
                type="button"
                className="button button-quiet"
                onClick={() => setSkills(skills.filter((_, k) => k !== i))}
              >
                Remove
              </button>
            </div>
          ))}
        </div>
        <button
          type="button"
          className="button"
          onClick={() => setSkills([...skills, { skill: '', level: 3 }])}
        >
          Add a skill
        </button>
      </fieldset>
      <ErrorNotice error={error} title="The profile was not saved." />
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save profile'}
        </button>
        <button type="button" className="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
