import { endpoints, type Member, type Project } from '@baton/contracts';
import { type FormEvent, useId, useState } from 'react';
import { type ApiError, asApiError } from '../api/api-error.ts';
import { useSignedIn } from '../session/session-context.tsx';
import { ErrorNotice } from '../ui/error-notice.tsx';
import { RoleCheckboxes } from './role-checkboxes.tsx';

interface AddMemberFormProps {
  project: Project;
  members: readonly Member[];
  onAdded: (member: Member) => void;
}

/** Adds an existing Baton user to the project with one or more roles. */
export function AddMemberForm({ project, members, onAdded }: AddMemberFormProps) {
  const { api, catalogue } = useSignedIn();
  const [username, setUsername] = useState('');
  const [roles, setRoles] = useState<string[]>([]);
  const [error, setError] = useState<ApiError>();
  const [rolesError, setRolesError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const usernameId = useId();
  const usernameErrorId = useId();

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setError(undefined);
    setRolesError(roles.length === 0 ? 'Choose at least one role.' : undefined);
    if (roles.length === 0) return;
    const name = username.trim();
    if (members.some((m) => m.username.toLowerCase() === name.toLowerCase())) {
      setRolesError(`${name} is already on the team; change their roles in the table above.`);
      return;
    }
    setBusy(true);
    try {
      const member = await api.call(endpoints.setMember, {
        params: { project: project.slug, username: name },
        body: { roles },
      });
      setUsername('');
      setRoles([]);
      onAdded(member);
    } catch (failure) {
      setError(asApiError(failure));
    } finally {
      setBusy(false);
    }
  };

  const usernameError = error?.fieldError('username');
  return (
    <form className="panel form" aria-labelledby="add-member-heading" onSubmit={onSubmit} noValidate>
      <h2 id="add-member-heading">Add a member</h2>
      <p className="muted">The person needs a Baton account; an administrator creates it.</p>
      <div className="field">
        <label htmlFor={usernameId}>Username</label>
        <input
          id={usernameId}
          name="username"
          autoComplete="off"
          required
          value={username}
          onChange={(event) => setUsername(event.target.value)}
          aria-invalid={usernameError ? true : undefined}
          aria-describedby={usernameError ? usernameErrorId : undefined}
        />
        {usernameError ? (
          <p id={usernameErrorId} className="field-error">
            {usernameError}
          </p>
        ) : null}
      </div>
      <RoleCheckboxes
        catalogue={catalogue}
        legend="Roles"
        selected={roles}
        onChange={setRoles}
        error={rolesError ?? error?.fieldError('roles')}
        disabled={busy}
      />
      <ErrorNotice error={error} title="The member was not added." />
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Adding…' : 'Add member'}
        </button>
      </div>
    </form>
  );
}
