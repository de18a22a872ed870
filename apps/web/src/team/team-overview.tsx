import { endpoints, type Member, type Project } from '@baton/contracts';
import { useState } from 'react';
import { Link } from '../router/link.tsx';
import { paths } from '../router/routes.ts';
import { roleNames } from '../session/role-lookup.ts';
import { useSignedIn } from '../session/session-context.tsx';
import { ErrorNotice, Loading, SuccessNotice } from '../ui/error-notice.tsx';
import { useResource } from '../ui/use-resource.ts';
import { AddMemberForm } from './add-member-form.tsx';
import { HealthReport } from './health-report.tsx';
import { MemberRow } from './member-row.tsx';

interface TeamOverviewProps {
  project: Project;
  onProjectChanged: () => void;
}

/**
 * The team lane's overview: who is on the project and with which roles (managing them needs
 * `member.manage`), then the team's health and its skills-by-role heatmap.
 */
export function TeamOverview({ project, onProjectChanged }: TeamOverviewProps) {
  const { api, me, catalogue, refresh } = useSignedIn();
  const members = useResource(
    () => api.call(endpoints.listMembers, { params: { project: project.slug } }),
    [api, project.slug],
  );
  const [message, setMessage] = useState<string>();
  const canManage = project.myPermissions.includes('member.manage');
  const managers = catalogue.roles.filter((role) => role.permissions.includes('member.manage'));

  const changed = (text: string, member: Member) => {
    setMessage(text);
    members.reload();
    // Changing one's own roles changes what this page may show.
    if (member.username === me.user.username) {
      onProjectChanged();
      void refresh();
    }
  };

  return (
    <>
      <section className="panel" aria-labelledby="team-heading">
        <h1 id="team-heading">Team</h1>
        <p className="lead">
          Who works on {project.name}, and the roles each person holds. Open a person for their skills and
          role fit; the <Link to={paths.roles()}>role catalogue</Link> says what each role does.
        </p>
        <SuccessNotice message={message} />
        <ErrorNotice error={members.error} title="The team could not be loaded." />
        {members.data ? (
          <table className="table">
            <caption className="visually-hidden">Members of {project.name}</caption>
            <thead>
              <tr>
                <th scope="col">Member</th>
                <th scope="col">Roles</th>
                <th scope="col">Added</th>
                {canManage ? <th scope="col">Actions</th> : null}
              </tr>
            </thead>
            <tbody>
              {members.data.items.map((member) => (
                <MemberRow
                  // The roles in the key reset the row's editing state after a change.
                  key={`${member.userId}:${member.roles.join(',')}`}
                  project={project}
                  member={member}
                  canManage={canManage}
                  onChanged={changed}
                />
              ))}
            </tbody>
          </table>
        ) : members.loading ? (
          <Loading what="the team" />
        ) : null}
      </section>
      {canManage ? (
        <AddMemberForm
          project={project}
          members={members.data?.items ?? []}
          onAdded={(member) =>
            changed(
              `${member.username} joined the team as ${listOf(roleNames(catalogue, member.roles))}.`,
              member,
            )
          }
        />
      ) : (
        <p className="notice notice-info">
          You can see the team; adding members and changing roles needs the <code>member.manage</code>{' '}
          permission, held by {managers.map((role) => role.name).join(', ') || 'no role'}.
        </p>
      )}
      {/* A change of the team changes its health; the key loads the report again. */}
      <HealthReport
        key={JSON.stringify(members.data?.items.map((m) => [m.username, m.roles]))}
        project={project}
      />
    </>
  );
}

/** `a`, `a and b`, `a, b and c`. */
function listOf(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
