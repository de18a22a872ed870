import { endpoints, type ProfileChange, type Project } from '@baton/contracts';
import { useState } from 'react';
import { Link } from '../router/link.tsx';
import { paths } from '../router/routes.ts';
import { roleNames } from '../session/role-lookup.ts';
import { useSignedIn } from '../session/session-context.tsx';
import { ErrorNotice, Loading, SuccessNotice } from '../ui/error-notice.tsx';
import { formatTime } from '../ui/format.ts';
import { useResource } from '../ui/use-resource.ts';
import { ProfileForm } from './profile-form.tsx';
import { RoleFitList } from './role-fit-list.tsx';

/** A member's profile (background, skills) and the roles that fit them best. */
export function PersonPage({ project, username }: { project: Project; username: string }) {
  const { api, me, catalogue } = useSignedIn();
  const params = { project: project.slug, username };
  const person = useResource(() => api.call(endpoints.getPerson, { params }), [api, project.slug, username]);
  const fit = useResource(
    () => api.call(endpoints.getMemberRoleFit, { params }),
    [api, project.slug, username],
  );
  const [editing, setEditing] = useState(false);
  const [message, setMessage] = useState<string>();
  const mine = me.user.username === username;
  const canEdit = project.myPermissions.includes('member.manage') || mine;

  const save = async (change: ProfileChange) => {
    // Managers edit through the project; everyone may edit their own profile.
    if (project.myPermissions.includes('member.manage')) {
      await api.call(endpoints.updatePerson, { params, body: change });
    } else {
      await api.call(endpoints.updateMyProfile, { body: change });
    }
    setEditing(false);
    setMessage('Profile saved; the role fit below is up to date.');
    person.reload();
    fit.reload();
  };

  const data = person.data;
  return (
    <>
      <p>
        <Link to={paths.lane(project.slug, 'team')}>← Team of {project.name}</Link>
      </p>
      <section className="panel" aria-labelledby="person-heading">
        <h1 id="person-heading">{data ? data.displayName || data.username : username}</h1>
        <SuccessNotice message={message} />
        <ErrorNotice error={person.error} title="This member cannot be shown." />
        {data && !editing ? (
          <>
            <dl className="facts">
              <dt>Username</dt>
              <dd>{data.username}</dd>
              <dt>Roles here</dt>
              <dd>{roleNames(catalogue, data.roles).join(', ') || 'none'}</dd>
              <dt>Background</dt>
              <dd>{data.background ?? 'not given'}</dd>
              {data.summary ? (
                <>
                  <dt>Summary</dt>
                  <dd>{data.summary}</dd>
                </>
              ) : null}
              <dt>Skills</dt>
              <dd>
                {data.skills.length > 0 ? (
                  <ul className="chips" aria-label={`Skills of ${data.username}`}>
                    {data.skills.map((s) => (
                      <li key={s.skill} className="chip">
                        {s.skill} · {s.level}/5
                      </li>
                    ))}
                  </ul>
                ) : (
                  'none yet'
                )}
              </dd>
              <dt>Profile updated</dt>
              <dd>{formatTime(data.updatedAt)}</dd>
            </dl>
            {canEdit ? (
              <div className="actions">
                <button type="button" className="button" onClick={() => setEditing(true)}>
                  Edit profile
                </button>
              </div>
            ) : null}
          </>
        ) : null}
        {data && editing ? (
          <ProfileForm person={data} save={save} onCancel={() => setEditing(false)} />
        ) : null}
        {person.loading && !data ? <Loading what="the profile" /> : null}
      </section>
      <section className="panel" aria-labelledby="fit-heading">
        <h2 id="fit-heading">Role fit</h2>
        <p className="muted">
          Every team role, scored from the skills the role needs (70%, weighted by level) and the background
          (30%).
        </p>
        <ErrorNotice error={fit.error} title="The role fit could not be computed." />
        {fit.data ? <RoleFitList report={fit.data} label={`Role fit of ${username}`} /> : null}
      </section>
    </>
  );
}
