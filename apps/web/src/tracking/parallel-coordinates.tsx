import { numeric, runColor } from './compare-colors.ts';

export interface Axis {
  /** `metric:auc` or `param:lr`. */
  id: string;
  label: string;
  /** The value of each run on this axis, in run order. */
  values: (number | string | undefined)[];
}

interface Scale {
  position(value: number | string | undefined): number | null;
  ticks: { at: number; text: string }[];
}

const HEIGHT = 280;
const TOP = 30;
const BOTTOM = 30;

/** Numbers scale linearly between their min and max; anything else is a category, evenly spaced. */
function scaleOf(values: (number | string | undefined)[]): Scale {
  const span = HEIGHT - TOP - BOTTOM;
  const present = values.filter((v) => v !== undefined && v !== '');
  const numbers = present.map(numeric);
  if (present.length > 0 && numbers.every((n) => n !== null)) {
    const ns = numbers as number[];
    const min = Math.min(...ns);
    const max = Math.max(...ns);
    const at = (n: number) => TOP + span - ((n - min) / (max - min || 1)) * span;
    return {
      position: (v) => {
        const n = numeric(v);
        return n === null ? null : at(n);
      },
      ticks: [
        { at: at(max), text: String(Number(max.toPrecision(4))) },
        { at: at(min), text: String(Number(min.toPrecision(4))) },
      ],
    };
  }
  const categories = [...new Set(present.map(String))].sort();
  const at = (i: number) => TOP + (categories.length === 1 ? span / 2 : (i / (categories.length - 1)) * span);
  return {
    position: (v) => {
      const i = v === undefined ? -1 : categories.indexOf(String(v));
      return i < 0 ? null : at(i);
    },
    ticks: categories.map((c, i) => ({ at: at(i), text: c })),
  };
}

/**
 * Parallel coordinates: one vertical axis per chosen param or metric, one line per run
 * through its values. A run without a value on an axis breaks its line there.
 */
export function ParallelCoordinates({ runs, axes }: { runs: { id: string; name: string }[]; axes: Axis[] }) {
  if (axes.length < 2)
    return <p className="muted">Choose at least two params or metrics to draw parallel coordinates.</p>;
  const gap = 150;
  const width = 160 + gap * (axes.length - 1);
  const xs = axes.map((_, i) => 80 + i * gap);
  const scales = axes.map((a) => scaleOf(a.values));
  return (
    <svg width={width} height={HEIGHT} role="img" aria-label="Parallel coordinates">
      {axes.map((axis, i) => (
        <g key={axis.id} data-axis={axis.label}>
          <line x1={xs[i]} y1={TOP} x2={xs[i]} y2={HEIGHT - BOTTOM} stroke="#999" />
          <text x={xs[i]} y={TOP - 12} fontSize={11} textAnchor="middle" fontWeight="bold">
            {axis.label}
          </text>
          {scales[i]!.ticks.map((t) => (
            <text key={`${t.text}-${t.at}`} x={xs[i]! + 4} y={t.at + 3} fontSize={9} fill="#555">
              {t.text}
            </text>
          ))}
        </g>
      ))}
      {runs.map((run, r) => {
        const segments: string[] = [];
        let pen = 'M';
        axes.forEach((axis, i) => {
          const y = scales[i]!.position(axis.values[r]);
          if (y === null) {
            pen = 'M';
            return;
          }
          segments.push(`${pen}${xs[i]},${y.toFixed(1)}`);
          pen = 'L';
        });
        return (
          <path
            key={run.id}
            data-run={run.name}
            d={segments.join(' ')}
            fill="none"
            stroke={runColor(r)}
            strokeWidth={2}
            opacity={0.85}
          >
            <title>{run.name}</title>
          </path>
        );
      })}
    </svg>
  );
}
