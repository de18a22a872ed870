import { endpoints, type ModelVersion, type Project, type PromotionPolicyView } from '@baton/contracts';
import { useState } from 'react';
import { type ApiError, asApiError } from '../api/api-error.ts';
import { useSignedIn } from '../session/session-context.tsx';
import { ErrorNotice, SuccessNotice } from '../ui/error-notice.tsx';
import { useResource } from '../ui/use-resource.ts';

interface GatePanelProps {
  project: Project;
  model: string;
  alias: string;
  version: ModelVersion;
  policy: PromotionPolicyView | undefined;
  onMoved: () => void;
}

/**
 * The gates of moving `alias` to `version`: each gate passed or failed with its reason, the
 * approvals so far, and the buttons the person's roles allow: promote (model.promote),
 * approve and reject (a role the policy names, never on one's own version), revoke.
 */
export function GatePanel({ project, model, alias, version, policy, onMoved }: GatePanelProps) {
  const { api, me } = useSignedIn();
  const [comment, setComment] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError>();
  const [done, setDone] = useState<string>();
  const params = { project: project.slug, model, version: String(version.version) };
  const gates = useResource(
    () =>
      api.call(endpoints.evaluateModelGates, {
        params: { project: project.slug, model, alias },
        query: { version: String(version.version) },
      }),
    [api, project.slug, model, alias, version.version, done],
  );
  const approvals = useResource(
    () => api.call(endpoints.listModelApprovals, { params, query: { alias } }),
    [api, project.slug, model, alias, version.version, done],
  );
  const can = (p: string) => project.myPermissions.includes(p as never);
  const named = policy?.policy.approvals.map((a) => a.role) ?? [];
  const myRoles = project.myRoles.filter((r) => named.includes(r));
  const isAuthor = version.createdBy === me.user.username;
  const mayDecide = can('model.approve') && myRoles.length > 0 && !isAuthor;

  const act = async (what: string, fn: () => Promise<unknown>) => {
    setError(undefined);
    setDone(undefined);
    try {
      await fn();
      setDone(what);
      onMoved();
    } catch (failure) {
      setError(asApiError(failure));
    }
  };
  const decide = (decision: 'approve' | 'reject') =>
    act(decision === 'approve' ? 'Approved.' : 'Rejected.', () =>
      api.call(endpoints.decideModelApproval, {
        params,
        body: { alias, decision, role: myRoles[0], ...(comment ? { comment } : {}) },
      }),
    );

  return (
    <section className="gate-panel" aria-label={`Gates of @${alias} for v${version.version}`}>
      <h4>
        Gates of @{alias} for v{version.version}
      </h4>
      <ErrorNotice error={gates.error} />
      {gates.data && !gates.data.hasPolicy ? (
        <p className="muted">No policy: nothing gates this alias.</p>
      ) : null}
      {gates.data?.hasPolicy ? (
        <ul className="gates" aria-label="Gate status">
          {gates.data.gates.map((g) => (
            <li key={g.gate} className={g.passed ? 'gate-pass' : 'gate-fail'}>
              <span className={`badge ${g.passed ? 'status-succeeded' : 'status-failed'}`}>
                {g.passed ? 'pass' : 'fail'}
              </span>{' '}
              <code>{g.gate}</code> {g.reason}
            </li>
          ))}
        </ul>
      ) : null}
      {approvals.data && approvals.data.items.length > 0 ? (
        <ul aria-label="Approvals">
          {approvals.data.items.map((a) => (
            <li key={a.id} className={a.revokedAt ? 'muted' : ''}>
              {a.decision === 'approve' ? 'Approved' : 'Rejected'} by {a.approver} as {a.role}
              {a.comment ? `: ${a.comment}` : ''}
              {a.revokedAt ? ` (revoked by ${a.revokedBy})` : null}
              {!a.revokedAt &&
              can('model.approve') &&
              (a.approver === me.user.username || can('gate.manage')) ? (
                <button
                  type="button"
                  className="button button-danger-quiet"
                  onClick={() =>
                    act('Revoked.', () =>
                      api.call(endpoints.revokeModelApproval, { params: { ...params, approval: a.id } }),
                    )
                  }
                >
                  Revoke
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {mayDecide ? (
        <div className="actions">
          <label className="field">
            <span>Comment</span>
            <input value={comment} onChange={(e) => setComment(e.target.value)} />
          </label>
          <button type="button" className="button button-primary" onClick={() => decide('approve')}>
            Approve as {myRoles[0]}
          </button>
          <button type="button" className="button button-danger" onClick={() => decide('reject')}>
            Reject
          </button>
        </div>
      ) : null}
      {isAuthor && can('model.approve') ? (
        <p className="hint">You authored this version, so you cannot approve it.</p>
      ) : null}
      {can('model.promote') ? (
        <div className="actions">
          <label className="field">
            <span>Reason</span>
            <input value={reason} onChange={(e) => setReason(e.target.value)} />
          </label>
          <button
            type="button"
            className="button button-primary"
            onClick={() =>
              act(`@${alias} now points to v${version.version}.`, () =>
                api.call(endpoints.promoteModelAlias, {
                  params: { project: project.slug, model, alias },
                  body: { version: version.version, ...(reason ? { reason } : {}) },
                }),
              )
            }
          >
            Promote v{version.version} to @{alias}
          </button>
        </div>
      ) : null}
      <ErrorNotice error={error} />
      {error?.code === 'gates_failed' ? (
        <ul aria-label="Failing gates">
          {error.fieldErrors.map((f) => (
            <li key={f.path}>
              <code>{f.path}</code> {f.message}
            </li>
          ))}
        </ul>
      ) : null}
      <SuccessNotice message={done} />
    </section>
  );
}
