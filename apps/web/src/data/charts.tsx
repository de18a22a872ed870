import type { ColumnProfile, DatasetProfile } from '@baton/contracts';

const fmt = (n: number) =>
  Math.abs(n) >= 1000 || Number.isInteger(n) ? String(Math.round(n * 100) / 100) : n.toPrecision(3);

/** A numeric column's histogram as bars (numpy's equal-width bins). */
export function Histogram({ column }: { column: ColumnProfile }) {
  const h = column.histogram;
  if (!h) return null;
  const max = Math.max(1, ...h.counts);
  const width = 240;
  const height = 60;
  const bar = width / h.counts.length;
  return (
    <svg width={width} height={height + 14} role="img" aria-label={`Histogram of ${column.name}`}>
      {h.counts.map((count, i) => {
        const barHeight = (count / max) * height;
        return (
          <rect
            // biome-ignore lint/suspicious/noArrayIndexKey: bins are positional
            key={i}
            x={i * bar + 1}
            y={height - barHeight}
            width={bar - 2}
            height={barHeight}
            fill="#4a6fa5"
          >
            <title>{`${fmt(h.edges[i] ?? 0)} to ${fmt(h.edges[i + 1] ?? 0)}: ${count}`}</title>
          </rect>
        );
      })}
      <text x={0} y={height + 12} fontSize={10}>
        {fmt(h.edges[0] ?? 0)}
      </text>
      <text x={width} y={height + 12} fontSize={10} textAnchor="end">
        {fmt(h.edges[h.edges.length - 1] ?? 0)}
      </text>
    </svg>
  );
}

/** Top values of a categorical column as horizontal bars. */
export function TopValues({ column }: { column: ColumnProfile }) {
  const top = column.topValues ?? [];
  const max = Math.max(1, ...top.map((t) => t.count));
  return (
    <ul
      style={{ listStyle: 'none', padding: 0, margin: 0, minWidth: 240 }}
      aria-label={`Top values of ${column.name}`}
    >
      {top.slice(0, 6).map((t) => (
        <li key={t.value} style={{ display: 'flex', gap: 6, alignItems: 'center', fontSize: 12 }}>
          <span style={{ width: 90, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
            {t.value}
          </span>
          <span style={{ background: '#4a6fa5', height: 10, width: `${(100 * t.count) / max}px` }} />
          <span className="muted">{t.count}</span>
        </li>
      ))}
    </ul>
  );
}

const colour = (r: number | null) => {
  if (r === null) return '#eee';
  const a = Math.min(1, Math.abs(r));
  return r >= 0 ? `rgba(196, 60, 60, ${a})` : `rgba(60, 90, 196, ${a})`;
};

/** Pearson correlations of the numeric columns as a heatmap (red positive, blue negative). */
export function CorrelationHeatmap({ correlations }: { correlations: DatasetProfile['correlations'] }) {
  const n = correlations.columns.length;
  if (n < 2) return <p className="muted">Fewer than two numeric columns: nothing to correlate.</p>;
  const cell = Math.max(8, Math.min(28, Math.floor(560 / n)));
  const label = 120;
  return (
    <svg width={label + n * cell} height={label + n * cell} role="img" aria-label="Correlation heatmap">
      {correlations.columns.map((name, i) => (
        <g key={name}>
          <text
            x={label - 4}
            y={label + i * cell + cell * 0.7}
            fontSize={Math.min(11, cell)}
            textAnchor="end"
          >
            {name.slice(0, 18)}
          </text>
          <text
            transform={`translate(${label + i * cell + cell * 0.7}, ${label - 4}) rotate(-60)`}
            fontSize={Math.min(11, cell)}
          >
            {name.slice(0, 18)}
          </text>
          {correlations.columns.map((other, j) => {
            const r = correlations.matrix[i]?.[j] ?? null;
            return (
              <rect
                key={other}
                x={label + j * cell}
                y={label + i * cell}
                width={cell - 1}
                height={cell - 1}
                fill={colour(r)}
              >
                <title>{`${name} ~ ${other}: ${r === null ? 'n/a' : r.toFixed(3)}`}</title>
              </rect>
            );
          })}
        </g>
      ))}
    </svg>
  );
}
