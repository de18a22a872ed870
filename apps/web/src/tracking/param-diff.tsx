import { useState } from 'react';
import { runColor } from './compare-colors.ts';

export interface DiffRun {
  id: string;
  name: string;
  params: Record<string, string>;
}

/** Param keys whose value is not the same in every run (a missing value counts as different). */
export function differingParams(runs: DiffRun[]): string[] {
  const keys = [...new Set(runs.flatMap((r) => Object.keys(r.params)))].sort();
  return keys.filter((k) => new Set(runs.map((r) => r.params[k] ?? '\u0000missing')).size > 1);
}

/** Params side by side, one column per run; rows whose values differ are highlighted. */
export function ParamDiff({ runs }: { runs: DiffRun[] }) {
  const [onlyDiffering, setOnlyDiffering] = useState(false);
  const differing = new Set(differingParams(runs));
  const keys = [...new Set(runs.flatMap((r) => Object.keys(r.params)))]
    .sort()
    .filter((k) => !onlyDiffering || differing.has(k));
  return (
    <div>
      <label>
        <input type="checkbox" checked={onlyDiffering} onChange={(e) => setOnlyDiffering(e.target.checked)} />{' '}
        Only params that differ ({differing.size})
      </label>
      <table aria-label="Param differences">
        <thead>
          <tr>
            <th scope="col">Param</th>
            {runs.map((r, i) => (
              <th key={r.id} scope="col" style={{ color: runColor(i) }}>
                {r.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => {
            const differs = differing.has(k);
            return (
              <tr
                key={k}
                data-differs={differs ? 'true' : 'false'}
                style={differs ? { background: '#fff3cd' } : undefined}
              >
                <th scope="row">
                  {k}
                  {differs ? <span className="muted"> (differs)</span> : null}
                </th>
                {runs.map((r) => (
                  <td key={r.id}>{r.params[k] ?? <span className="muted">-</span>}</td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
