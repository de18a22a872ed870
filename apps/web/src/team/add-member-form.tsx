import { endpoints, type Member, type Project } from '@baton/contracts';
import { type FormEvent, useState } from 'react';
import { type ApiError, asApiError } from '../api/api-error.ts';
import { useSignedIn } from '../session/session-context.tsx';
import { ErrorNotice } from '../ui/error-notice.tsx';
import { TextField } from '../ui/text-field.tsx';
import { RoleCheckboxes } from './role-checkboxes.tsx';

interface AddMemberFormProps {
  project: Project;
  members: readonly Member[];
  onAdded: (member: Member) => void;
}

/** What the form itself can tell before asking the server. */
interface LocalProblems {
  username?: string;
  roles?: string;
}

/** Adds an existing Baton user to the project with one or more roles. */
export function AddMemberForm({ project, members, onAdded }: AddMemberFormProps) {
  const { api, catalogue } = useSignedIn();
  const [username, setUsername] = useState('');
  const [roles, setRoles] = useState<string[]>([]);
  const [error, setError] = useState<ApiError>();
  const [problems, setProblems] = useState<LocalProblems>({});
  const [busy, setBusy] = useState(false);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setError(undefined);
    const name = username.trim();
    const found: LocalProblems = {};
    if (roles.length === 0) found.roles = 'Choose at least one role.';
    if (members.some((m) => m.username.toLowerCase() === name.toLowerCase())) {
      found.username = `${name} is already on the team; change their roles in the table above.`;
    }
    setProblems(found);
    if (found.roles || found.username) return;
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

  return (
    <form className="panel form" aria-labelledby="add-member-heading" onSubmit={onSubmit} noValidate>
      <h2 id="add-member-heading">Add a member</h2>
      <p className="muted">The person needs a Baton account; an administrator creates it.</p>
      <TextField
        label="Username"
        name="username"
        value={username}
        onChange={setUsername}
        error={problems.username ?? error?.fieldError('username')}
        required
      />
      <RoleCheckboxes
        catalogue={catalogue}
        legend="Roles"
        selected={roles}
        onChange={setRoles}
        error={problems.roles ?? error?.fieldError('roles')}
        disabled={busy}
      />
      <ErrorNotice error={error} title="The member was not added." fields={['username', 'roles']} />
      <div className="actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Adding…' : 'Add member'}
        </button>
      </div>
    </form>
  );
}
