import { endpoints, type Project, type TeamHealthReport } from '@baton/contracts';
import { roleName } from '../session/role-lookup.ts';
import { useSignedIn } from '../session/session-context.tsx';
import { ErrorNotice, Loading } from '../ui/error-notice.tsx';
import { useResource } from '../ui/use-resource.ts';
import { SkillHeatmap } from './skill-heatmap.tsx';
import { TeamSettingsForm } from './team-settings-form.tsx';

const STATUS_TEXT = { healthy: 'Healthy', attention: 'Needs attention', at_risk: 'At risk' } as const;
const SEVERITY_TEXT = { critical: 'Critical', warning: 'Warning', info: 'Note' } as const;
const COVERAGE_TEXT = {
  covered: 'covered',
  uncovered: 'nobody',
  unused: 'assigned, not done',
  not_needed: 'not needed',
} as const;

/** The project team's health: findings with actions, coverage of every responsibility, the heatmap. */
export function HealthReport({ project }: { project: Project }) {
  const { api } = useSignedIn();
  const report = useResource(
    () => api.call(endpoints.getTeamHealth, { params: { project: project.slug } }),
    [api, project.slug],
  );
  const canManage = project.myPermissions.includes('member.manage');
  return (
    <>
      <section className="panel" aria-labelledby="health-heading">
        <h2 id="health-heading">Team health</h2>
        <ErrorNotice error={report.error} title="The team health could not be loaded." />
        {report.data ? (
          <Report report={report.data} />
        ) : report.loading ? (
          <Loading what="the team health" />
        ) : null}
      </section>
      {report.data ? (
        <section className="panel" aria-labelledby="heatmap-heading">
          <h2 id="heatmap-heading">Skills by role</h2>
          <p className="muted">
            For each skill a role needs, the best level among the people holding that role (from their
            profiles).
          </p>
          <SkillHeatmap matrix={report.data.skillMatrix} mode="team" label="Skills by role" />
        </section>
      ) : null}
      {report.data ? (
        <TeamSettingsForm
          project={project}
          settings={report.data.settings}
          coverage={report.data.coverage}
          canManage={canManage}
          onSaved={report.reload}
        />
      ) : null}
    </>
  );
}

function Report({ report }: { report: TeamHealthReport }) {
  const { catalogue } = useSignedIn();
  const { summary, ratio } = report;
  return (
    <>
      <p>
        <span className={`health-status health-status-${summary.status}`}>{STATUS_TEXT[summary.status]}</span>{' '}
        {summary.people} people in team roles · {summary.critical} critical · {summary.warning} warnings ·{' '}
        {summary.info} notes
      </p>
      {report.findings.length === 0 ? (
        <p className="notice notice-success">
          No findings: every responsibility the project needs has an owner.
        </p>
      ) : (
        <ul className="findings" aria-label="Findings">
          {report.findings.map((finding) => (
            <li key={`${finding.code}-${finding.title}`} className={`finding finding-${finding.severity}`}>
              <span className={`severity severity-${finding.severity}`}>
                {SEVERITY_TEXT[finding.severity]}
              </span>
              <h3>{finding.title}</h3>
              <p>{finding.detail}</p>
              <p className="finding-action">{finding.action}</p>
            </li>
          ))}
        </ul>
      )}
      <dl className="facts">
        <dt>Data scientists per ML engineer</dt>
        <dd>
          {ratio.ratio === null ? `${ratio.dataScientists} data scientists, no ML engineer` : ratio.ratio}{' '}
          (guidance {ratio.min} to {ratio.max})
        </dd>
        <dt>Sensitive attributes</dt>
        <dd>
          {report.sensitiveAttributes.length > 0
            ? report.sensitiveAttributes.map((a) => `${a.name} (${a.source})`).join(', ')
            : 'none declared'}
        </dd>
      </dl>
      <details className="coverage" open={summary.status !== 'healthy'}>
        <summary>Who covers each responsibility ({report.coverage.length})</summary>
        <table className="table">
          <caption className="visually-hidden">Responsibilities and who covers them</caption>
          <thead>
            <tr>
              <th scope="col">Responsibility</th>
              <th scope="col">Role</th>
              <th scope="col">Covered by</th>
              <th scope="col">In use</th>
            </tr>
          </thead>
          <tbody>
            {report.coverage.map((c) => (
              <tr key={c.responsibility}>
                <th scope="row">
                  {c.title}
                  {c.importance === 'supporting' ? <span className="muted"> (supporting)</span> : null}
                </th>
                <td>{c.roles.map((key) => roleName(catalogue, key)).join(', ')}</td>
                <td>
                  <span className={`coverage-status coverage-${c.status}`}>
                    {c.coveredBy.length > 0 && c.status !== 'not_needed'
                      ? c.coveredBy.join(', ')
                      : COVERAGE_TEXT[c.status]}
                  </span>
                </td>
                <td>
                  {c.usage.length === 0
                    ? '—'
                    : c.usage.map((u) => (
                        <span
                          key={u.probe}
                          className={u.status === 'unmet' ? 'coverage-unused' : 'muted'}
                          title={u.describe}
                        >
                          {u.status === 'met' ? 'yes' : u.status === 'unmet' ? 'no' : 'not checked'}:{' '}
                          {u.detail}
                        </span>
                      ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </>
  );
}
