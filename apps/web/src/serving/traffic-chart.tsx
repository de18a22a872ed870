import type { DeploymentStats } from '@baton/contracts';

type Point = DeploymentStats['series'][number];

/** One minute of one measure per second, as a small line chart (gaps where nothing was served). */
export function TrafficChart({
  title,
  points,
  value,
  unit,
}: {
  title: string;
  points: Point[];
  value: (p: Point) => number | null;
  unit: string;
}) {
  const width = 360;
  const height = 120;
  const pad = 26;
  const values = points.map(value);
  const max = Math.max(1e-9, ...values.map((v) => v ?? 0));
  const sx = (i: number) => pad + (i / Math.max(1, points.length - 1)) * (width - 2 * pad);
  const sy = (v: number) => height - pad - (v / max) * (height - 2 * pad);
  let path = '';
  values.forEach((v, i) => {
    if (v === null) return;
    path += `${path && values[i - 1] !== null ? 'L' : 'M'}${sx(i).toFixed(1)},${sy(v).toFixed(1)} `;
  });
  const last = [...values].reverse().find((v) => v !== null) ?? null;
  return (
    <figure style={{ margin: 0 }}>
      <figcaption>
        <strong>{title}</strong>{' '}
        <span className="muted" data-testid={`${title}-now`}>
          {last === null ? 'no traffic' : `${Number(last.toPrecision(3))} ${unit}`}
        </span>
      </figcaption>
      <svg width={width} height={height} role="img" aria-label={`${title} over the last minute`}>
        <line x1={pad} y1={height - pad} x2={width - pad} y2={height - pad} stroke="#999" />
        <line x1={pad} y1={pad} x2={pad} y2={height - pad} stroke="#999" />
        <text x={2} y={pad} fontSize="10">
          {max < 1e-6 ? 0 : Number(max.toPrecision(3))}
        </text>
        <text x={width - pad - 30} y={height - 8} fontSize="10">
          now
        </text>
        <path d={path} fill="none" stroke="#2563eb" strokeWidth={1.5} />
      </svg>
    </figure>
  );
}
