// Small SVG charts: a cumulative series over dates, drawn as the band between what surely
// happened (certain) and what may have (possible), with its own axis so that counts of teams
// and billions of exports can sit side by side.
import { number } from '../format.js';

const W = 320;
const H = 170;
const M = { l: 44, r: 12, t: 12, b: 28 };

function ticks(max) {
  if (max <= 0) return [0];
  const step = 10 ** Math.floor(Math.log10(max));
  const unit = max / step > 5 ? step * 2 : max / step > 2 ? step : step / 2;
  const out = [];
  // Up to the first tick at or above the maximum, so that the axis covers every value.
  for (let v = 0; out.length === 0 || out[out.length - 1] < max - 1e-9; v += unit) out.push(v);
  return out;
}

function short(v) {
  return new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 }).format(v);
}

// points: [{date, certain, possible}], dates ascending; marker: a date to mark.
export function BandChart({ title, points, marker, format = number }) {
  if (!points.length) return null;
  const max = Math.max(1, ...points.map((p) => p.possible));
  const t = ticks(max);
  const top = t[t.length - 1] || max;
  const x = (i) => M.l + ((W - M.l - M.r) * i) / Math.max(1, points.length - 1);
  const y = (v) => H - M.b - ((H - M.t - M.b) * v) / top;
  const upper = points.map((p, i) => `${x(i)},${y(p.possible)}`);
  const lower = points.map((p, i) => `${x(i)},${y(p.certain)}`).reverse();
  const line = points.map((p, i) => `${i ? 'L' : 'M'}${x(i)},${y(p.certain)}`).join('');
  const mi = marker ? points.findIndex((p) => p.date >= marker) : -1;
  const last = points[points.length - 1];
  const first = points[0];
  return (
    <figure class="chart">
      <figcaption>
        <strong>{title}</strong>
        <span class="chart-last">
          {last.date}: {last.certain === last.possible ? format(last.certain) : `${format(last.certain)}–${format(last.possible)}`}
        </span>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${title} from ${first.date} to ${last.date}`}>
        {t.map((v) => (
          <g key={v}>
            <line x1={M.l} x2={W - M.r} y1={y(v)} y2={y(v)} class="grid" />
            <text x={M.l - 6} y={y(v)} dy="0.32em" text-anchor="end" class="tick">
              {short(v)}
            </text>
          </g>
        ))}
        <polygon points={[...upper, ...lower].join(' ')} class="band" />
        <path d={line} class="line" />
        {mi >= 0 && <line x1={x(mi)} x2={x(mi)} y1={M.t} y2={H - M.b} class="marker" />}
        <text x={M.l} y={H - 8} class="tick">
          {first.date}
        </text>
        <text x={W - M.r} y={H - 8} text-anchor="end" class="tick">
          {last.date}
        </text>
      </svg>
    </figure>
  );
}

// Horizontal bars: [{label, value, href?}].
export function Bars({ title, rows, format = number }) {
  const max = Math.max(1, ...rows.map((r) => r.value));
  return (
    <figure class="bars">
      <figcaption>
        <strong>{title}</strong>
      </figcaption>
      <table>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label}>
              <th scope="row">{r.label}</th>
              <td>
                <span class="bar" style={{ width: `${(100 * r.value) / max}%` }} />
              </td>
              <td class="num">{format(r.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
