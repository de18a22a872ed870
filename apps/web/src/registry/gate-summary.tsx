import { endpoints, type Project } from '@baton/contracts';
import { useSignedIn } from '../session/session-context.tsx';
import { ErrorNotice } from '../ui/error-notice.tsx';
import { useResource } from '../ui/use-resource.ts';

interface GateSummaryProps {
  project: Project;
  model: string;
  version: number;
  aliases: string[];
  current: string;
  onPick: (alias: string) => void;
  /** Changes when something moved, so the summary loads again. */
  generation: number;
}

/** For one version: each alias with a policy, whether its gates pass now, and how many fail. */
export function GateSummary({
  project,
  model,
  version,
  aliases,
  current,
  onPick,
  generation,
}: GateSummaryProps) {
  const { api } = useSignedIn();
  const reports = useResource(
    () =>
      Promise.all(
        aliases.map((alias) =>
          api.call(endpoints.evaluateModelGates, {
            params: { project: project.slug, model, alias },
            query: { version: String(version) },
          }),
        ),
      ),
    [api, project.slug, model, version, aliases.join(','), generation],
  );
  return (
    <div>
      <ErrorNotice error={reports.error} />
      <table className="table" aria-label={`Gates per alias for v${version}`}>
        <thead>
          <tr>
            <th scope="col">Alias</th>
            <th scope="col">Gates for v{version}</th>
          </tr>
        </thead>
        <tbody>
          {aliases.map((alias, i) => {
            const r = reports.data?.[i];
            const failing = r ? r.gates.filter((g) => !g.passed).length : 0;
            return (
              <tr key={alias} className={alias === current ? 'selected' : ''}>
                <td>
                  <button type="button" className="button button-quiet" onClick={() => onPick(alias)}>
                    @{alias}
                  </button>
                </td>
                <td>
                  {!r ? '…' : null}
                  {r && !r.hasPolicy ? <span className="muted">no policy</span> : null}
                  {r?.hasPolicy ? (
                    <span className={`badge ${r.passed ? 'status-succeeded' : 'status-failed'}`}>
                      {r.passed ? `all ${r.gates.length} pass` : `${failing} of ${r.gates.length} failing`}
                    </span>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
