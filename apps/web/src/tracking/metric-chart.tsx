import { useState } from 'react';

export interface ChartPoint {
  step: number;
  value: number | string;
  timestamp: number;
}

const fmt = (v: number) =>
  Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0)
    ? v.toExponential(3)
    : String(Number(v.toPrecision(5)));

/**
 * A metric series as a line (already downsampled on the server with LTTB, so the points are
 * few and the shape is kept); hovering shows the exact stored value of the nearest point.
 * NaN and infinite points are marked below the axis, not drawn into the line.
 */
export function MetricChart({ name, points, total }: { name: string; points: ChartPoint[]; total: number }) {
  const [hover, setHover] = useState<ChartPoint | null>(null);
  const width = 420;
  const height = 160;
  const pad = 30;
  const finite = points.filter((p): p is ChartPoint & { value: number } => typeof p.value === 'number');
  if (points.length === 0) return <p className="muted">No points for {name}.</p>;
  const xs = points.map((p) => p.step);
  const minX = Math.min(...xs);
  const maxX = Math.max(...xs);
  const ys = finite.map((p) => p.value);
  const minY = ys.length ? Math.min(...ys) : 0;
  const maxY = ys.length ? Math.max(...ys) : 1;
  const sx = (x: number) => pad + ((x - minX) / (maxX - minX || 1)) * (width - 2 * pad);
  const sy = (y: number) => height - pad - ((y - minY) / (maxY - minY || 1)) * (height - 2 * pad);
  const path = finite
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${sx(p.step).toFixed(1)},${sy(p.value).toFixed(1)}`)
    .join(' ');
  return (
    <figure style={{ margin: 0 }}>
      <figcaption>
        <strong>{name}</strong>{' '}
        <span className="muted">
          {points.length < total ? `${points.length} of ${total} points (LTTB)` : `${total} points`}
        </span>
      </figcaption>
      <svg
        width={width}
        height={height}
        role="img"
        aria-label={`Chart of ${name}`}
        onMouseMove={(e) => {
          const box = e.currentTarget.getBoundingClientRect();
          const step = minX + ((e.clientX - box.left - pad) / (width - 2 * pad)) * (maxX - minX);
          let best = points[0] ?? null;
          for (const p of points) if (best && Math.abs(p.step - step) < Math.abs(best.step - step)) best = p;
          setHover(best);
        }}
        onMouseLeave={() => setHover(null)}
      >
        <line x1={pad} y1={height - pad} x2={width - pad} y2={height - pad} stroke="#999" />
        <line x1={pad} y1={pad} x2={pad} y2={height - pad} stroke="#999" />
        <path d={path} fill="none" stroke="#4a6fa5" strokeWidth={1.5} />
        {points
          .filter((p) => typeof p.value !== 'number')
          .map((p) => (
            <text
              key={`${p.step}-${p.timestamp}`}
              x={sx(p.step)}
              y={height - pad + 12}
              fontSize={9}
              fill="#b02a2a"
              textAnchor="middle"
            >
              {String(p.value)}
            </text>
          ))}
        <text x={pad - 4} y={pad + 4} fontSize={10} textAnchor="end">
          {fmt(maxY)}
        </text>
        <text x={pad - 4} y={height - pad} fontSize={10} textAnchor="end">
          {fmt(minY)}
        </text>
        <text x={width - pad} y={height - 8} fontSize={10} textAnchor="end">
          step {maxX}
        </text>
        {hover && typeof hover.value === 'number' ? (
          <circle cx={sx(hover.step)} cy={sy(hover.value)} r={3} fill="#b02a2a" />
        ) : null}
      </svg>
      <div aria-live="polite" className="muted" style={{ minHeight: 18 }}>
        {hover
          ? `step ${hover.step}: ${typeof hover.value === 'number' ? hover.value : hover.value} at ${new Date(hover.timestamp).toISOString()}`
          : ''}
      </div>
    </figure>
  );
}
