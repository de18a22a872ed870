import type { RoleFitReport } from '@baton/contracts';

interface RoleFitListProps {
  report: RoleFitReport;
  /** How many roles to show; all of them when absent. */
  top?: number;
  label: string;
}

/** Roles ranked by fit, each with its score, matched and missing skills, and why. */
export function RoleFitList({ report, top, label }: RoleFitListProps) {
  const ranking = top ? report.ranking.slice(0, top) : report.ranking;
  return (
    <div>
      {report.startingPoint ? (
        <p>
          Background <strong>{report.startingPoint.background}</strong>
          {report.startingPoint.word ? <> (read from “{report.startingPoint.word}”)</> : null}: usual starting
          role{report.startingPoint.roles.length > 1 ? 's' : ''}{' '}
          <strong>
            {report.startingPoint.roles
              .map((key) => report.ranking.find((f) => f.role === key)?.name ?? key)
              .join(' or ')}
          </strong>
          .
        </p>
      ) : null}
      {report.recognised.length > 0 ? (
        <div className="recognised">
          <p className="muted">Words recognised in the text:</p>
          <ul className="chips" aria-label="Recognised words">
            {report.recognised.map((r) => (
              <li key={`${r.word}-${r.skill}`} className="chip">
                {r.word === r.skill ? r.word : `${r.word} → ${r.skill}`}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <ol className="fit-list" aria-label={label}>
        {ranking.map((fit, i) => (
          <li key={fit.role} className="fit">
            <span className="fit-rank">{i + 1}</span>
            <span className="fit-name">
              {fit.name}
              {fit.startingRole ? <span className="badge">starting role</span> : null}
              {fit.held ? <span className="badge">held</span> : null}
            </span>
            <span className="fit-bar" title={`score ${fit.score} of 100`}>
              <span style={{ width: `${fit.score}%` }} />
            </span>
            <span className="fit-detail">
              <strong>{fit.score.toFixed(0)}</strong> · {fit.explanation}
            </span>
          </li>
        ))}
      </ol>
      {report.otherSkills.length > 0 ? (
        <p className="muted">No role asks for: {report.otherSkills.join(', ')}.</p>
      ) : null}
    </div>
  );
}
