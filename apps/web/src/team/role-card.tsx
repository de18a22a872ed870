import type { RoleDefinition } from '@baton/contracts';
import { LANE_INFO } from '../lanes/lane-info.ts';

/** One role of the catalogue: purpose, each responsibility with what in Baton serves it, skills. */
export function RoleCard({ role }: { role: RoleDefinition }) {
  const headingId = `role-${role.key}`;
  return (
    <section className="panel role-card" aria-labelledby={headingId}>
      <h2 id={headingId}>{role.name}</h2>
      <p className="muted">
        <code>{role.key}</code> · {LANE_INFO[role.lane].title} lane
        {role.kind === 'access' ? ' · grants access in Baton, not a job on the team' : ''}
      </p>
      <p>{role.purpose}</p>
      {role.responsibilities.length > 0 ? (
        <table className="table">
          <caption className="visually-hidden">Responsibilities of the {role.name}</caption>
          <thead>
            <tr>
              <th scope="col">Responsibility</th>
              <th scope="col">In Baton</th>
              <th scope="col">Permissions</th>
            </tr>
          </thead>
          <tbody>
            {role.responsibilities.map((r) => (
              <tr key={r.key}>
                <th scope="row">
                  {r.title}
                  {r.importance === 'supporting' ? <span className="muted"> (supporting)</span> : null}
                </th>
                <td>{r.capabilities.join('; ') || '—'}</td>
                <td>
                  {r.permissions.map((p) => (
                    <code key={p} className="nowrap">
                      {p}{' '}
                    </code>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <dl className="facts">
        {role.skills.length > 0 ? (
          <>
            <dt>Skills</dt>
            <dd>{role.skills.join(', ')}</dd>
          </>
        ) : null}
        {role.tools.length > 0 ? (
          <>
            <dt>Typical tools</dt>
            <dd>{role.tools.join(', ')}</dd>
          </>
        ) : null}
        {role.backgrounds.length > 0 ? (
          <>
            <dt>Typical backgrounds</dt>
            <dd>{role.backgrounds.join(', ')}</dd>
          </>
        ) : null}
        <dt>All permissions</dt>
        <dd>{role.permissions.join(', ')}</dd>
      </dl>
    </section>
  );
}
