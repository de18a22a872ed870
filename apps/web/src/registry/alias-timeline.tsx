import type { AliasMove } from '@baton/contracts';

const when = (t: number) => new Date(t).toISOString().slice(0, 16).replace('T', ' ');
const v = (n: number | null) => (n === null ? '-' : `v${n}`);

/** Every alias move, newest first: who, when, from, to, why, and the gates it passed. */
export function AliasTimeline({ moves }: { moves: AliasMove[] }) {
  if (moves.length === 0) return <p className="muted">No alias has moved yet.</p>;
  return (
    <ol className="timeline" aria-label="Alias history">
      {moves.map((m) => (
        <li key={m.id} className="timeline-item">
          <span className="nowrap muted">{when(m.createdAt)}</span> <strong>@{m.alias}</strong>{' '}
          {v(m.fromVersion)} → {v(m.toVersion)} <span className={`badge move-${m.kind}`}>{m.kind}</span> by{' '}
          {m.actor}
          {m.reason ? <span> — {m.reason}</span> : null}
          {m.gateReport ? <span className="muted"> ({m.gateReport.gates.length} gates passed)</span> : null}
        </li>
      ))}
    </ol>
  );
}
