// A small time-series chart in plain SVG: stacked bars or a line, a round axis top, a hover readout.
import { useState, type PointerEvent } from 'react';
import { areaPath, barSlots, linePath, nearestIndex, niceCeiling, scalePoints, segments } from '../lib/charts';

export interface Series {
  label: string;
  values: (number | null)[];
  tone: 'success' | 'danger' | 'info' | 'warning';
}

const HEIGHT = 120;
const WIDTH = 600;

function timeLabel(iso: string, bucketMinutes: number): string {
  if (!iso) return '';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  return bucketMinutes >= 60
    ? at.toLocaleString(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit' })
    : at.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

export function TimeChart({
  title,
  times,
  series,
  kind,
  bucketMinutes,
  format = (v) => String(Math.round(v * 10) / 10),
}: {
  title: string;
  times: string[];
  series: Series[];
  kind: 'bars' | 'line';
  bucketMinutes: number;
  format?: (value: number) => string;
}) {
  const [hover, setHover] = useState<number | null>(null);
  const box = { width: WIDTH, height: HEIGHT };
  const totals = times.map((_, i) =>
    kind === 'bars'
      ? series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0)
      : Math.max(0, ...series.map((s) => s.values[i] ?? 0)),
  );
  const top = niceCeiling(Math.max(0, ...totals));
  const slots = barSlots(times.length, WIDTH);

  const onMove = (event: PointerEvent<SVGSVGElement>): void => {
    const rect = event.currentTarget.getBoundingClientRect();
    const x = ((event.clientX - rect.left) / Math.max(1, rect.width)) * WIDTH;
    setHover(nearestIndex(x, times.length, WIDTH));
  };

  return (
    <figure className="chart" aria-label={title}>
      <figcaption className="chart__head">
        <span className="chart__title">{title}</span>
        <span className="chart__legend">
          {series.map((s) => (
            <span key={s.label} className={`chart__key chart__key--${s.tone}`}>
              {s.label}
              {hover !== null ? `: ${format(s.values[hover] ?? 0)}` : ''}
            </span>
          ))}
          {hover !== null && times[hover] ? (
            <span className="muted small"> at {timeLabel(times[hover], bucketMinutes)}</span>
          ) : null}
        </span>
      </figcaption>
      <div className="chart__body">
        <span className="chart__axis">{format(top)}</span>
        <svg
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          preserveAspectRatio="none"
          className="chart__svg"
          role="img"
          aria-label={`${title} over time`}
          onPointerMove={onMove}
          onPointerLeave={() => setHover(null)}
        >
          <line x1={0} x2={WIDTH} y1={HEIGHT - 0.5} y2={HEIGHT - 0.5} className="chart__grid" />
          <line x1={0} x2={WIDTH} y1={HEIGHT / 2} y2={HEIGHT / 2} className="chart__grid chart__grid--mid" />
          {kind === 'bars'
            ? times.map((time, i) => {
                let base = HEIGHT;
                return (
                  <g key={time}>
                    {series.map((s) => {
                      const value = s.values[i] ?? 0;
                      const slot = slots[i];
                      if (value <= 0 || !slot) return null;
                      const h = (Math.min(value, top) / top) * HEIGHT;
                      base -= h;
                      return (
                        <rect
                          key={s.label}
                          x={slot.x}
                          y={base}
                          width={slot.width}
                          height={h}
                          className={`chart__bar chart__bar--${s.tone}`}
                        />
                      );
                    })}
                  </g>
                );
              })
            : series.map((s) => {
                // Points without a value (no run finished) are gaps, not zeros.
                const points = scalePoints(s.values, box, top);
                return (
                  <g key={s.label}>
                    {segments(s.values).map((indexes) => {
                      const part = indexes.map((k) => points[k]).filter((p): p is [number, number] => p !== undefined);
                      const only = part.length === 1 ? part[0] : undefined;
                      return (
                        <g key={indexes[0]}>
                          <path d={areaPath(part, HEIGHT)} className={`chart__area chart__area--${s.tone}`} />
                          <path d={linePath(part)} className={`chart__line chart__line--${s.tone}`} />
                          {only ? (
                            <line
                              x1={only[0]}
                              x2={only[0]}
                              y1={only[1]}
                              y2={HEIGHT}
                              className={`chart__line chart__line--${s.tone} chart__stem`}
                            />
                          ) : null}
                        </g>
                      );
                    })}
                  </g>
                );
              })}
          {hover !== null ? (
            <line
              x1={times.length > 1 ? (hover * WIDTH) / (times.length - 1) : WIDTH / 2}
              x2={times.length > 1 ? (hover * WIDTH) / (times.length - 1) : WIDTH / 2}
              y1={0}
              y2={HEIGHT}
              className="chart__cursor"
            />
          ) : null}
        </svg>
        <span className="chart__axis chart__axis--bottom">0</span>
      </div>
      <div className="chart__times muted small">
        <span>{timeLabel(times[0] ?? '', bucketMinutes)}</span>
        <span>{timeLabel(times[times.length - 1] ?? '', bucketMinutes)}</span>
      </div>
    </figure>
  );
}
