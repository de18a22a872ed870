/** One colour per compared run, the same in every chart and table of the compare view. */
export const RUN_COLORS = [
  '#4a6fa5',
  '#c0392b',
  '#2e8b57',
  '#d68910',
  '#7d3c98',
  '#17a2b8',
  '#6d4c41',
  '#e91e63',
];

export const runColor = (index: number): string => RUN_COLORS[index % RUN_COLORS.length]!;

/** A metric or param value as a number, or null when it is not one (NaN, text, missing). */
export function numeric(value: number | string | undefined): number | null {
  if (value === undefined || value === '') return null;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

export const formatValue = (v: number | string | undefined): string =>
  v === undefined ? '' : typeof v === 'number' ? String(Number(v.toPrecision(6))) : v;
