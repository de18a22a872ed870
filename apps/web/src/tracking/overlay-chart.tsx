import { endpoints, type Project } from '@baton/contracts';
import { useState } from 'react';
import { useSignedIn } from '../session/session-context.tsx';
import { ErrorNotice, Loading } from '../ui/error-notice.tsx';
import { useResource } from '../ui/use-resource.ts';
import { runColor } from './compare-colors.ts';
import type { ChartPoint } from './metric-chart.tsx';

const MAX_POINTS = 400;
const WIDTH = 640;
const HEIGHT = 260;
const PAD = 60;

export interface ComparedRun {
  id: string;
  name: string;
}

interface Series {
  run: ComparedRun;
  points: ChartPoint[];
  total: number;
}

/**
 * One metric of several runs in one chart: each series downsampled on the server (LTTB), so a
 * run with a million points costs no more than one with a hundred. Hover shows every run's
 * stored value at the nearest step.
 */
export function OverlayChart({
  project,
  runs,
  metric,
}: {
  project: Project;
  runs: ComparedRun[];
  metric: string;
}) {
  const { api } = useSignedIn();
  const [hoverStep, setHoverStep] = useState<number | null>(null);
  const loaded = useResource(
    async () => ({
      metric,
      series: await Promise.all(
        runs.map(async (run): Promise<Series> => {
          const h = await api.call(endpoints.getMetricHistory, {
            params: { project: project.slug, run: run.id, key: metric },
            query: { maxPoints: MAX_POINTS },
          });
          return { run, points: h.points, total: h.total };
        }),
      ),
    }),
    [api, project.slug, runs.map((r) => r.id).join(','), metric],
  );
  if (loaded.error) return <ErrorNotice error={loaded.error} title={`${metric} could not be loaded.`} />;
  // The previous metric's curves stay loaded while the next one loads: never show them under its name.
  if (!loaded.data || loaded.data.metric !== metric) return <Loading what={metric} />;
  const series = { data: loaded.data.series };
  const all = series.data.flatMap((s) => s.points);
  const finite = all.flatMap((p) =>
    typeof p.value === 'number' && Number.isFinite(p.value) ? [p.value] : [],
  );
  const steps = all.map((p) => p.step);
  const minX = steps.length ? Math.min(...steps) : 0;
  const maxX = steps.length ? Math.max(...steps) : 1;
  const minY = finite.length ? Math.min(...finite) : 0;
  const maxY = finite.length ? Math.max(...finite) : 1;
  const sx = (x: number) => PAD + ((x - minX) / (maxX - minX || 1)) * (WIDTH - 2 * PAD);
  const sy = (y: number) => HEIGHT - PAD - ((y - minY) / (maxY - minY || 1)) * (HEIGHT - 2 * PAD);
  const nearest = (points: ChartPoint[], step: number) => {
    let best: ChartPoint | undefined;
    for (const p of points) if (!best || Math.abs(p.step - step) < Math.abs(best.step - step)) best = p;
    return best;
  };
  return (
    <figure style={{ margin: 0 }}>
      <figcaption>
        <strong>{metric}</strong>{' '}
        <span className="muted">
          {series.data
            .map(
              (s) =>
                `${s.run.name}: ${s.points.length < s.total ? `${s.points.length} of ${s.total}` : s.total} points`,
            )
            .join(' · ')}
        </span>
      </figcaption>
      <svg
        width={WIDTH}
        height={HEIGHT}
        role="img"
        aria-label={`Chart of ${metric} for ${runs.length} runs`}
        onMouseMove={(e) => {
          const box = e.currentTarget.getBoundingClientRect();
          setHoverStep(minX + ((e.clientX - box.left - PAD) / (WIDTH - 2 * PAD)) * (maxX - minX));
        }}
        onMouseLeave={() => setHoverStep(null)}
      >
        <line x1={PAD} y1={HEIGHT - PAD} x2={WIDTH - PAD} y2={HEIGHT - PAD} stroke="#999" />
        <line x1={PAD} y1={PAD} x2={PAD} y2={HEIGHT - PAD} stroke="#999" />
        {series.data.map((s, i) => (
          <path
            key={s.run.id}
            data-run={s.run.name}
            d={s.points
              .filter(
                (p): p is ChartPoint & { value: number } =>
                  typeof p.value === 'number' && Number.isFinite(p.value),
              )
              .map((p, j) => `${j === 0 ? 'M' : 'L'}${sx(p.step).toFixed(1)},${sy(p.value).toFixed(1)}`)
              .join(' ')}
            fill="none"
            stroke={runColor(i)}
            strokeWidth={1.5}
          />
        ))}
        <text x={PAD - 4} y={PAD + 4} fontSize={10} textAnchor="end">
          {Number(maxY.toPrecision(4))}
        </text>
        <text x={PAD - 4} y={HEIGHT - PAD} fontSize={10} textAnchor="end">
          {Number(minY.toPrecision(4))}
        </text>
        <text x={WIDTH - PAD} y={HEIGHT - 10} fontSize={10} textAnchor="end">
          step {maxX}
        </text>
      </svg>
      <ul
        aria-label={`Legend of ${metric}`}
        style={{ listStyle: 'none', padding: 0, display: 'flex', gap: 12 }}
      >
        {series.data.map((s, i) => {
          const p = hoverStep === null ? undefined : nearest(s.points, hoverStep);
          return (
            <li key={s.run.id}>
              <span style={{ color: runColor(i) }}>■</span> {s.run.name}
              {p ? `: ${String(p.value)} at step ${p.step}` : ''}
            </li>
          );
        })}
      </ul>
    </figure>
  );
}
