export interface Curve {
  label: string;
  x: readonly (number | null)[];
  y: readonly (number | null)[];
  colour?: string;
}

const COLOURS = ['#4a6fa5', '#c05a2a', '#3a8a4a', '#8a3a8a', '#a08a2a'];
const tick = (v: number) => String(Number(v.toPrecision(3)));

/**
 * Lines on shared axes (ROC, precision-recall, calibration, loss curves), with an optional
 * diagonal for reference. Points with a missing coordinate are skipped.
 */
export function CurveChart({
  title,
  curves,
  xLabel,
  yLabel,
  diagonal = false,
  unit = false,
}: {
  title: string;
  curves: readonly Curve[];
  xLabel: string;
  yLabel: string;
  diagonal?: boolean;
  /** Both axes span [0, 1]. */
  unit?: boolean;
}) {
  const width = 320;
  const height = 240;
  const pad = 36;
  const points = curves.flatMap((c) =>
    c.x.flatMap((x, i) => {
      const y = c.y[i];
      return x === null || y === null || y === undefined ? [] : [[x, y] as const];
    }),
  );
  if (points.length === 0) return <p className="muted">No points for {title}.</p>;
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const [minX, maxX] = unit ? [0, 1] : [Math.min(...xs), Math.max(...xs)];
  const [minY, maxY] = unit ? [0, 1] : [Math.min(...ys), Math.max(...ys)];
  const sx = (x: number) => pad + ((x - minX) / (maxX - minX || 1)) * (width - 2 * pad);
  const sy = (y: number) => height - pad - ((y - minY) / (maxY - minY || 1)) * (height - 2 * pad);
  return (
    <figure style={{ margin: 0 }}>
      <figcaption>
        <strong>{title}</strong>
      </figcaption>
      <svg width={width} height={height} role="img" aria-label={title}>
        <line x1={pad} y1={height - pad} x2={width - pad} y2={height - pad} stroke="#999" />
        <line x1={pad} y1={pad} x2={pad} y2={height - pad} stroke="#999" />
        {diagonal ? (
          <line x1={sx(minX)} y1={sy(minY)} x2={sx(maxX)} y2={sy(maxY)} stroke="#ccc" strokeDasharray="4 4" />
        ) : null}
        {curves.map((c, k) => {
          const d = c.x
            .flatMap((x, i) => {
              const y = c.y[i];
              return x === null || y === null || y === undefined
                ? []
                : [`${sx(x).toFixed(1)},${sy(y).toFixed(1)}`];
            })
            .map((p, i) => `${i === 0 ? 'M' : 'L'}${p}`)
            .join(' ');
          return (
            <path
              key={c.label}
              d={d}
              fill="none"
              stroke={c.colour ?? COLOURS[k % COLOURS.length]}
              strokeWidth={1.5}
            >
              <title>{c.label}</title>
            </path>
          );
        })}
        <text x={pad - 4} y={pad + 4} fontSize={10} textAnchor="end">
          {tick(maxY)}
        </text>
        <text x={pad - 4} y={height - pad} fontSize={10} textAnchor="end">
          {tick(minY)}
        </text>
        <text x={width - pad} y={height - pad + 14} fontSize={10} textAnchor="end">
          {tick(maxX)}
        </text>
        <text x={width / 2} y={height - 6} fontSize={10} textAnchor="middle">
          {xLabel}
        </text>
        <text transform={`translate(10, ${height / 2}) rotate(-90)`} fontSize={10} textAnchor="middle">
          {yLabel}
        </text>
      </svg>
      {curves.length > 1 ? (
        <div className="muted" style={{ fontSize: 12 }}>
          {curves.map((c, k) => (
            <span key={c.label} style={{ color: c.colour ?? COLOURS[k % COLOURS.length], marginRight: 8 }}>
              ■ {c.label}
            </span>
          ))}
        </div>
      ) : null}
    </figure>
  );
}
