// Scaling for the dashboard's hand-drawn SVG charts: a round top for the axis and points in pixels.

/** The smallest "round" number (1, 2, 2.5, 5 × 10^n) at or above `value`; 1 for an empty chart. */
export function niceCeiling(value: number): number {
  if (!Number.isFinite(value) || value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * power >= value - 1e-9) return step * power;
  }
  return 10 * power;
}

export interface ChartBox {
  width: number;
  height: number;
}

/** x, y in pixels for each value, left to right, 0 at the bottom and `top` at the top. */
export function scalePoints(values: (number | null)[], box: ChartBox, top: number): [number, number][] {
  const n = values.length;
  const step = n > 1 ? box.width / (n - 1) : 0;
  const ceiling = top > 0 ? top : 1;
  return values.map((value, index) => {
    const v = value ?? 0;
    const y = box.height - (Math.min(Math.max(v, 0), ceiling) / ceiling) * box.height;
    return [n > 1 ? index * step : box.width / 2, round(y)];
  });
}

/** An SVG path through the points ("M x y L x y …"); empty without points. */
export function linePath(points: [number, number][]): string {
  return points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${round(x)} ${round(y)}`).join(' ');
}

/** Runs of consecutive indexes whose value is known: a line is drawn per run, gaps stay empty. */
export function segments(values: (number | null)[]): number[][] {
  const found: number[][] = [];
  let current: number[] = [];
  values.forEach((value, index) => {
    if (value === null || !Number.isFinite(value)) {
      if (current.length) found.push(current);
      current = [];
    } else {
      current.push(index);
    }
  });
  if (current.length) found.push(current);
  return found;
}

/** The same line closed down to the bottom edge, for a filled area. */
export function areaPath(points: [number, number][], height: number): string {
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last) return '';
  return `${linePath(points)} L${round(last[0])} ${height} L${round(first[0])} ${height} Z`;
}

/** Bars of equal width with a small gap: x and width of each. */
export function barSlots(count: number, width: number, gap = 1): { x: number; width: number }[] {
  if (count <= 0) return [];
  const slot = width / count;
  const barWidth = Math.max(1, slot - gap);
  return Array.from({ length: count }, (_, i) => ({ x: round(i * slot), width: round(barWidth) }));
}

/** Index of the point nearest to a pointer at `x` pixels. */
export function nearestIndex(x: number, count: number, width: number): number {
  if (count <= 1) return 0;
  const step = width / (count - 1);
  return Math.min(count - 1, Math.max(0, Math.round(x / step)));
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
