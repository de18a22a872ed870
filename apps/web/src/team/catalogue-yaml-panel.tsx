import { endpoints } from '@baton/contracts';
import { useState } from 'react';
import { type ApiError, asApiError } from '../api/api-error.ts';
import { useSignedIn } from '../session/session-context.tsx';
import { ErrorNotice, SuccessNotice } from '../ui/error-notice.tsx';

/** The catalogue as YAML: anyone may export it; administrators edit and import it. */
export function CatalogueYamlPanel() {
  const { api, me, refresh } = useSignedIn();
  const [yaml, setYaml] = useState('');
  const [error, setError] = useState<ApiError>();
  const [message, setMessage] = useState<string>();
  const [busy, setBusy] = useState(false);
  const isAdmin = me.user.isAdmin;

  const run = async (work: () => Promise<string>) => {
    setBusy(true);
    setError(undefined);
    setMessage(undefined);
    try {
      setMessage(await work());
    } catch (failure) {
      setError(asApiError(failure));
    } finally {
      setBusy(false);
    }
  };
  const load = () =>
    run(async () => {
      setYaml((await api.call(endpoints.exportRoleCatalogue)).yaml);
      return isAdmin ? 'The catalogue is below; edit it and import it.' : 'The catalogue is below.';
    });
  const importIt = (dryRun: boolean) =>
    run(async () => {
      const result = await api.call(endpoints.importRoleCatalogue, { body: { yaml, dryRun } });
      const { added, changed, removed } = result.changes;
      const what = `${added.length} added, ${changed.length} changed, ${removed.length} removed`;
      if (!result.applied) return `The document is valid. Importing it would leave ${what}.`;
      await refresh();
      return `Imported: ${what}.`;
    });

  return (
    <section className="panel" aria-labelledby="yaml-heading">
      <h2 id="yaml-heading">The catalogue as YAML</h2>
      <p className="muted">
        {isAdmin
          ? 'Export the catalogue, edit it here or in your editor, check it with a dry run, then import it. A role still held by a member cannot be dropped.'
          : 'Export the catalogue to read or share it; administrators import edited versions.'}
      </p>
      <div className="actions">
        <button type="button" className="button" onClick={load} disabled={busy}>
          Export YAML
        </button>
        {yaml ? (
          <a
            className="button"
            download="baton-roles.yaml"
            href={`data:application/yaml;charset=utf-8,${encodeURIComponent(yaml)}`}
          >
            Download
          </a>
        ) : null}
      </div>
      <SuccessNotice message={message} />
      {yaml || isAdmin ? (
        <textarea
          className="yaml-box"
          aria-label="Role catalogue YAML"
          value={yaml}
          readOnly={!isAdmin}
          onChange={(event) => setYaml(event.target.value)}
          spellCheck={false}
        />
      ) : null}
      <ErrorNotice error={error} title="The catalogue was not imported." />
      {error && error.fieldErrors.length > 0 ? (
        <ul className="problems" aria-label="Problems in the YAML">
          {error.fieldErrors.map((p) => (
            <li key={`${p.path}-${p.message}`}>
              <code>{p.path.replace(/^body\.|^yaml\.?/, '') || 'yaml'}</code>: {p.message}
            </li>
          ))}
        </ul>
      ) : null}
      {isAdmin ? (
        <div className="actions">
          <button type="button" className="button" onClick={() => importIt(true)} disabled={busy || !yaml}>
            Check (dry run)
          </button>
          <button
            type="button"
            className="button button-primary"
            onClick={() => importIt(false)}
            disabled={busy || !yaml}
          >
            Import
          </button>
        </div>
      ) : null}
    </section>
  );
}
