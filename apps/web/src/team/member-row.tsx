import { endpoints, type Member, type Project } from '@baton/contracts';
import { useState } from 'react';
import { type ApiError, asApiError } from '../api/api-error.ts';
import { Link } from '../router/link.tsx';
import { roleName } from '../session/role-lookup.ts';
import { useSignedIn } from '../session/session-context.tsx';
import { ErrorNotice } from '../ui/error-notice.tsx';
import { formatDate } from '../ui/format.ts';
import { RoleCheckboxes } from './role-checkboxes.tsx';
import { personPath } from './team-paths.ts';

interface MemberRowProps {
  project: Project;
  member: Member;
  canManage: boolean;
  onChanged: (message: string, member: Member) => void;
}

type Mode = 'view' | 'edit' | 'confirm-remove';

/** One member of the team; with `member.manage`, their roles can be changed or they removed. */
export function MemberRow({ project, member, canManage, onChanged }: MemberRowProps) {
  const { api, catalogue } = useSignedIn();
  const [mode, setMode] = useState<Mode>('view');
  const [roles, setRoles] = useState<string[]>(member.roles);
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const who = member.username;
  const params = { project: project.slug, username: who };

  const run = async (action: () => Promise<string>) => {
    setBusy(true);
    setError(undefined);
    try {
      onChanged(await action(), member);
      setMode('view');
    } catch (failure) {
      setError(asApiError(failure));
    } finally {
      setBusy(false);
    }
  };

  const saveRoles = () =>
    run(async () => {
      const saved = await api.call(endpoints.setMember, { params, body: { roles } });
      return `${who} now holds: ${saved.roles.map((key) => roleName(catalogue, key)).join(', ')}.`;
    });
  const remove = () =>
    run(async () => {
      await api.call(endpoints.removeMember, { params });
      return `${who} was removed from the project.`;
    });
  const startEditing = () => {
    setRoles(member.roles);
    setError(undefined);
    setMode('edit');
  };

  return (
    <tr>
      <th scope="row">
        <Link className="member-name" to={personPath(project.slug, who)}>
          {member.displayName || who}
        </Link>
        <span className="muted">{who}</span>
      </th>
      <td>
        {mode === 'edit' ? (
          <RoleCheckboxes
            catalogue={catalogue}
            legend={`Roles of ${who}`}
            selected={roles}
            onChange={setRoles}
            disabled={busy}
          />
        ) : (
          <ul className="chips" aria-label={`Roles of ${who}`}>
            {member.roles.map((key) => (
              <li key={key} className="chip">
                {roleName(catalogue, key)}
              </li>
            ))}
          </ul>
        )}
        <ErrorNotice error={error} />
      </td>
      <td className="nowrap">{formatDate(member.addedAt)}</td>
      {canManage ? (
        <td className="row-actions">
          {mode === 'view' ? (
            <>
              <button
                type="button"
                className="button"
                onClick={startEditing}
                aria-label={`Change roles of ${who}`}
              >
                Change roles
              </button>
              <button
                type="button"
                className="button button-danger-quiet"
                onClick={() => setMode('confirm-remove')}
                aria-label={`Remove ${who}`}
              >
                Remove
              </button>
            </>
          ) : null}
          {mode === 'edit' ? (
            <>
              <button
                type="button"
                className="button button-primary"
                onClick={saveRoles}
                disabled={busy || roles.length === 0}
              >
                Save roles
              </button>
              <button type="button" className="button" onClick={() => setMode('view')} disabled={busy}>
                Cancel
              </button>
            </>
          ) : null}
          {mode === 'confirm-remove' ? (
            <>
              <span className="confirm-text">Remove {who} from the project?</span>
              <button type="button" className="button button-danger" onClick={remove} disabled={busy}>
                Yes, remove {who}
              </button>
              <button type="button" className="button" onClick={() => setMode('view')} disabled={busy}>
                Keep
              </button>
            </>
          ) : null}
        </td>
      ) : null}
    </tr>
  );
}
