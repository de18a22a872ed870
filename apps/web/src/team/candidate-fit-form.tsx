import { endpoints, type MemberSkill, type RoleFitReport } from '@baton/contracts';
import { type FormEvent, useId, useState } from 'react';
import { type ApiError, asApiError } from '../api/api-error.ts';
import { useSignedIn } from '../session/session-context.tsx';
import { ErrorNotice } from '../ui/error-notice.tsx';
import { TextField } from '../ui/text-field.tsx';
import { RoleFitList } from './role-fit-list.tsx';

/** `python:4, k8s, SQL:2` (level 3 when left out). */
function parseSkills(text: string): MemberSkill[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const match = /^(.*?)(?::\s*([1-5]))?$/.exec(part);
      return { skill: (match?.[1] ?? part).trim(), level: Number(match?.[2] ?? 3) };
    });
}

/** Which role fits a candidate: skills and a background, or a pasted resume. */
export function CandidateFitForm() {
  const { api, catalogue } = useSignedIn();
  const [skills, setSkills] = useState('');
  const [background, setBackground] = useState('');
  const [text, setText] = useState('');
  const [report, setReport] = useState<RoleFitReport>();
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const backgroundId = useId();

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      setReport(
        await api.call(endpoints.fitCandidate, {
          body: {
            skills: parseSkills(skills),
            ...(background ? { background } : {}),
            ...(text.trim() ? { text } : {}),
          },
        }),
      );
    } catch (failure) {
      setError(asApiError(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="candidate-heading">
      <h2 id="candidate-heading">Which role fits a candidate?</h2>
      <form className="form" aria-label="Candidate role fit" onSubmit={onSubmit}>
        <TextField
          label="Skills"
          name="skills"
          value={skills}
          onChange={setSkills}
          hint="Comma-separated, with a level 1-5 after a colon: python:4, k8s, sklearn:2"
        />
        <div className="field">
          <label htmlFor={backgroundId}>Background</label>
          <select
            id={backgroundId}
            value={background}
            onChange={(event) => setBackground(event.target.value)}
          >
            <option value="">Not given</option>
            {(catalogue.backgrounds ?? []).map((b) => (
              <option key={b.name} value={b.name}>
                {b.name}
              </option>
            ))}
          </select>
        </div>
        <TextField
          label="Or paste a resume or a few sentences"
          name="text"
          value={text}
          onChange={setText}
          multiline
          hint="Synonyms and any case are understood: k8s is Kubernetes, sklearn is scikit-learn."
        />
        <ErrorNotice error={error} title="The role fit could not be computed." />
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? 'Ranking…' : 'Rank the roles'}
          </button>
        </div>
      </form>
      {report ? <RoleFitList report={report} top={5} label="Role fit of the candidate" /> : null}
    </section>
  );
}
