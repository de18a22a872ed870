import type { SkillMatrix } from '@baton/contracts';

interface SkillHeatmapProps {
  matrix: Pick<SkillMatrix, 'roles' | 'skills'> & {
    cells: { role: string; skill: string; level: number | null; people?: string[] }[];
  };
  /** `team`: cells show the best level among the role's holders; `catalogue`: which role needs which skill. */
  mode: 'team' | 'catalogue';
  label: string;
}

const LEVELS = [1, 2, 3, 4, 5];

/** Skills (rows) by role (columns); a coloured cell is a skill the role needs. */
export function SkillHeatmap({ matrix, mode, label }: SkillHeatmapProps) {
  const cell = (role: string, skill: string) =>
    matrix.cells.find((c) => c.role === role && c.skill === skill);
  return (
    <figure className="heatmap-figure">
      <div className="heatmap-scroll">
        <table className="heatmap" aria-label={label}>
          <thead>
            <tr>
              <td />
              {matrix.roles.map((role) => (
                <th key={role.key} scope="col" title={role.name}>
                  {role.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {matrix.skills.map((skill) => (
              <tr key={skill}>
                <th scope="row">{skill}</th>
                {matrix.roles.map((role) => {
                  const found = cell(role.key, skill);
                  if (!found) return <td key={role.key} className="heat-none" />;
                  if (mode === 'catalogue') {
                    return (
                      <td key={role.key} className="heat-3" title={`${role.name} needs ${skill}`}>
                        <span aria-hidden="true">●</span>
                        <span className="visually-hidden">needed</span>
                      </td>
                    );
                  }
                  const who = found.people?.length ? ` (${found.people.join(', ')})` : '';
                  const text =
                    found.level === null
                      ? `${role.name} needs ${skill}; nobody holding the role has it`
                      : `${role.name}: ${skill} at level ${found.level}${who}`;
                  return (
                    <td key={role.key} className={`heat-${found.level ?? 0}`} title={text}>
                      <span aria-hidden="true">{found.level ?? '–'}</span>
                      <span className="visually-hidden">{text}</span>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <figcaption className="legend">
        {mode === 'team' ? (
          <>
            <span>
              <i className="heat-0" /> needed, nobody has it
            </span>
            {LEVELS.map((level) => (
              <span key={level}>
                <i className={`heat-${level}`} /> level {level}
              </span>
            ))}
          </>
        ) : (
          <span>
            <i className="heat-3" /> the role needs the skill
          </span>
        )}
      </figcaption>
    </figure>
  );
}
