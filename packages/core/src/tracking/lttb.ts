/**
 * Largest-Triangle-Three-Buckets downsampling (Steinarsson 2013): keeps the first and last
 * points and, from each bucket between, the point that forms the largest triangle with the
 * previous kept point and the next bucket's mean. Non-finite values are kept as they come
 * (a NaN or infinite point is always worth showing) and do not count towards the area.
 */
export function lttb<T>(points: T[], threshold: number, x: (p: T) => number, y: (p: T) => number): T[] {
  if (threshold >= points.length || threshold < 3) return points;
  const out: T[] = [points[0]!];
  const every = (points.length - 2) / (threshold - 2);
  let a = 0;
  for (let i = 0; i < threshold - 2; i++) {
    const nextStart = Math.floor((i + 1) * every) + 1;
    const nextEnd = Math.min(Math.floor((i + 2) * every) + 1, points.length);
    let avgX = 0;
    let avgY = 0;
    let n = 0;
    for (let j = nextStart; j < nextEnd; j++) {
      const v = y(points[j]!);
      if (!Number.isFinite(v)) continue;
      avgX += x(points[j]!);
      avgY += v;
      n++;
    }
    if (n > 0) {
      avgX /= n;
      avgY /= n;
    }
    const start = Math.floor(i * every) + 1;
    const end = Math.floor((i + 1) * every) + 1;
    const pa = points[a]!;
    const ax = x(pa);
    const ay = Number.isFinite(y(pa)) ? y(pa) : avgY;
    let best = start;
    let bestArea = -1;
    for (let j = start; j < end; j++) {
      const v = y(points[j]!);
      const area = Number.isFinite(v)
        ? Math.abs((ax - avgX) * (v - ay) - (ax - x(points[j]!)) * (avgY - ay))
        : Number.POSITIVE_INFINITY;
      if (area > bestArea) {
        bestArea = area;
        best = j;
      }
    }
    out.push(points[best]!);
    a = best;
  }
  out.push(points[points.length - 1]!);
  return out;
}
